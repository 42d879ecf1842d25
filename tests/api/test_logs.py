"""What `hub serve` writes to its log: each hub line with a time and a level, no driver retries."""

from __future__ import annotations

import re
import subprocess
import sys

SCRIPT = """
import logging, logging.config
from cli.serve import log_config
logging.config.dictConfig(log_config())
logging.getLogger("hub.database").warning("database unavailable (ServiceUnavailable)")
logging.getLogger("neo4j").warning("Transaction failed and will be retried in 1.1s")
logging.getLogger("hub.database").warning("database back after 31 s (400 failures)")
"""


def test_the_served_log_has_a_time_and_level_on_each_line_and_no_driver_retries() -> None:
    ran = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         check=True, timeout=60)
    lines = ran.stderr.splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING hub.database: "
    assert len(lines) == 2, lines
    assert re.fullmatch(stamp + r"database unavailable \(ServiceUnavailable\)", lines[0])
    assert re.fullmatch(stamp + r"database back after 31 s \(400 failures\)", lines[1])
