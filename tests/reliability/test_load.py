"""The API served for real (`hub serve`, uvicorn, loopback) under a bounded load, and stopped.

bench/load.py measures the same at length; here the load is small enough for every run, and
the assertions are what a user would notice: no error, nothing lost, nothing doubled, and a
stop that lets the referrals already sent finish.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.settings import ApiSettings
from bench.load import SUBMIT, ServedApi, drive, serving, stored_counts, submission, world_referrals
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.support.tokens import bearer


@pytest.fixture
def served(neo4j_settings: Neo4jSettings, nats_url: str, clean_graph: Graph, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[ServedApi]:
    # As for every test app (tests/conftest.py): the deadline has tests of its own, and a cold
    # server on a shared machine must not be cut off by it here, where nothing retries.
    monkeypatch.setenv("HUB_REQUEST_DEADLINE", "120")
    with serving(neo4j_settings, nats_url, tmp_path / "hub-serve.log") as api:
        yield api


async def test_referrals_at_the_intake_rate_are_all_stored_once_without_error(
        served: ServedApi, clean_graph: Graph) -> None:
    referrals = world_referrals(120, seed=4242)
    result = await drive([served.base_url], referrals, rate=12)
    assert result.failures == []
    assert result.reads > 0
    assert result.read_failures == []
    counts = await stored_counts(clean_graph, [record["id"] for record in referrals])
    assert set(counts.values()) == {1}


async def test_a_stop_lets_referrals_in_flight_finish_and_loses_none(
        served: ServedApi, clean_graph: Graph) -> None:
    intake = bearer(ApiSettings(env="test"), Role.INTAKE)
    referrals = [submission(record) for record in world_referrals(40, seed=77)]
    answered: dict[str, tuple[float, int]] = {}
    refused: list[str] = []

    async with httpx.AsyncClient(base_url=served.base_url, timeout=60,
                                 limits=httpx.Limits(max_connections=40)) as http:

        async def send(payload: dict[str, object]) -> None:
            try:
                response = await http.post("/graphql", headers=intake, json={
                    "query": SUBMIT, "variables": {"input": payload}})
            except httpx.ConnectError:  # arrived after the stop began: never accepted
                refused.append(str(payload["truevisionRef"]))
                return
            answered[str(payload["truevisionRef"])] = (time.monotonic(), response.status_code)

        sending = [asyncio.create_task(send(payload)) for payload in referrals]
        await asyncio.sleep(0.3)  # the burst is in the server's hands
        stopped_at = time.monotonic()
        graceful = await asyncio.to_thread(served.terminate)
        await asyncio.gather(*sending)

    assert graceful
    assert {status for _, status in answered.values()} == {200}
    assert any(at > stopped_at for at, _ in answered.values()), \
        "no request was still in flight when the stop began: the test proved nothing"
    counts = await stored_counts(clean_graph, [str(p["truevisionRef"]) for p in referrals])
    assert {ref for ref, n in counts.items() if n == 1} == set(answered)
    assert {ref for ref, n in counts.items() if n == 0} == set(refused)
