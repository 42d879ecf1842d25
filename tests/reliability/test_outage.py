"""Neo4j goes down in the middle of a burst of referrals: nothing is lost, nothing doubled.

The server is stopped (or killed) and restarted for real; clients retry as the API tells them
to (a retryable error), as Truevision's sender would. bench/faults.py runs the same faults at
length, the API process killed too, and measures them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import PROJECT_ROOT, Neo4jSettings
from seeds.reference.load import load_reference_data
from servers.neo4j import LocalServer
from tests.api.test_intake import SUBMIT, referral
from tests.conftest import TEST_PASSWORD, bearer, start_local_server

BURST = 40


@contextlib.asynccontextmanager
async def dedicated_server(name: str) -> AsyncIterator[LocalServer]:
    home = PROJECT_ROOT / "var" / f"test-neo4j-{name}-{os.getpid()}"
    server = await asyncio.to_thread(start_local_server, home)
    try:
        yield server
    finally:
        await asyncio.to_thread(server.stop)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
async def outage_server() -> AsyncIterator[LocalServer]:
    async with dedicated_server("outage") as server:
        yield server


@pytest.fixture
async def killable_server(local_neo4j: LocalServer | None,
                          clean_graph: Graph) -> AsyncIterator[LocalServer]:
    """The run's own Neo4j, to be killed (SIGKILL) and started again; a server of its own
    only when NEO4J_URI names one elsewhere, which is not the run's to kill.

    Killing the shared server saves starting a second one (the slowest part of such a test),
    and is safe for the tests after this one: a killed Neo4j replays every committed
    transaction from its log when it starts, so the schema and reference data stay; it comes
    back on the same port, so every test's settings still hold; and the first query through
    the run's shared driver (below) meets a dead pooled connection, on which the driver drops
    every idle connection to that server and retries on a new one. A test that fails leaves
    the server started again all the same."""
    if local_neo4j is None:
        async with dedicated_server("killed") as server:
            yield server
        return
    try:
        yield local_neo4j
    finally:
        await asyncio.to_thread(local_neo4j.start)  # at once when it answers
        await clean_graph.rows("RETURN 1")


async def submit_until_stored(http: httpx.AsyncClient, headers: dict[str, str],
                              payload: dict[str, Any], retries: list[str]) -> dict[str, Any]:
    for _ in range(240):
        response = await http.post("/graphql", headers=headers,
                                   json={"query": SUBMIT, "variables": {"input": payload}})
        body = response.json()
        if response.status_code == 200 and not body.get("errors"):
            result: dict[str, Any] = body["data"]["submitReport"]
            return result
        assert body["errors"][0]["extensions"].get("retryable") is True, body
        retries.append(payload["truevisionRef"])
        await asyncio.sleep(0.5)
    raise AssertionError(f"{payload['truevisionRef']} was never stored")


@contextlib.asynccontextmanager
async def intake_api(server: LocalServer,
                     api_settings: ApiSettings) -> AsyncIterator[tuple[Graph, httpx.AsyncClient]]:
    """The API on `server` (reference data loaded), and a client of it; the API's own graph
    handle, to look at what was stored."""
    app = create_app(api_settings, Neo4jSettings(uri=server.uri,
                                                 password=SecretStr(TEST_PASSWORD)))
    async with app.router.lifespan_context(app):
        await load_reference_data(app.state.graph)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test",
                                     timeout=60) as http:
            yield app.state.graph, http


async def until_told_to_retry(retries: list[str]) -> None:
    for _ in range(600):
        if retries:
            return
        await asyncio.sleep(0.1)


async def test_every_referral_is_stored_exactly_once_across_an_outage(
        outage_server: LocalServer, api_settings: ApiSettings) -> None:
    headers = bearer(api_settings, Role.INTAKE)
    retries: list[str] = []
    stored: list[dict[str, Any]] = []
    some_stored = asyncio.Event()
    async with intake_api(outage_server, api_settings) as (graph, http):

        async def sender(n: int) -> None:
            await asyncio.sleep(n * 0.15)  # a steady stream, not one instant
            payload = referral(f"TV-OUTAGE-{n:03d}", contentUrls=[
                f"https://x.com/a/status/18000000000000{n:05d}"])
            stored.append(await submit_until_stored(http, headers, payload, retries))
            if len(stored) >= 5:
                some_stored.set()

        async def outage() -> None:
            await some_stored.wait()
            await asyncio.to_thread(outage_server.stop)
            await until_told_to_retry(retries)
            await asyncio.to_thread(outage_server.start)

        async with asyncio.TaskGroup() as group:  # a failure cancels the rest, restarts too
            group.create_task(outage())
            for n in range(BURST):
                group.create_task(sender(n))
        assert retries, "the outage never reached a client"
        await assert_stored_once(graph, [f"TV-OUTAGE-{n:03d}" for n in range(BURST)])


async def assert_stored_once(graph: Graph, references: list[str]) -> None:
    """Each referral stored once, in one case, and no intake half-written: no case without a
    referral."""
    rows = await graph.rows("MATCH (r:Report) OPTIONAL MATCH (r)-[:PART_OF]->(c:Case) "
                            "RETURN r.truevisionRef AS ref, count(c) AS cases")
    assert sorted(row["ref"] for row in rows) == sorted(references)
    assert {row["cases"] for row in rows} == {1}
    assert await graph.rows("MATCH (c:Case) WHERE NOT EXISTS { (:Report)-[:PART_OF]->(c) } "
                            "RETURN c.reference AS reference") == []


SENDERS, EACH = 4, 3


async def test_every_referral_is_stored_exactly_once_across_a_kill(
        killable_server: LocalServer, api_settings: ApiSettings) -> None:
    """Neo4j SIGKILLed while four senders each send referrals one after another, and started
    again: a referral cut off mid-commit is answered "retry", and its retry finds it stored."""
    headers = bearer(api_settings, Role.INTAKE)
    references = [f"TV-KILLED-{s}-{n}" for s in range(SENDERS) for n in range(EACH)]
    retries: list[str] = []
    acknowledged: list[str] = []
    under_way = asyncio.Event()
    ready: dict[str, int] = {}
    async with intake_api(killable_server, api_settings) as (graph, http):

        async def sender(s: int) -> None:
            for n in range(EACH):
                payload = referral(references[s * EACH + n], contentUrls=[
                    f"https://x.com/a/status/1810000000000{s}{n:05d}"])
                await submit_until_stored(http, headers, payload, retries)
                acknowledged.append(payload["truevisionRef"])
                if len(acknowledged) >= SENDERS:
                    under_way.set()

        async def crash() -> None:
            await under_way.wait()
            await asyncio.to_thread(killable_server.process.kill)
            await until_told_to_retry(retries)
            ready["down"] = (await http.get("/readyz")).status_code
            await asyncio.to_thread(killable_server.start)

        async with asyncio.TaskGroup() as group:  # a failure cancels the rest, restarts too
            group.create_task(crash())
            for s in range(SENDERS):
                group.create_task(sender(s))
        ready["after"] = (await http.get("/readyz")).status_code
        assert retries, "the kill never reached a sender"
        assert ready == {"down": 503, "after": 200}
        await assert_stored_once(graph, references)
