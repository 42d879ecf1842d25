"""Several API processes on one Neo4j and one NATS behave as one: started together on an empty
database they migrate it once between them, and a subscriber on any of them hears every event of
its force exactly once, whichever process took the referral in.

The processes are real `hub serve` processes, on a Neo4j server of this module's own (it starts
empty)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from api.settings import ApiSettings
from bench.load import case_events
from casework.access import Role
from graph.driver import Graph, create_driver
from graph.migrations import MIGRATIONS, migrate
from graph.settings import PROJECT_ROOT, Neo4jSettings
from seeds.reference.load import load_reference_data
from tests.support.intake import SUBMIT, referral
from tests.support.processes import hub_serving
from tests.support.servers import TEST_PASSWORD, start_local_server
from tests.support.tokens import token


@pytest.fixture(scope="module")
def fresh_neo4j() -> Iterator[Neo4jSettings]:
    """A Neo4j server of its own, empty: no migration has run on it."""
    home = PROJECT_ROOT / "var" / f"test-neo4j-processes-{os.getpid()}"
    server = start_local_server(home)
    try:
        yield Neo4jSettings(uri=server.uri, password=SecretStr(TEST_PASSWORD))
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def test_three_processes_started_together_on_an_empty_database_migrate_it_once(
        fresh_neo4j: Neo4jSettings, nats_url: str, tmp_path: Path) -> None:
    logs = [tmp_path / f"hub-{n}.log" for n in range(3)]
    with hub_serving([(fresh_neo4j, nats_url, log) for log in logs]):
        pass
    for log in logs:
        output = log.read_text()
        assert "Application startup complete" in output
        for trouble in ("ERROR", "Traceback", "Deadlock", "AlreadyExists", "did not run",
                        "refusing"):
            assert trouble not in output, output

    async def versions() -> list[int]:
        driver = create_driver(fresh_neo4j)
        try:
            rows = await Graph(driver, fresh_neo4j.database).rows(
                "MATCH (m:Migration) RETURN m.version AS v ORDER BY v")
        finally:
            await driver.close()
        return [row["v"] for row in rows]

    assert asyncio.run(versions()) == [migration.version for migration in MIGRATIONS]


async def listen(base: str, bearer: str, events: list[dict[str, Any]],
                 subscribed: asyncio.Event, enough: int, heard: asyncio.Event) -> None:
    """Subscribe over graphql-transport-ws and collect every event until cancelled; `heard` is
    set once `enough` have come."""
    async for event in case_events(base, bearer, subscribed):
        events.append(event)
        if len(events) >= enough:
            heard.set()


async def test_subscribers_on_either_process_hear_every_event_of_their_force_once(
        fresh_neo4j: Neo4jSettings, nats_url: str, api_settings: ApiSettings,
        tmp_path: Path) -> None:
    driver = create_driver(fresh_neo4j)
    try:
        database = Graph(driver, fresh_neo4j.database)
        await migrate(database)
        await load_reference_data(database)
    finally:
        await driver.close()
    officer = token(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    intake = {"Authorization": f"Bearer {token(api_settings, Role.INTAKE)}"}
    # Six referrals, each about a post of its own, alternately to each process: five of West
    # Yorkshire victims, one (the last) of a Metropolitan victim.
    refs = [f"TV-PROC-{n}" for n in range(6)]
    expected = set(refs[:5])
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    with hub_serving([(fresh_neo4j, nats_url, log) for log in logs]) as (first, second):
        heard: dict[str, list[dict[str, Any]]] = {first: [], second: []}
        ready = {first: asyncio.Event(), second: asyncio.Event()}
        done = {first: asyncio.Event(), second: asyncio.Event()}
        listeners = [asyncio.create_task(listen(base, officer, heard[base], ready[base],
                                                len(expected), done[base]))
                     for base in (first, second)]
        await asyncio.gather(*(event.wait() for event in ready.values()))
        async with httpx.AsyncClient(timeout=30) as http:
            for n, ref in enumerate(refs):
                victim = {"postcode": "SE1 7PB" if n == 5 else "LS6 2AB"}
                payload = referral(ref, victim=victim, contentText=f"words of post {n}",
                                   contentUrls=[f"https://x.com/u{n}/status/17900000000000{n:05d}"])
                answer = await http.post(f"{(first, second)[n % 2]}/graphql", headers=intake,
                                         json={"query": SUBMIT, "variables": {"input": payload}})
                assert answer.json()["data"]["submitReport"]["created"] is True, answer.text
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(event.wait() for event in done.values())),
                                   20)
        await asyncio.sleep(1.0)  # anything arriving late, or twice, would arrive by now
        for task in listeners:
            task.cancel()
    for events in heard.values():
        details = [event["detail"] for event in events]
        assert sorted(details) == sorted(expected)  # each once, the Met case never
        assert {event["forceCode"] for event in events} == {"west-yorkshire"}
        assert {event["kind"] for event in events} == {"REPORT_RECEIVED"}


def test_two_workers_on_one_port_report_their_metrics_as_one(
        fresh_neo4j: Neo4jSettings, nats_url: str, api_settings: ApiSettings,
        tmp_path: Path) -> None:
    """`HUB_WORKERS=2`: two worker processes share the port, and a scrape of either reports
    every request, whichever worker answered it."""
    log = tmp_path / "workers.log"
    analyst = {"Authorization": f"Bearer {token(api_settings, Role.ANALYST)}"}
    query = {"query": "query Forces { forces { code } }"}
    with hub_serving([(fresh_neo4j, nats_url, log)], HUB_WORKERS="2") as (base,):
        for _ in range(30):  # a new connection each time: the kernel spreads them
            assert httpx.post(f"{base}/graphql", json=query, headers=analyst,
                              timeout=30).status_code == 200
        scrapes = [httpx.get(f"{base}/metrics", timeout=30).text for _ in range(6)]
    workers = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
    assert len(workers) == 2, log.read_text()
    for scrape in scrapes:
        counted = [line for line in scrape.splitlines()
                   if line.startswith('hub_requests_total{') and 'operation="Forces"' in line]
        assert [float(line.rsplit(" ", 1)[1]) for line in counted] == [30.0], counted
