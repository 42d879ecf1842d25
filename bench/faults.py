"""Faults in the middle of intake: Neo4j killed (SIGKILL), Neo4j stopped (SIGTERM), the API
process killed; each mended while referrals keep coming, as an operator would see them.

Neo4j (var/neo4j-faults) and NATS are the project's own servers (servers/), and the API is
`hub serve` in a process of its own with its production settings. For each fault, several
senders offer referrals at a steady rate between them; each referral is sent at its slot (open
loop) and sent again, as Truevision's sender does, while the answer says `retryable` (after its
`Retry-After`) or no answer comes (connection refused or reset, or a 15 s client timeout), for
up to 60 s. `--fault-at` seconds in, the fault; `--down` seconds later, the repair (Neo4j
started again, or a new `hub serve` on the same port). /readyz is asked twice a second
throughout, with a 2 s timeout. Afterwards the graph is asked, for each referral, how many
reports hold it, in how many cases, with how many audit entries; and for cases without a report.
Run:

    .venv/bin/python -m bench.faults                      # all three faults, one after another
    .venv/bin/python -m bench.faults --fault neo4j-kill   # one

tests/reliability/test_outage.py runs the Neo4j kill and the stop, smaller, in the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api.auth import mint_development_token
from bench.load import (
    API_SETTINGS,
    SUBMIT,
    ServedApi,
    bench_server,
    dedicated_broker,
    dedicated_graph,
    free_port,
    launch,
    submission,
    wait_ready,
    world_referrals,
)
from casework.access import Role
from graph.driver import Graph
from graph.settings import PROJECT_ROOT, Neo4jSettings
from servers.neo4j import LocalServer

FAULTS = ("neo4j-kill", "neo4j-stop", "api-kill")
CLIENT_TIMEOUT = 15.0  # a sender's own timeout, as in the trial
BACKOFF = (0.5, 5.0)  # a sender's first and longest wait when no Retry-After is given


@dataclass
class Delivery:
    """One referral as its sender saw it."""

    reference: str
    sent_at: float
    attempts: int = 0
    refusals: Counter[str] = field(default_factory=Counter)  # retryable answers, by code
    no_answer: int = 0  # refused connections, resets, client timeouts
    acknowledged_at: float | None = None
    last_refused_at: float | None = None
    failure: str | None = None  # a final answer that was not retryable
    heard: list[tuple[float, str]] = field(default_factory=list)  # (when, `kind_of` answer)


@dataclass
class Readiness:
    at: float
    status: int | None  # None: no answer within the probe's timeout
    seconds: float


@dataclass
class Run:
    """Everything one fault's run saw, times in seconds from the start of sending."""

    fault: str
    deliveries: list[Delivery] = field(default_factory=list)
    probes: list[Readiness] = field(default_factory=list)
    fault_at: float = 0.0
    repair_began: float = 0.0
    repaired: float = 0.0  # Neo4j answering again, or the new API process ready
    late: list[Delivery] = field(default_factory=list)  # the budget's leftovers, sent again
    load: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load, start and end


class Outage:
    """The servers a fault acts on, and the acts."""

    def __init__(self, server: LocalServer, api: ServedApi, neo4j: Neo4jSettings,
                 nats_url: str) -> None:
        self.server, self.api, self.neo4j, self.nats_url = server, api, neo4j, nats_url

    async def fault(self, kind: str) -> None:
        if kind == "neo4j-kill":
            await asyncio.to_thread(self.server.process.kill)
        elif kind == "neo4j-stop":
            await asyncio.to_thread(self.server.stop)
        else:
            self.api.process.kill()
            await asyncio.to_thread(self.api.process.wait)

    async def repair(self, kind: str) -> None:
        if kind.startswith("neo4j"):
            await asyncio.to_thread(self.server.start)
            return
        port = int(self.api.base_url.rsplit(":", 1)[1])
        self.api = launch(self.neo4j, self.nats_url, self.api.log, port)
        await asyncio.to_thread(wait_ready, self.api, 300)


def kind_of(message: str) -> str:
    """Which of the hub's "retry" answers this is, by its message (api/app.py, api/errors.py):
    the process full, the request past its deadline, or the database away."""
    return ("busy" if "busy" in message else "deadline" if "took longer" in message
            else "unavailable")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


async def deliver(http: httpx.AsyncClient, headers: dict[str, str], payload: dict[str, Any],
                  delivery: Delivery, budget: float, clock: Callable[[], float]) -> None:
    """Send one referral until it is acknowledged, refused for good, or the budget is spent."""
    wait = BACKOFF[0]
    while clock() - delivery.sent_at < budget:
        delivery.attempts += 1
        pause: float | None = None
        try:
            response = await http.post("/graphql", headers=headers, timeout=CLIENT_TIMEOUT,
                                       json={"query": SUBMIT, "variables": {"input": payload}})
        except httpx.TransportError:
            delivery.no_answer += 1
            delivery.last_refused_at = clock()
            delivery.heard.append((clock(), "no answer"))
        else:
            body = response.json() if response.headers.get("content-type", "").startswith(
                "application/json") else {}
            errors = body.get("errors") or []
            if response.status_code == 200 and not errors:
                problems = body["data"]["submitReport"]["userErrors"]
                if problems:
                    delivery.failure = f"userErrors {problems}"
                else:
                    delivery.acknowledged_at = clock()
                    delivery.heard.append((clock(), "acknowledged"))
                return
            extensions = errors[0].get("extensions", {}) if errors else {}
            if not extensions.get("retryable"):
                delivery.failure = f"HTTP {response.status_code} {extensions.get('code')}"
                return
            delivery.refusals[str(extensions.get("code"))] += 1
            delivery.last_refused_at = clock()
            delivery.heard.append((clock(), kind_of(str(errors[0].get("message", "")))))
            pause = _retry_after(response)
        await asyncio.sleep(pause if pause is not None else wait * random.uniform(0.5, 1.5))
        wait = min(wait * 2, BACKOFF[1])


async def watch_readiness(base: Callable[[], str], probes: list[Readiness],
                          clock: Callable[[], float], done: asyncio.Event) -> None:
    async with httpx.AsyncClient(timeout=2.0) as http:
        while not done.is_set():
            started = clock()
            try:
                status: int | None = (await http.get(f"{base()}/readyz")).status_code
            except httpx.HTTPError:
                status = None
            probes.append(Readiness(started, status, clock() - started))
            await asyncio.sleep(max(0.0, 0.5 - (clock() - started)))


async def run_fault(kind: str, outage: Outage, referrals: list[dict[str, Any]], rate: float,
                    senders: int, fault_at: float, down: float, budget: float) -> Run:
    run = Run(kind, load=(os.getloadavg()[0], 0.0))
    began = time.monotonic()

    def clock() -> float:
        return time.monotonic() - began

    intake = {"Authorization": "Bearer " + mint_development_token(API_SETTINGS, "truevision",
                                                                   Role.INTAKE)}
    done = asyncio.Event()
    limits = httpx.Limits(max_connections=400)
    clients = [httpx.AsyncClient(base_url=outage.api.base_url, limits=limits)
               for _ in range(senders)]
    watching = asyncio.create_task(
        watch_readiness(lambda: outage.api.base_url, run.probes, clock, done))

    async def act() -> None:
        await asyncio.sleep(fault_at)
        run.fault_at = clock()
        await outage.fault(kind)
        await asyncio.sleep(down)
        run.repair_began = clock()
        await outage.repair(kind)
        run.repaired = clock()

    acting = asyncio.create_task(act())
    sending = []
    for index, record in enumerate(referrals):
        await asyncio.sleep(max(0.0, index / rate - clock()))
        payload = submission(record)
        payload["truevisionRef"] = f"{kind}-{payload['truevisionRef']}"
        delivery = Delivery(payload["truevisionRef"], clock())
        run.deliveries.append(delivery)
        sending.append(asyncio.create_task(
            deliver(clients[index % senders], intake, payload, delivery, budget, clock)))
    await acting
    await asyncio.gather(*sending)
    # "Refused, then accepted when sent again": what the budget left, sent once more.
    late = [(index, {**submission(record), "truevisionRef": delivery.reference},
             Delivery(delivery.reference, clock()))
            for index, (record, delivery) in enumerate(zip(referrals, run.deliveries,
                                                           strict=True))
            if delivery.acknowledged_at is None and delivery.failure is None]
    await asyncio.gather(*(deliver(clients[index % senders], intake, payload, again, budget,
                                   clock) for index, payload, again in late))
    run.late = [again for _, _, again in late]
    done.set()
    await watching
    run.load = (run.load[0], os.getloadavg()[0])
    for client in clients:
        await client.aclose()
    return run


STORED = """
UNWIND $refs AS ref
OPTIONAL MATCH (r:Report {truevisionRef: ref})
OPTIONAL MATCH (r)-[:PART_OF]->(c:Case)
WITH ref, count(DISTINCT r) AS reports, count(DISTINCT c) AS cases
CALL (ref) {
  MATCH (e:AuditEvent {action: 'COLLECTION'}) WHERE ref IN e.targets RETURN count(e) AS audits
}
RETURN ref, reports, cases, audits
"""
HALF_WRITTEN = """
CALL () { MATCH (c:Case) WHERE NOT EXISTS { (:Report)-[:PART_OF]->(c) } RETURN count(c) AS a }
CALL () { MATCH (r:Report) WHERE NOT EXISTS { (r)-[:PART_OF]->(:Case) } RETURN count(r) AS b }
CALL () { MATCH (c:Case) WITH c.reference AS ref, count(*) AS n WHERE n > 1
          RETURN count(ref) AS d }
RETURN a AS casesWithoutReport, b AS reportsWithoutCase, d AS caseNumbersTwice
"""


async def report(run: Run, graph: Graph, log_lines: int, tracebacks: int) -> None:
    """Print what the senders saw, what the graph holds, and how readiness answered."""
    rows = await graph.rows(STORED, refs=[delivery.reference for delivery in run.deliveries])
    once = {row["ref"] for row in rows
            if (row["reports"], row["cases"], row["audits"]) == (1, 1, 1)}
    half = (await graph.rows(HALF_WRITTEN))[0]
    sent = run.deliveries
    acknowledged = [d for d in sent if d.acknowledged_at is not None]
    refused = [d for d in sent if d.refusals or d.no_answer]
    failed = Counter(d.failure for d in sent if d.failure)
    codes: Counter[str] = Counter()
    for delivery in sent:
        codes.update(delivery.refusals)
    since_repair = [d.acknowledged_at - run.repaired for d in [*acknowledged, *run.late]
                    if d.acknowledged_at is not None and d.acknowledged_at >= run.repaired]
    refused_until = max((d.last_refused_at for d in sent if d.last_refused_at is not None),
                        default=run.repaired) - run.repaired
    ready = next((p.at - run.repaired for p in run.probes
                  if p.at >= run.repaired and p.status == 200), None)
    down = Counter(p.status for p in run.probes if run.fault_at <= p.at < run.repaired)
    lines = [
        f"== {run.fault}: fault at {run.fault_at:.1f} s; repair began at "
        f"{run.repair_began:.1f} s and took {run.repaired - run.repair_began:.1f} s",
        f"referrals sent {len(sent)} in {sum(d.attempts for d in sent)} requests; "
        f"acknowledged {len(acknowledged)}; refused at least once {len(refused)}, of which "
        f"acknowledged on a retry {sum(1 for d in refused if d.acknowledged_at)}; retryable "
        f"answers {dict(codes)}; no answer {sum(d.no_answer for d in sent)}",
        f"refused for good (not retryable) {sum(failed.values())} {dict(failed)}; "
        f"unacknowledged within the budget {len(sent) - len(acknowledged) - sum(failed.values())}"
        f", acknowledged when sent once more after the run "
        f"{sum(1 for d in run.late if d.acknowledged_at is not None)}",
        f"stored once (one report, one case, one audit entry) {len(once)}; acknowledged but "
        f"not stored once {sum(1 for d in acknowledged if d.reference not in once)}; duplicates "
        f"{sum(1 for row in rows if row['reports'] > 1)}; refused at least once and stored "
        f"once {sum(1 for d in refused if d.reference in once)}; {half}",
        f"recovery: first acknowledgement {min(since_repair, default=float('nan')):.1f} s "
        f"after the repair; the last refusal {refused_until:.1f} s after it",
        f"/readyz during the outage {dict(down)} (None: no answer in 2 s); ready again "
        f"{ready if ready is not None else float('nan'):.1f} s after the repair; slowest "
        f"answer {max(p.seconds for p in run.probes):.2f} s, over 1 s "
        f"{sum(1 for p in run.probes if p.seconds > 1.0)} of {len(run.probes)}",
        f"what senders heard from the repair on, by 5 s: {recovery(run)}",
        f"API log during the run: {log_lines} lines, {tracebacks} tracebacks; machine load "
        f"(1 min) {run.load[0]:.1f} at the start, {run.load[1]:.1f} at the end",
    ]
    print("\n".join(["", *lines]), flush=True)


def recovery(run: Run, step: float = 5.0, steps: int = 8) -> str:
    """Acknowledgements and each kind of refusal, by `step` seconds from the repair on: how
    intake came back, and what held it back meanwhile."""
    windows: list[Counter[str]] = [Counter() for _ in range(steps)]
    for delivery in [*run.deliveries, *run.late]:
        for at, kind in delivery.heard:
            index = int((at - run.repaired) // step)
            if 0 <= index < steps:
                windows[index][kind] += 1
    return "; ".join(f"{n * step:g}-{(n + 1) * step:g} s {dict(window)}"
                     for n, window in enumerate(windows))


def _log_size(log: Path) -> tuple[int, int]:
    text = log.read_text(errors="replace") if log.exists() else ""
    return text.count("\n"), text.count("Traceback")


async def main_async(faults: list[str], rate: float, seconds: float, senders: int,
                     fault_at: float, down: float, budget: float, seed: int) -> None:
    home = PROJECT_ROOT / "var" / "neo4j-faults"
    log = home.parent / "faults-hub-serve.log"
    log.unlink(missing_ok=True)
    async with dedicated_broker(home.parent / "nats-faults") as nats_url, \
            dedicated_graph(home) as (neo4j, graph):
        server = bench_server(home, int(neo4j.effective_uri.rsplit(":", 1)[1]))
        api = launch(neo4j, nats_url, log, free_port())
        await asyncio.to_thread(wait_ready, api)
        outage = Outage(server, api, neo4j, nats_url)
        try:
            for number, kind in enumerate(faults):
                referrals = world_referrals(int(rate * seconds), seed + number)
                before = _log_size(log)
                run = await run_fault(kind, outage, referrals, rate, senders, fault_at, down,
                                      budget)
                lines, tracebacks = _log_size(log)
                await report(run, graph, lines - before[0], tracebacks - before[1])
                await asyncio.to_thread(wait_ready, outage.api)
        finally:
            with contextlib.suppress(ProcessLookupError):
                outage.api.process.kill()
                await asyncio.to_thread(outage.api.process.wait)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fault", choices=[*FAULTS, "all"], default="all")
    parser.add_argument("--rate", type=float, default=10.0, help="Referrals a second, in all.")
    parser.add_argument("--seconds", type=float, default=45.0, help="How long they are offered.")
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--fault-at", type=float, default=15.0)
    parser.add_argument("--down", type=float, default=15.0,
                        help="Seconds between the fault and the start of its repair.")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="Seconds a sender keeps retrying one referral.")
    parser.add_argument("--seed", type=int, default=20261203)
    arguments = parser.parse_args()
    faults = list(FAULTS) if arguments.fault == "all" else [arguments.fault]
    asyncio.run(main_async(faults, arguments.rate, arguments.seconds, arguments.senders,
                           arguments.fault_at, arguments.down, arguments.budget,
                           arguments.seed))


if __name__ == "__main__":
    main()
