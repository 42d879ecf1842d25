"""A local server process the project runs itself: started detached, found again by its pid
file, stopped gently, and asked whether it answers.

Neo4j and NATS are both run this way for `hub demo` and the tests, so that a newcomer needs no
Docker and no system service: one home folder per server holds its pid file, logs and data.
A server started for a test run or a benchmark is tied to the process that started it
(servers/watchdog.py), so a run that is killed does not leave it running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

WATCHDOG = Path(__file__).with_name("watchdog.py")
# Each tied server's pid: the write end of its watchdog's pipe (held open while this process
# lives) and the watchdog, to reap it once the server has gone.
_TIES: dict[int, tuple[int, subprocess.Popen[bytes]]] = {}


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
               env: Mapping[str, str] | None = None, tied: bool = False) -> None:
        """Start `argv` in its own session (a Ctrl-C in the terminal that started it does not
        reach it) and wait until `answers()`; stop it and raise if it dies or stays silent.

        `tied`: stopped when this process dies, however it dies (tests, benchmarks); `hub
        neo4j start` leaves its server running on purpose. Needs pidfds (Linux); elsewhere a
        tied server is started untied."""
        for sub in ("run", "logs"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        with self.console.open("ab") as log:
            process = subprocess.Popen(list(argv), stdout=log, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True,
                                       env=dict(env) if env is not None else None)
            if tied and hasattr(os, "pidfd_open"):
                _tie(process.pid, log)
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
        if not _gone(pid, timeout):
            os.kill(pid, signal.SIGKILL)
            _gone(pid, timeout)
        self._forget(pid)

    def kill(self) -> None:
        """SIGKILL, as a crash or the kernel's OOM killer ends a server: no chance to close
        anything. For fault tests and benchmarks (bench/faults.py); `stop` ends a server."""
        pid = self.pid()
        if pid is None:
            return
        os.kill(pid, signal.SIGKILL)
        _gone(pid, 30.0)
        self._forget(pid)

    def _forget(self, pid: int) -> None:
        self.pidfile.unlink(missing_ok=True)
        tie = _TIES.pop(pid, None)
        if tie is not None:  # its watchdog has seen the server go, and ends
            os.close(tie[0])
            tie[1].wait(timeout=10)

    def status(self, answers: Callable[[], bool]) -> str:
        if self.pid() is None:
            return "stopped"
        return "running" if answers() else "starting or unresponsive"


def _tie(pid: int, log: IO[bytes]) -> None:
    """Start the watchdog that stops server `pid` when this process dies (servers/watchdog.py).
    Only this process holds the pipe's write end (os.pipe's ends are not inherited)."""
    read, write = os.pipe()
    try:
        watchdog = subprocess.Popen([sys.executable, "-I", "-S", str(WATCHDOG), str(pid)],
                                    stdin=read, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    except BaseException:
        os.close(write)
        raise
    finally:
        os.close(read)
    _TIES[pid] = (write, watchdog)


def _gone(pid: int, timeout: float) -> bool:
    """Wait up to `timeout` seconds for `pid` to end; whether it did."""
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


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
