"""Neo4j goes down in the middle of a burst of referrals: nothing is lost, nothing doubled.

The server is a dedicated one, stopped and restarted for real; clients retry as the API tells
them to (a retryable error), as Truevision's sender would.
"""

from __future__ import annotations

import asyncio
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
from graph.driver import Graph, create_driver
from graph.settings import PROJECT_ROOT, Neo4jSettings
from seeds.reference.load import load_reference_data
from servers.neo4j import LocalServer
from tests.api.test_intake import SUBMIT, referral
from tests.conftest import TEST_PASSWORD, bearer, start_local_server

BURST = 40


@pytest.fixture
async def outage_server() -> AsyncIterator[LocalServer]:
    home = PROJECT_ROOT / "var" / f"test-neo4j-outage-{os.getpid()}"
    server = await asyncio.to_thread(start_local_server, home)
    try:
        yield server
    finally:
        await asyncio.to_thread(server.stop)
        shutil.rmtree(home, ignore_errors=True)


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


async def test_every_referral_is_stored_exactly_once_across_an_outage(
        outage_server: LocalServer, api_settings: ApiSettings) -> None:
    settings = Neo4jSettings(uri=outage_server.uri, password=SecretStr(TEST_PASSWORD))
    app = create_app(api_settings, settings)
    headers = bearer(api_settings, Role.INTAKE)
    retries: list[str] = []
    stored: list[dict[str, Any]] = []
    some_stored = asyncio.Event()
    async with app.router.lifespan_context(app):
        await load_reference_data(app.state.graph)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test",
                                     timeout=60) as http:

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
                for _ in range(600):  # until a client has been told to retry
                    if retries:
                        break
                    await asyncio.sleep(0.1)
                await asyncio.to_thread(outage_server.start)

            async with asyncio.TaskGroup() as group:  # a failure cancels the rest, restarts too
                group.create_task(outage())
                for n in range(BURST):
                    group.create_task(sender(n))

    assert retries, "the outage never reached a client"
    driver = create_driver(settings)
    try:
        rows = await Graph(driver, "neo4j").rows(
            "MATCH (r:Report) OPTIONAL MATCH (r)-[:PART_OF]->(c:Case) "
            "RETURN r.truevisionRef AS ref, count(c) AS cases")
    finally:
        await driver.close()
    assert sorted(row["ref"] for row in rows) == [f"TV-OUTAGE-{n:03d}" for n in range(BURST)]
    assert {row["cases"] for row in rows} == {1}
