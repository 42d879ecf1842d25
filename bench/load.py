"""Bounded load on loopback: referrals arrive at the intake rate, officers read meanwhile.

The API runs as `hub serve` in a process of its own (uvicorn, the production entry point)
against a dedicated Neo4j; referrals from a generated world arrive open-loop at a fixed rate,
as Truevision's sender would send them, whatever the latency, while force officers page through
their cases. It counts every answer that is not a clean 200, then checks in the graph that each
referral sent is stored exactly once. Run:

    .venv/bin/python -m bench.load --rate 20 --seconds 60

With `--workers N`, N `hub serve` processes share the Neo4j and one NATS broker; referrals go to
them in turn, and on each process a hub officer and one officer per force subscribe to case
events over graphql-transport-ws. Every new-case event must reach every subscriber of its scope
exactly once, whichever process took the referral in (the outbox relay on every process
publishes through NATS; see docs/OPERATIONS.md): the events that exist are those any hub
officer heard, and each subscriber is checked against them.

tests/reliability/test_load.py runs the same thing, smaller, in the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets
from pydantic import SecretStr

from api.auth import mint_development_token
from api.settings import ApiSettings
from casework.access import Role
from casework.statistics.trends import percentile
from graph.driver import Graph, create_driver
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Neo4jSettings
from seeds.demo.generator import generate_world
from seeds.reference.load import load_reference_data
from servers.nats import LocalNats
from servers.neo4j import LocalServer

SUBMIT = """mutation($input: SubmitReportInput!) { submitReport(input: $input) {
  created case { reference } userErrors { code } } }"""
CASES = "query { cases(first: 20) { totalCount edges { node { reference status } } } }"
SUBSCRIBE = "subscription { caseEvents { caseReference forceCode kind detail } }"
READERS = ("west-yorkshire", "metropolitan")
PASSWORD = "hub-load-password"
API_SETTINGS = ApiSettings(env="test")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def submission(record: dict[str, Any]) -> dict[str, Any]:
    """A generated Truevision record as the `submitReport` input Truevision would send."""
    payload = {_camel(key): value for key, value in record.items() if key != "id"}
    payload["truevisionRef"] = record["id"]
    return payload


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ServedApi:
    """`hub serve` in its own process, on loopback."""

    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def terminate(self, timeout: float = 30) -> bool:
        """SIGTERM, as a process manager would: uvicorn stops accepting, finishes in-flight
        requests, then exits (re-raising the signal, so the status is -SIGTERM either way).
        True when it went through its whole graceful shutdown."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout)
        return "Finished server process" in self.log.read_text()


@contextlib.contextmanager
def serving(neo4j: Neo4jSettings, nats_url: str, log: Path) -> Iterator[ServedApi]:
    """Start `hub serve` against `neo4j` and the broker at `nats_url`; ready once /readyz
    answers 200 (which it does only when both answer)."""
    log.unlink(missing_ok=True)
    served = launch(neo4j, nats_url, log, free_port())
    try:
        wait_ready(served)
        yield served
    finally:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()


def launch(neo4j: Neo4jSettings, nats_url: str, log: Path, port: int) -> ServedApi:
    """`hub serve` on `port`, its output added to `log`; not yet ready."""
    env = {**os.environ, "HUB_ENV": "test", "HUB_HOST": "127.0.0.1", "HUB_PORT": str(port),
           "HUB_NATS_URL": nats_url, "NEO4J_URI": neo4j.effective_uri,
           "NEO4J_PASSWORD": neo4j.password.get_secret_value()}
    hub = Path(sys.executable).parent / "hub"
    with log.open("ab") as sink:
        process = subprocess.Popen([str(hub), "serve"], env=env, stdout=sink,
                                   stderr=subprocess.STDOUT)
    return ServedApi(process, f"http://127.0.0.1:{port}", log)


def wait_ready(served: ServedApi, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise RuntimeError(f"hub serve exited: {served.log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{served.base_url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"hub serve was not ready in {timeout:.0f} s: "
                       f"{served.log.read_text()[-2000:]}")


@dataclass
class LoadResult:
    """What the clients saw."""

    sent: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    reads: int = 0
    read_failures: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # references whose sending failed
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        return percentile(self.latencies_ms, q) or 0.0


def _failure(response: httpx.Response) -> str | None:
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    body = response.json()
    if body.get("errors"):
        return str(body["errors"])[:200]
    errors = body["data"]["submitReport"]["userErrors"] if "submitReport" in body["data"] else []
    return str(errors) if errors else None


async def drive(base_urls: list[str], referrals: list[dict[str, Any]], rate: float,
                readers: tuple[str, ...] = READERS, max_in_flight: int = 64) -> LoadResult:
    """Send each referral at its slot (open loop: a slow answer does not slow the sender), to
    each API process in turn, while one officer per force in `readers` lists cases in a loop on
    each process until the sending is done."""
    result = LoadResult()
    intake = {"Authorization": "Bearer " + mint_development_token(API_SETTINGS, "truevision",
                                                                   Role.INTAKE)}
    gate = asyncio.Semaphore(max_in_flight)
    done = asyncio.Event()
    limits = httpx.Limits(max_connections=max_in_flight + len(readers))
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:

        async def send(base_url: str, payload: dict[str, Any]) -> None:
            async with gate:
                started = time.perf_counter()
                try:
                    response = await http.post(f"{base_url}/graphql", headers=intake,
                                               json={"query": SUBMIT,
                                                     "variables": {"input": payload}})
                    problem = _failure(response)
                except httpx.HTTPError as error:
                    problem = f"{type(error).__name__}: {error}"
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                if problem:
                    result.failures.append(f"{payload['truevisionRef']}: {problem}")
                    result.refused.add(payload["truevisionRef"])

        async def read(base_url: str, force: str) -> None:
            officer = {"Authorization": "Bearer " + mint_development_token(
                API_SETTINGS, f"officer-{force}", Role.FORCE_OFFICER, force)}
            while not done.is_set():
                try:
                    response = await http.post(f"{base_url}/graphql", headers=officer,
                                               json={"query": CASES})
                    problem = _failure(response)
                except httpx.HTTPError as error:
                    problem = f"{type(error).__name__}: {error}"
                result.reads += 1
                if problem:
                    result.read_failures.append(problem)
                await asyncio.sleep(0.5)

        reading = [asyncio.create_task(read(base_url, force))
                   for base_url in base_urls for force in readers]
        began = time.perf_counter()
        sending = []
        for index, record in enumerate(referrals):
            await asyncio.sleep(max(0.0, began + index / rate - time.perf_counter()))
            sending.append(asyncio.create_task(
                send(base_urls[index % len(base_urls)], submission(record))))
            result.sent += 1
        await asyncio.gather(*sending)
        result.seconds = time.perf_counter() - began
        done.set()
        await asyncio.gather(*reading)
    return result


async def stored_counts(graph: Graph, references: list[str]) -> dict[str, int]:
    """How many Report nodes hold each Truevision reference (1 each when nothing was lost)."""
    rows = await graph.rows(
        "UNWIND $refs AS ref OPTIONAL MATCH (r:Report {truevisionRef: ref}) "
        "RETURN ref, count(r) AS n", refs=references)
    return {row["ref"]: row["n"] for row in rows}


def bench_server(home: Path, bolt_port: int) -> LocalServer:
    """The benchmarks' Neo4j living in `home`: stopped if the benchmark dies."""
    return LocalServer(home=home, bolt_port=bolt_port, password=PASSWORD, heap="1g",
                       pagecache="512m", tied=True)


@contextlib.asynccontextmanager
async def dedicated_graph(home: Path) -> AsyncIterator[tuple[Neo4jSettings, Graph]]:
    """A Neo4j of its own, empty but for the schema and reference data (whatever an earlier run
    left in `home` is removed first); removed afterwards."""
    shutil.rmtree(home, ignore_errors=True)
    server = bench_server(home, free_port())
    await asyncio.to_thread(server.start)
    settings = Neo4jSettings(uri=server.uri, password=SecretStr(PASSWORD))
    driver = create_driver(settings)
    try:
        graph = Graph(driver, settings.database)
        await migrate(graph)
        await load_reference_data(graph)
        yield settings, graph
    finally:
        await driver.close()
        await asyncio.to_thread(server.stop)
        shutil.rmtree(home, ignore_errors=True)


def world_referrals(count: int, seed: int) -> list[dict[str, Any]]:
    """Generated referrals, duplicates of viral posts included, so intake links as it would."""
    return [record for record, _truth in generate_world(seed=seed, referrals=count).referrals()]


@contextlib.asynccontextmanager
async def dedicated_broker(home: Path) -> AsyncIterator[str]:
    """A NATS server of its own, with JetStream, stored in `home`; its URL. Removed afterwards."""
    broker = LocalNats(home, port=free_port(), monitor_port=free_port(), tied=True)
    await asyncio.to_thread(broker.start)
    try:
        yield broker.url
    finally:
        await asyncio.to_thread(broker.stop)
        shutil.rmtree(broker.home, ignore_errors=True)


async def case_events(base_url: str, bearer: str,
                      subscribed: asyncio.Event) -> AsyncIterator[dict[str, Any]]:
    """Every case event the bearer may hear on the API at `base_url`, over
    graphql-transport-ws, until the caller stops; `subscribed` is set once the subscription
    has been asked for (and given a moment to reach the broker)."""
    url = base_url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init",
                                  "payload": {"Authorization": f"Bearer {bearer}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe",
                                  "payload": {"query": SUBSCRIBE}}))
        await asyncio.sleep(0.5)  # subscribed at the broker before referrals arrive
        subscribed.set()
        async for message in ws:
            body = json.loads(message)
            if body["type"] == "next":
                yield body["payload"]["data"]["caseEvents"]


@dataclass
class Subscriber:
    """One officer's case-event subscription on one API process: a hub officer (`force` None)
    hears every force, a force officer their own force only."""

    base_url: str
    force: str | None
    heard: list[tuple[str, str]] = field(default_factory=list)  # new cases: (reference, force)

    async def listen(self, subscribed: asyncio.Event) -> None:
        """Subscribe over graphql-transport-ws and keep every new-case event until cancelled."""
        role = Role.HUB_OFFICER if self.force is None else Role.FORCE_OFFICER
        bearer = mint_development_token(API_SETTINGS, f"listener-{self.force or 'hub'}", role,
                                        self.force)
        async for event in case_events(self.base_url, bearer, subscribed):
            if event["kind"] == "REPORT_RECEIVED":
                self.heard.append((event["detail"], event["forceCode"]))

    def verdict(self, events: set[tuple[str, str]]) -> str:
        """How what was heard compares with the new-case events of this subscriber's scope."""
        expected = {event for event in events if self.force in (None, event[1])}
        counts = collections.Counter(self.heard)
        missed = len(expected - set(counts))
        doubled = sum(1 for ref, n in counts.items() if n > 1)
        foreign = len(set(counts) - expected)
        return (f"{self.force or 'hub'} on {self.base_url}: heard {len(counts)} of "
                f"{len(expected)}, missed {missed}, twice or more {doubled}, "
                f"outside its scope {foreign}")


async def settle(subscribers: list[Subscriber], within: float = 60, quiet: float = 3) -> None:
    """Wait until the hub officers on every process have heard the same events and nothing new
    has come for `quiet` seconds (or `within` seconds pass): anything late or twice is in."""
    hub = [s for s in subscribers if s.force is None]
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = [len(s.heard) for s in subscribers]
        await asyncio.sleep(quiet)
        if before == [len(s.heard) for s in subscribers] and \
                len({frozenset(s.heard) for s in hub}) == 1:
            return


async def run(rate: float, seconds: float, seed: int, workers: int) -> None:
    referrals = world_referrals(int(rate * seconds), seed)
    home = PROJECT_ROOT / "var" / f"bench-load-{os.getpid()}"
    async with dedicated_broker(home.parent / f"bench-load-nats-{os.getpid()}") as nats_url, \
            dedicated_graph(home) as (settings, graph):
        with contextlib.ExitStack() as processes:
            served = [processes.enter_context(serving(
                settings, nats_url, home.parent / f"bench-load-{os.getpid()}-{n}.log"))
                for n in range(workers)]
            subscribers = [Subscriber(api.base_url, force)
                           for api in served for force in (None, *READERS)]
            ready = [asyncio.Event() for _ in subscribers]
            listening = [asyncio.create_task(subscriber.listen(subscribed))
                         for subscriber, subscribed in zip(subscribers, ready, strict=True)]
            await asyncio.gather(*(event.wait() for event in ready))
            result = await drive([api.base_url for api in served], referrals, rate)
            await settle(subscribers)
            for task in listening:
                task.cancel()
        counts = await stored_counts(graph, [record["id"] for record in referrals])
    # Not stored, though no retryable refusal told the sender to send it again.
    lost = sorted(ref for ref, n in counts.items() if n == 0 and ref not in result.refused)
    doubled = sorted(ref for ref, n in counts.items() if n > 1)
    print(f"{workers} API process(es); sent {result.sent} referrals in {result.seconds:.1f} s "
          f"({result.sent / result.seconds:.1f}/s offered at {rate}/s); "
          f"{len(result.failures)} failed ({len(result.failures) / result.sent:.2%}); "
          f"stored once: {sum(1 for n in counts.values() if n == 1)}, "
          f"not stored after a refusal: {sum(1 for n in counts.values() if n == 0) - len(lost)}, "
          f"lost: {len(lost)}, "
          f"doubled: {len(doubled)}")
    print(f"submitReport latency ms: p50 {statistics.median(result.latencies_ms):.1f}, "
          f"p95 {result.percentile(0.95):.1f}, p99 {result.percentile(0.99):.1f}, "
          f"max {max(result.latencies_ms):.1f}")
    print(f"officer case lists during the load: {result.reads}, "
          f"failed: {len(result.read_failures)}")
    events = {event for subscriber in subscribers if subscriber.force is None
              for event in subscriber.heard}
    print(f"new-case events heard by any hub officer: {len(events)}")
    for subscriber in subscribers:
        print("  ", subscriber.verdict(events))
    for problem in (result.failures + result.read_failures)[:10]:
        print("  ", problem)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=20.0, help="Referrals a second offered.")
    parser.add_argument("--seconds", type=float, default=60.0, help="How long to offer them.")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--workers", type=int, default=1,
                        help="`hub serve` processes sharing the Neo4j and the NATS broker.")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.rate, arguments.seconds, arguments.seed, arguments.workers))


if __name__ == "__main__":
    main()
