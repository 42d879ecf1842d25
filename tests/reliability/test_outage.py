"""Faults in the middle of intake, as issue 21 lists them: Neo4j killed (SIGKILL), Neo4j stopped
gracefully, the API process killed; each mended while referrals keep coming.

Four senders each send referrals one after another, as Truevision's sender does: a referral
answered `retryable` is sent again after its `Retry-After`, and so is one that got no answer (the
API process gone), until the sender's retry budget is spent. What a user would notice, checked:
no answer is a refusal for good (never `INTERNAL`); every referral is accepted within its
sender's budget and stored exactly once, in the case it was acknowledged with; /readyz answers a
load balancer's probe (2 s timeout) throughout, "not ready" while the fault lasts; and intake
works again after the repair without a restart, under the same load: a referral first sent
then is accepted within a sender's budget. The servers are stopped and started for real.
Durations appear only as what a real client has, timeouts and budgets, never as figures to
assert.
bench/faults.py runs the same faults at length, at 10 referrals a second, and measures them.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from api.settings import ApiSettings
from bench.load import ServedApi, free_port, launch, wait_ready
from casework.access import Role
from graph.driver import Graph
from graph.settings import PROJECT_ROOT, Neo4jSettings
from seeds.reference.load import load_reference_data
from servers.neo4j import LocalServer
from tests.support.intake import SUBMIT, referral
from tests.support.servers import TEST_PASSWORD, start_local_server
from tests.support.tokens import bearer

SENDERS, EACH = 4, 3
# How long Truevision's sender keeps sending one referral (the trial), and how long it
# waits for one answer.
SENDER_BUDGET, CLIENT_TIMEOUT = 60.0, 15.0
# A referral first sent once the fault is mended, under the senders' continuing load, must be
# accepted within a sender's ordinary budget: intake works again without a restart. The issue's
# "within 15 s of the database's return" is bench/faults.py's figure, on a quiet machine: here,
# with eight test runs on two cores, a just-started Neo4j plans an intake's queries for longer
# than that (docs/BENCHMARKS.md), and a test must not fail on the machine's load.
RECOVERY_BUDGET = SENDER_BUDGET
# A load balancer's readiness probe gives up after this; /readyz must have answered by then.
PROBE_TIMEOUT = 2.0
# The hub's production deadline (the test apps' own is generous, for cold servers elsewhere):
# the faults are met as a production process meets them.
DEADLINE = 10.0
# Seconds `hub serve` may take to start (a loaded machine's), before the test gives up on it.
STARTING = 300


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
async def killable_server(local_neo4j: LocalServer | None,
                          clean_graph: Graph) -> AsyncIterator[LocalServer]:
    """The run's own Neo4j, to be killed (SIGKILL) or stopped, and started again; a server of
    its own only when NEO4J_URI names one elsewhere, which is not the run's to stop.

    Stopping the shared server saves starting a second one (the slowest part of such a test),
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


@dataclass
class Senders:
    """Truevision's senders, as the API answers them."""

    http: httpx.AsyncClient
    headers: dict[str, str]
    acknowledged: dict[str, str] = field(default_factory=dict)  # reference: its case
    told_to_retry: asyncio.Event = field(default_factory=asyncio.Event)
    repairs: list[list[float]] = field(default_factory=list)  # [began, ended] on the loop clock

    def spent(self, began: float, now: float) -> float:
        """Seconds of a budget used between `began` and `now`, less the time the repair took.

        Neo4j starts again in about 12 s on a quiet machine and in minutes on a loaded one;
        that is the machine's, not the hub's. The issue's trial had the database back 15 s
        after the fault, inside every sender's budget: so the budget is what the hub itself
        costs a sender, whatever the machine."""
        excused = sum(max(0.0, min(repair[-1], now) - max(repair[0], began))
                      for repair in self.repairs)
        return now - began - excused

    @contextlib.asynccontextmanager
    async def repairing(self) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        repair = [loop.time(), float("inf")]
        self.repairs.append(repair)
        try:
            yield
        finally:
            repair[-1] = loop.time()

    async def deliver(self, reference: str, budget: float = SENDER_BUDGET) -> None:
        """Send one referral until it is accepted, again after `Retry-After` while the answer
        says `retryable` or none comes; any other answer fails the test, as it would leave a
        sender that follows the contract with a referral it will never send again."""
        post = int(hashlib.sha256(reference.encode()).hexdigest()[:12], 16)
        payload = referral(reference, contentUrls=[f"https://x.com/a/status/18{post:017d}"])
        loop = asyncio.get_running_loop()
        began = loop.time()
        while self.spent(began, loop.time()) < budget:
            try:
                response = await self.http.post(
                    "/graphql", headers=self.headers, timeout=CLIENT_TIMEOUT,
                    json={"query": SUBMIT, "variables": {"input": payload}})
            except httpx.TransportError:  # the API process gone: no answer, so send again
                pause = 0.5
            else:
                body = response.json()
                if response.status_code == 200 and not body.get("errors"):
                    result = body["data"]["submitReport"]
                    assert result["userErrors"] == [], result
                    self.acknowledged[reference] = result["case"]["reference"]
                    return
                assert body["errors"][0]["extensions"].get("retryable") is True, body
                pause = float(response.headers.get("retry-after", "0.5"))
            self.told_to_retry.set()
            await asyncio.sleep(pause)
        raise AssertionError(f"{reference} was not accepted within its sender's {budget:g} s")


class Readiness:
    """/readyz asked four times a second, as a load balancer would, each time giving up after
    `PROBE_TIMEOUT`: what each probe heard (a status; "refused" when no process listened, which
    a balancer hears at once; None when nothing answered in time)."""

    def __init__(self, ask: Callable[[], Awaitable[httpx.Response]]) -> None:
        self.ask = ask
        self.heard: list[int | str | None] = []

    async def probe(self) -> int | str | None:
        try:
            async with asyncio.timeout(PROBE_TIMEOUT):
                return (await self.ask()).status_code
        except TimeoutError:
            return None
        except httpx.TransportError:
            return "refused"

    async def watch(self) -> None:
        while True:
            self.heard.append(await self.probe())
            await asyncio.sleep(0.25)


async def fault_under_intake(senders: Senders, readiness: Readiness, name: str,
                             fault: Callable[[], Awaitable[None]],
                             repair: Callable[[], Awaitable[None]]) -> list[str]:
    """`fault` once every sender has had a referral accepted, `repair` once a sender has been
    told to retry (so the fault met the senders); then one more referral, first sent as the
    repair is done, under the senders' continuing load. Returns every reference sent."""
    references = [f"TV-{name}-{s}-{n}" for s in range(SENDERS) for n in range(EACH)]
    under_way = asyncio.Event()

    async def sender(s: int) -> None:
        for n in range(EACH):
            await senders.deliver(references[s * EACH + n])
            if len(senders.acknowledged) >= SENDERS:
                under_way.set()

    async def act() -> None:
        await under_way.wait()
        await fault()
        await senders.told_to_retry.wait()
        async with senders.repairing():
            await repair()
        # It was not ready while the fault lasted; whatever it said in between, it answered.
        await senders.deliver(f"TV-{name}-AFTER", RECOVERY_BUDGET)

    watching = asyncio.create_task(readiness.watch())
    try:
        async with asyncio.TaskGroup() as group:  # a failure cancels the rest; repairs follow
            group.create_task(act())
            for s in range(SENDERS):
                group.create_task(sender(s))
    finally:
        watching.cancel()
    return [*references, f"TV-{name}-AFTER"]


async def assert_stored_once(graph: Graph, acknowledged: dict[str, str]) -> None:
    """Each referral stored once, in the case it was acknowledged with, and no intake
    half-written: no case without a referral."""
    rows = await graph.rows("MATCH (r:Report) OPTIONAL MATCH (r)-[:PART_OF]->(c:Case) "
                            "RETURN r.truevisionRef AS ref, collect(c.reference) AS cases")
    assert {row["ref"]: row["cases"] for row in rows} == {
        ref: [case] for ref, case in acknowledged.items()}
    assert await graph.rows("MATCH (c:Case) WHERE NOT EXISTS { (:Report)-[:PART_OF]->(c) } "
                            "RETURN c.reference AS reference") == []


def assert_answered_throughout(readiness: Readiness, while_down: set[int | str]) -> None:
    assert None not in readiness.heard, readiness.heard  # never silent past a probe's timeout
    assert while_down & set(readiness.heard), readiness.heard  # said so while it was down
    assert readiness.heard[-1] == 200, readiness.heard


@contextlib.asynccontextmanager
async def intake_api(server: LocalServer,
                     api_settings: ApiSettings) -> AsyncIterator[tuple[Graph, httpx.AsyncClient]]:
    """The API on `server` (reference data loaded) with the production deadline, and a client
    of it; the API's own graph handle, to look at what was stored."""
    settings = api_settings.model_copy(update={"request_deadline": DEADLINE})
    app = create_app(settings, Neo4jSettings(uri=server.uri, password=SecretStr(TEST_PASSWORD)))
    async with app.router.lifespan_context(app):
        await load_reference_data(app.state.graph)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            yield app.state.graph, http


@pytest.mark.parametrize("stop", ["kill", "graceful"])
async def test_every_referral_is_stored_once_across_a_database_outage(
        killable_server: LocalServer, api_settings: ApiSettings, stop: str) -> None:
    """Neo4j SIGKILLed, or stopped as an operator would, under four senders, and started again:
    a referral cut off mid-commit is answered "retry", and its retry finds it stored."""
    async with intake_api(killable_server, api_settings) as (graph, http):
        senders = Senders(http, bearer(api_settings, Role.INTAKE))
        readiness = Readiness(lambda: http.get("/readyz"))

        async def fault() -> None:
            halt = killable_server.process.kill if stop == "kill" else killable_server.stop
            await asyncio.to_thread(halt)

        async def repair() -> None:
            await asyncio.to_thread(killable_server.start)

        await fault_under_intake(senders, readiness, stop.upper(), fault, repair)
        readiness.heard.append(await readiness.probe())
        assert_answered_throughout(readiness, while_down={503})
        await assert_stored_once(graph, senders.acknowledged)


async def test_every_referral_is_stored_once_across_a_killed_api_process(
        neo4j_settings: Neo4jSettings, nats_url: str, clean_graph: Graph, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`hub serve` SIGKILLed under four senders and a new one started on its port: senders
    hear no answer, send again, and every referral is stored once. (Its deadline is the test
    apps' generous one, as in tests/reliability/test_load.py: a new process's first intakes on
    a loaded machine must not be cut off by it; what is killed here is the process.)"""
    monkeypatch.setenv("HUB_REQUEST_DEADLINE", "120")
    log = tmp_path / "hub-serve.log"
    headers = bearer(ApiSettings(env="test"), Role.INTAKE)
    api: ServedApi = launch(neo4j_settings, nats_url, log, free_port())
    port = int(api.base_url.rsplit(":", 1)[1])
    try:
        await asyncio.to_thread(wait_ready, api, STARTING)
        async with httpx.AsyncClient(base_url=api.base_url) as http:
            senders = Senders(http, headers)
            readiness = Readiness(lambda: http.get("/readyz", timeout=PROBE_TIMEOUT))

            async def fault() -> None:
                api.process.kill()
                await asyncio.to_thread(api.process.wait)

            async def repair() -> None:
                nonlocal api
                api = launch(neo4j_settings, nats_url, log, port)
                await asyncio.to_thread(wait_ready, api, STARTING)

            await fault_under_intake(senders, readiness, "API", fault, repair)
            readiness.heard.append(await readiness.probe())
    finally:
        api.process.kill()
        await asyncio.to_thread(api.process.wait)
    assert_answered_throughout(readiness, while_down={"refused"})
    await assert_stored_once(clean_graph, senders.acknowledged)
