"""A local server process the project runs itself: started detached, found again by its pid
file, stopped gently, and asked whether it answers.

Neo4j and NATS are both run this way for `hub demo` and the tests, so that a newcomer needs no
Docker and no system service: one home folder per server holds its pid file, logs and data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class ServerError(RuntimeError):
    """A local server could not be fetched, started or stopped; the message says what to do."""


@dataclass
class Process:
    """The process of one local server, living under `home`."""

    home: Path
    name: str

    @property
    def pidfile(self) -> Path:
        return self.home / "run" / f"hub-{self.name}.pid"

    @property
    def console(self) -> Path:
        return self.home / "logs" / "console.log"

    def pid(self) -> int | None:
        try:
            pid = int(self.pidfile.read_text())
            os.kill(pid, 0)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return None
        return pid

    def launch(self, argv: Sequence[str], answers: Callable[[], bool], timeout: float,
               env: Mapping[str, str] | None = None) -> None:
        """Start `argv` in its own session (a Ctrl-C in the terminal that started it does not
        reach it) and wait until `answers()`; stop it and raise if it dies or stays silent."""
        for sub in ("run", "logs"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        with self.console.open("ab") as log:
            process = subprocess.Popen(list(argv), stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True,
                                       env=dict(env) if env is not None else None)
        self.pidfile.write_text(str(process.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ServerError(f"{self.name} exited with {process.returncode}; see "
                                  f"{self.console}")
            if answers():
                return
            time.sleep(0.1)
        self.stop()
        raise ServerError(f"{self.name} did not answer within {timeout:.0f} s; see {self.console}")

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM lets the server close its store cleanly; SIGKILL is the last resort."""
        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
        self.pidfile.unlink(missing_ok=True)

    def status(self, answers: Callable[[], bool]) -> str:
        if self.pid() is None:
            return "stopped"
        return "running" if answers() else "starting or unresponsive"


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not our child: ask the kernel instead
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return waited == 0
