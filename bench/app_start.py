"""What an API test pays for its app before its first query: a fresh app, or the module's.

`tests/conftest.py` gives each API test a `client` on one started app per module, with its live
events started afresh and its held-back case numbers dropped; before, each test built, started
and stopped an app of its own. This times both, outside pytest, against a running Neo4j
(`NEO4J_URI`, `NEO4J_PASSWORD`) and NATS broker. Run:

    .venv/bin/python -m bench.app_start --nats nats://127.0.0.1:4222 --times 20
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable

from api.app import create_app
from api.events import LiveEvents
from api.settings import ApiSettings
from graph.intake import case_numbers
from graph.settings import Neo4jSettings


async def timed(times: int, once: Callable[[], Awaitable[None]]) -> tuple[float, float]:
    """Mean wall and CPU seconds of `once`."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(times):
        await once()
    return (time.perf_counter() - wall) / times, (time.process_time() - cpu) / times


async def main(nats_url: str, times: int) -> None:
    settings = ApiSettings(env="test", nats_url=nats_url, request_deadline=120)
    database = Neo4jSettings()

    async def fresh_app() -> None:
        app = create_app(settings, database)
        async with app.router.lifespan_context(app):
            await app.state.graph.rows("RETURN 1 AS one")

    fresh = await timed(times, fresh_app)
    app = create_app(settings, database)
    async with app.router.lifespan_context(app):
        await app.state.events.stop()

        async def module_app() -> None:
            case_numbers(app.state.graph).forget()
            events = app.state.events = LiveEvents(settings.effective_nats_url, app.state.graph)
            await events.start()
            await app.state.graph.rows("RETURN 1 AS one")
            await app.state.background.stop()
            await events.stop()

        shared = await timed(times, module_app)
    for name, (wall, cpu) in (("a fresh app", fresh), ("the module's app", shared)):
        print(f"{name}: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU per test")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nats", required=True, help="the NATS broker's URL")
    parser.add_argument("--times", type=int, default=20)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.nats, arguments.times))
