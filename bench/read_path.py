"""The read path: a case screen through GraphQL over HTTP against the same reads through the
driver, on an imported graph.

A generated world of `--referrals` referrals is imported offline as `bench.big` does it (CSV,
`neo4j-admin database import`), and `--cases` of its cases, drawn at random, are worked through
the API first (triaged, assessed, allocated, their post captured and referred to its platform),
so that every part of a screen has something to show. Then, in interleaved blocks so that a busy
machine slows each alike, one request at a time:

- `graphql`: the front end's registered `CaseScreen` document (docs/documents), sent by id to the
  app through its ASGI interface (httpx, no sockets): token, limits, GraphQL, the one read and
  the consultation's audit write;
- `raw read`: the same Cypher (`graph.case_screen.screen_query`, every part and both pages)
  through the driver in one read transaction, records fetched and nothing else;
- `raw + audit`: that read and then the consultation's audit entry, written as the API writes
  it: what any path to the data owes under DPA 2018 s.62;
- `bare`: `{ __typename }` through the app, the fixed cost of a request.

Reported: p50 and p99 of each, and the ratios of GraphQL to the raw paths. Run:

    .venv/bin/python -m bench.read_path --referrals 10000
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import shutil
import statistics
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from neo4j import AsyncManagedTransaction
from strawberry import relay

from api.app import create_app
from api.auth import TokenVerifier, mint_development_token
from api.settings import ApiSettings
from api.trusted import SOURCES, document_id
from bench.big import served, write_worlds
from bench.graphql_overhead import ask
from bench.intake import p99
from bench.load import dedicated_broker
from casework.access import Role
from casework.audit import AuditAction, audit_entry
from graph.audit import record_event
from graph.case_screen import PAGES, PARTS, screen_query
from graph.driver import Graph
from graph.pages import Window
from graph.settings import PROJECT_ROOT, Neo4jSettings

SCREEN = (SOURCES / "case-screen.graphql").read_text(encoding="utf-8")
BARE = "{ __typename }"
BLOCK = 20  # requests of one kind before turning to the next
NO = {"immediateDanger": False, "posterIdentityKnown": False, "futureEvent": False}
CRIME = {"decision": "CRIME", "strands": ["RELIGION"], "perceivedBy": "VICTIM",
         "offences": ["POA1986-s4A"], "offenceInLaw": True, "credibleEvidenceToContrary": False,
         "reasons": "threatening words, perceived as religious hate"}
WORK = [
    ("mutation($i: TriageCaseInput!) { triageCase(input: $i) { userErrors { code } } }", NO),
    ("mutation($i: AssessCaseInput!) { assessCase(input: $i) { userErrors { code } } }", CRIME),
    ("mutation($i: AllocateCaseInput!) { allocateCase(input: $i) { userErrors { code } } }",
     {"suspectIdentified": False}),
]
CAPTURE = ("mutation($i: CaptureContentInput!) { captureContent(input: $i) {"
           " capture { id } userErrors { code } } }")
REFER = ("mutation($i: ReferToPlatformInput!) { referToPlatform(input: $i) {"
         " userErrors { code } } }")


async def work_case(http: httpx.AsyncClient, token: str, case: dict[str, Any]) -> None:
    """Triage, assess and allocate the case, capture its post and refer it to its platform."""
    for document, given in WORK:
        await ask(http, token, {"query": document, "variables": {"i": {
            "caseId": case["id"], **given}}})
    sent = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    captured = await ask(http, token, {"query": CAPTURE, "variables": {"i": {
        "caseId": case["id"], "url": case["url"], "text": case["text"] or "as posted",
        "capturedAt": sent}}})
    capture_id = captured["data"]["captureContent"]["capture"]["id"]
    await ask(http, token, {"query": REFER, "variables": {"i": {
        "caseId": case["id"], "captureId": capture_id, "platformId": case["platform"],
        "sentAt": sent, "legalBasis": {"offenceCode": "POA1986-s4A"}}}})


async def sample_cases(graph: Graph, count: int, seed: int) -> list[dict[str, Any]]:
    """`count` cases at random, each with a URL and its platform to refer it to."""
    rows = await graph.rows(
        "MATCH (c:Case)<-[:PART_OF]-(r:Report) WHERE size(r.contentUrls) > 0"
        " WITH c, head(collect(r)) AS r"
        " MATCH (p:Platform) WHERE p.id = coalesce(r.platform, 'x')"
        " RETURN c.reference AS reference, r.contentUrls[0] AS url, r.contentText AS text,"
        "  p.id AS platform")
    chosen = random.Random(seed).sample(rows, min(count, len(rows)))
    return [{**row, "id": relay.to_base64("Case", row["reference"])} for row in chosen]


def raw_read(graph: Graph) -> Callable[[str], Awaitable[None]]:
    """The screen's Cypher straight through the driver, one read transaction, all records."""
    window = Window(size=20, after=None, before=None, from_end=False)
    query, params = screen_query(PARTS, dict.fromkeys(PAGES, window))

    async def read(reference: str) -> None:
        async def work(tx: AsyncManagedTransaction) -> None:
            await (await tx.run(query, reference=reference, scope=None, **params)).data()

        async with graph.driver.session(database=graph.database) as session:
            await session.execute_read(work)

    return read


def raw_read_and_audit(graph: Graph, read: Callable[[str], Awaitable[None]],
                       principal: Any) -> Callable[[str], Awaitable[None]]:
    async def both(reference: str) -> None:
        await read(reference)
        await record_event(graph, audit_entry(
            principal, AuditAction.CONSULTATION, datetime.now(UTC), targets=[reference],
            justification=None, operation="CaseScreen"))

    return both


def graphql(http: httpx.AsyncClient, token: str, body: Callable[[str], dict[str, Any]]
            ) -> Callable[[str], Awaitable[None]]:
    async def send(reference: str) -> None:
        await ask(http, token, body(reference))

    return send


async def measure(paths: dict[str, Callable[[str], Awaitable[None]]], references: list[str],
                  requests: int) -> dict[str, list[float]]:
    """Each path over the sample cases in turn, BLOCK requests at a time, after a block each
    of warm-up; milliseconds per request."""
    took: dict[str, list[float]] = {name: [] for name in paths}
    turn = 0
    for round_ in range(max(1, requests // BLOCK) + 1):
        for name, path in paths.items():
            for _ in range(BLOCK):
                reference = references[turn % len(references)]
                turn += 1
                started = time.perf_counter()
                await path(reference)
                if round_:  # the first round warms up
                    took[name].append((time.perf_counter() - started) * 1000)
    return took


def report(took: dict[str, list[float]]) -> list[str]:
    p50 = {name: statistics.median(times) for name, times in took.items()}
    tail = {name: p99(times) for name, times in took.items()}
    lines = ["| path | p50 ms | p99 ms |", "|---|---|---|"]
    lines += [f"| {name} | {p50[name]:.1f} | {tail[name]:.1f} |" for name in took]
    for raw in ("raw read", "raw + audit"):
        lines.append(f"graphql / {raw}: p50 {p50['graphql'] / p50[raw]:.2f}x, "
                     f"p99 {tail['graphql'] / tail[raw]:.2f}x")
    lines.append(f"graphql / bare: p50 {p50['graphql'] / p50['bare']:.2f}x")
    return lines


async def run(referrals: int, cases: int, requests: int, seed: int) -> None:
    started = time.perf_counter()
    folder = PROJECT_ROOT / "var" / "bench-read-csv"
    shutil.rmtree(folder, ignore_errors=True)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
            world, _, _, _ = await asyncio.get_running_loop().run_in_executor(
                child, write_worlds, folder / "world", folder / "none", referrals,
                max(1000, referrals // 2), 0, seed)
        print(f"CSV written in {time.perf_counter() - started:.0f} s", flush=True)
        async with dedicated_broker(PROJECT_ROOT / "var" / "bench-read-nats") as nats_url, \
                served("read", world, "2g", "2g") as (neo4j, graph, _pid):
            shutil.rmtree(folder, ignore_errors=True)
            await measured(neo4j, graph, nats_url, referrals, cases, requests, seed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def measured(neo4j: Neo4jSettings, graph: Graph, nats_url: str, referrals: int,
                   cases: int, requests: int, seed: int) -> None:
    settings = ApiSettings(env="test", nats_url=nats_url, rate_per_second=100_000,
                           rate_burst=100_000, request_deadline=120)
    officer = mint_development_token(settings, "bench-officer", Role.HUB_OFFICER, None)
    app = create_app(settings, neo4j)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.bench") as http:
        sample = await sample_cases(graph, cases, seed)
        worked = time.perf_counter()
        for case in sample:
            await work_case(http, officer, case)
        print(f"{len(sample)} cases worked in {time.perf_counter() - worked:.0f} s", flush=True)
        references = [case["reference"] for case in sample]
        read = raw_read(graph)
        principal = await TokenVerifier(settings).verify(f"Bearer {officer}")
        paths = {
            "graphql": graphql(http, officer, lambda reference: {
                "documentId": document_id(SCREEN), "variables": {"reference": reference}}),
            "raw read": read,
            "raw + audit": raw_read_and_audit(graph, read, principal),
            "bare": graphql(http, officer, lambda _: {"query": BARE}),
        }
        took = await measure(paths, references, requests)
    print(f"\ncase screen, {referrals:,} referrals stored, {len(references)} worked cases, "
          f"{len(took['graphql'])} requests each:", *report(took), sep="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=40, help="Cases worked and read.")
    parser.add_argument("--requests", type=int, default=400, help="Requests of each path.")
    parser.add_argument("--seed", type=int, default=20)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.referrals, arguments.cases, arguments.requests, arguments.seed))


if __name__ == "__main__":
    main()
