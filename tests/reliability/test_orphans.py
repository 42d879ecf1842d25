"""A test run or benchmark that is killed does not leave its servers running.

The starter here is a real Python process that starts a server the way the fixtures do
(`Process.launch(..., tied=True)`) and is then SIGKILLed, as a CI timeout or `kill -9` ends a
test run: nothing of it runs afterwards, so only the watchdog can stop the server.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

from graph.settings import PROJECT_ROOT

STARTER = """
import sys, time
from pathlib import Path
from servers.process import Process
server = Process(Path(sys.argv[1]), "sleeper")
server.launch([sys.executable, "-c", "import time; time.sleep(600)"], lambda: True, 30,
              tied=True)
print(server.pid(), flush=True)
time.sleep(600)
"""


def test_a_server_stops_when_the_process_that_started_it_is_killed(tmp_path: Path) -> None:
    starter = subprocess.Popen([sys.executable, "-c", STARTER, str(tmp_path)],
                               stdout=subprocess.PIPE, cwd=PROJECT_ROOT)
    assert starter.stdout is not None
    server = int(starter.stdout.readline())
    # Held by a pidfd: readable once the server has ended, whoever reaps it.
    watched = os.pidfd_open(server)
    try:
        starter.send_signal(signal.SIGKILL)
        starter.wait()
        ended, _, _ = select.select([watched], [], [], 60)
        if not ended:
            signal.pidfd_send_signal(watched, signal.SIGKILL)
        assert ended, "the server outlived the process that started it"
    finally:
        os.close(watched)
