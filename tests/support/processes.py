"""`hub serve` processes started as production runs them, against given Neo4j servers."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from graph.settings import PROJECT_ROOT, Neo4jSettings
from tests.support.servers import TEST_PASSWORD, free_port


@contextlib.contextmanager
def hub_serving(servers: list[tuple[Neo4jSettings, str, Path]],
                **settings: str) -> Iterator[list[str]]:
    """Several `hub serve` processes started at once (with `settings` as environment
    variables); yields their base URLs once all are ready."""
    processes, bases = [], []
    hub = Path(sys.executable).with_name("hub")  # the project's own command, as installed
    try:
        for neo4j, nats_url, log in servers:
            port = free_port()
            env = {**os.environ, "HUB_ENV": "test", "HUB_PORT": str(port),
                   "NEO4J_URI": neo4j.uri or "", "NEO4J_PASSWORD": TEST_PASSWORD,
                   "HUB_NATS_URL": nats_url, "HUB_RATE_PER_SECOND": "1000",
                   "HUB_RATE_BURST": "1000",
                   # As for every test app (tests/conftest.py): the deadline has tests of its
                   # own, and a cold first intake on a busy machine can take seconds.
                   "HUB_REQUEST_DEADLINE": "120", **settings}
            with log.open("wb") as output:
                processes.append(subprocess.Popen([str(hub), "serve"], env=env, cwd=PROJECT_ROOT,
                                                  stdout=output, stderr=subprocess.STDOUT))
            bases.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 120
        waiting = set(bases)
        while waiting and time.monotonic() < deadline:
            for base in list(waiting):
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        waiting.discard(base)
            time.sleep(0.2)
        assert not waiting, f"not ready: {waiting}"
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
