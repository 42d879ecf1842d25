"""Servers for tests that need a real one: a free port, an app under uvicorn or in process, a
Neo4j of a test's own, and NATS rate buckets forgotten."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import nats
import uvicorn
from starlette.types import ASGIApp

from api.app import create_app
from api.settings import ApiSettings
from api.shared_limits import BUCKET_PREFIX
from graph.settings import Neo4jSettings
from servers.neo4j import LocalServer

TEST_PASSWORD = "hub-test-password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served_by_uvicorn(app: ASGIApp) -> Iterator[str]:
    """`app` under a real uvicorn on a free port, in a thread with its own event loop; yields
    its base URL. For what only a real server does: sockets that close, browsers."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            threading.Event().wait(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def start_local_server(home: Path) -> LocalServer:
    server = LocalServer(home=home, bolt_port=free_port(), password=TEST_PASSWORD,
                         heap="512m", pagecache="128m", tied=True)
    server.start()
    return server


async def forget_rates(nats_url: str) -> None:
    """Drop every shared rate bucket, so a test's limits start full (they outlive an app)."""
    broker = await nats.connect(nats_url)
    try:
        jetstream = broker.jetstream()
        for stream in await jetstream.streams_info():
            if stream.config.name and stream.config.name.startswith("KV_" + BUCKET_PREFIX):
                await jetstream.delete_stream(stream.config.name)
    finally:
        await broker.close()


@contextlib.asynccontextmanager
async def served(settings: ApiSettings,
                 neo4j_settings: Neo4jSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, neo4j_settings)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        yield http
