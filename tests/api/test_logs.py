"""What `hub serve` writes to its log (`api.logs.configure`, run in a fresh interpreter as the
server runs it): every line with a time and a level, uvicorn's lines and the hub's alike, as JSON
when asked, no driver warning per retried transaction nor error per dead pooled connection
(counted instead: the outage itself is one line, `graph.outages`), and no access line (the hub's own
request line says more)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

SCRIPT = """
import logging, sys
from api.logs import configure
configure(sys.argv[1])
logging.getLogger("uvicorn.error").info("Started server process",
                                       extra={"color_message": "coloured copy"})
logging.getLogger("hub.database").warning("database unavailable (ServiceUnavailable)")
logging.getLogger("neo4j").warning("Transaction failed and will be retried in 1.1s")
logging.getLogger("uvicorn.access").info('127.0.0.1:5000 - "POST /graphql HTTP/1.1" 200')
for port in (0xA604, 0xA606):  # the driver finds two pooled connections dead
    logging.getLogger("neo4j.io").error(
        "[#%04X]  _: <CONNECTION> error: %s: %r", port,
        "Failed to read from defunct connection IPv4Address(('127.0.0.1', 7687))",
        OSError("No data"))
logging.getLogger("hub.database").warning("database back after 31 s (400 failures)")
from graph.telemetry import CONNECTIONS_LOST
print(CONNECTIONS_LOST._value.get())
"""
EXPECTED = [("uvicorn.error", "info", "Started server process"),
            ("hub.database", "warning", "database unavailable (ServiceUnavailable)"),
            ("hub.database", "warning", "database back after 31 s (400 failures)")]


def served_log(log_format: str) -> list[str]:
    ran = subprocess.run([sys.executable, "-c", SCRIPT, log_format], capture_output=True,
                         text=True, check=True, timeout=60)
    # The lost connections were counted (hub_neo4j_connections_lost_total), not written.
    assert ran.stdout.split() == ["2.0"]
    return ran.stderr.splitlines()


def test_json_lines_carry_time_level_and_logger_and_no_driver_retries() -> None:
    lines = [json.loads(line) for line in served_log("json")]
    assert [(line["logger"], line["level"], line["event"]) for line in lines] == EXPECTED
    assert not any("color_message" in line for line in lines)  # uvicorn's coloured copy
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line["timestamp"]) for line in lines)


def test_console_lines_carry_time_and_level_and_no_driver_retries() -> None:
    lines = served_log("console")
    assert len(lines) == len(EXPECTED), lines
    for line, (logger, level, event) in zip(lines, EXPECTED, strict=True):
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line), line
        assert level in line
        assert logger in line
        assert event in line
