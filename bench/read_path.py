"""The read path: GraphQL over HTTP against the same reads without it, on an imported graph.

A generated world of `--referrals` referrals is imported offline as `bench.big` does it (CSV,
`neo4j-admin database import`; kept under var/bench-big-cache, so a second run on the same world
starts from a copy of its store), and `--cases` of its cases, drawn at random, are worked through
the API first (triaged, assessed, allocated, their post captured and referred to its platform),
so that every part of a screen has something to show. Then, in interleaved blocks so that a busy
machine slows each alike, one request at a time, for each of four operations:

- the case screen: the front end's registered `CaseScreen` document (docs/documents), sent by id
  to the app through its ASGI interface (httpx, no sockets: token, limits, GraphQL, the one read
  and the consultation's audit entry), against the same Cypher (`graph.case_screen.screen_query`,
  every part and both pages) through the driver in one read transaction (`raw read`), and that
  read followed by the consultation's audit entry as the API writes it (`raw + audit`: what any
  path to the data owes under DPA 2018 s.62); and `{ __typename }` (`bare`), the fixed cost of a
  request;
- the case list: the registered `CaseList` document (50 cases) against `graph.cases.list_cases`
  called directly (`store read`), and with the audit entry;
- `network(depth: 3)` around a suspect (with its justification) against
  `graph.network.neighbourhood` called directly, and with the analysis (networkx) and the entry;
- intake: `submitReport` against `casework.intake.submit_referral` called directly, each with
  referrals the graph has not seen.

Reported: p50 and p99 of each and their ratios; and for the screen and the list, throughput at
8 and 32 concurrent clients (GraphQL against the direct path with its audit entry). `--profile N`
profiles N GraphQL case screens (cProfile) instead. Run:

    .venv/bin/python -m bench.read_path --referrals 10000 --requests 200
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import random
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from neo4j import AsyncManagedTransaction
from strawberry import relay

from api.app import create_app
from api.auth import TokenVerifier, mint_development_token
from api.settings import ApiSettings
from api.trusted import SOURCES, document_id
from bench.big import imported_world, served
from bench.graphql_overhead import ask
from bench.intake import p99
from bench.load import SUBMIT, dedicated_broker, submission
from bench.profile import hot_functions
from casework.access import Principal, Role
from casework.audit import AuditAction, audit_entry
from casework.intake.service import submit_referral
from casework.network.analysis import NetworkEdge, analyse
from graph.audit import record_event
from graph.case_screen import PAGES, PARTS, screen_query
from graph.cases import CaseFilter, list_cases
from graph.driver import Graph
from graph.network import neighbourhood
from graph.pages import Key, Window
from graph.settings import PROJECT_ROOT, Neo4jSettings
from resolvers.network.queries import consulted_in

SCREEN = (SOURCES / "case-screen.graphql").read_text(encoding="utf-8")
LIST = (SOURCES / "case-list.graphql").read_text(encoding="utf-8")
NETWORK = """query Network($around: ID!) { network(around: $around, depth: 3) {
  truncated nodes { id kind label degree pagerank community }
  edges { source target kind probability reasons } } }"""
BARE = "{ __typename }"
# The screen shows the accounts and suspects behind the case, which need a stated reason (as
# `network` does); the API's audit entry carries it, and so does the direct path's.
WHY = "bench: operation READPATH case review"
BLOCK = 20  # requests of one kind before turning to the next
SCREEN_PAGE = 20  # referrals and complainants on a screen (the document's defaults)
LIST_PAGE = 50
CLIENTS = (8, 32)  # concurrent clients for throughput
ROUNDS = 3  # throughput rounds of each path, alternating
Path = Callable[[int], Awaitable[None]]
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


def raw_read(graph: Graph) -> Callable[[str], Awaitable[list[str]]]:
    """The screen's Cypher straight through the driver, one read transaction, all records;
    the referrals its pages show and the accounts and suspects it shows (what the consultation
    log names beside the case)."""
    window: Window[Key] = Window(size=SCREEN_PAGE, after=None, before=None, from_end=False)
    query, params = screen_query(PARTS, dict.fromkeys(PAGES, window))

    async def read(reference: str) -> list[str]:
        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return await (await tx.run(query, reference=reference, scope=None, **params)).data()

        async with graph.driver.session(database=graph.database) as session:
            rows = await session.execute_read(work)
        row = rows[0]
        return [*(item["truevisionRef"] for item in row["reports"][:SCREEN_PAGE]),
                *(item["report"] for item in row["complainants"][:SCREEN_PAGE]),
                *(f"account:{item['id']}" for item in row["accounts"]),
                *(shown for item in row["suspects"] for shown in (
                    f"suspect:{item['id']}", *(f"account:{a}" for a in item["accounts"])))]

    return read


def graphql(http: httpx.AsyncClient, token: str, body: Callable[[int], dict[str, Any]],
            headers: Mapping[str, str] | None = None) -> Path:
    """A path through the app: token, limits, GraphQL, the reads and the consultation's log."""
    sent = {"Authorization": f"Bearer {token}", **(headers or {})}

    async def send(turn: int) -> None:
        response = await http.post("/graphql", json=body(turn), headers=sent)
        answer = response.json()
        if response.status_code != 200 or answer.get("errors") or any(
                isinstance(value, dict) and value.get("userErrors")
                for value in (answer.get("data") or {}).values()):
            raise RuntimeError(f"the benchmark's request failed: {answer}")

    return send


def audited(graph: Graph, read: Callable[[int], Awaitable[list[str]]], principal: Principal,
            operation: str, justification: str | None = None) -> Path:
    """`read`, then the consultation's audit entry naming what it returned, as the API writes
    it: what any path to the data owes under DPA 2018 s.62."""
    async def both(turn: int) -> None:
        targets = await read(turn)
        await record_event(graph, audit_entry(
            principal, AuditAction.CONSULTATION, datetime.now(UTC), targets=sorted(set(targets)),
            justification=justification, operation=operation))

    return both


def unaudited(read: Callable[[int], Awaitable[Any]]) -> Path:
    async def only(turn: int) -> None:
        await read(turn)

    return only


async def measure(paths: Mapping[str, Path], requests: int) -> dict[str, list[float]]:
    """Each path in turn, BLOCK requests at a time, after a block each of warm-up;
    milliseconds per request. Each path's n-th request is its n-th turn."""
    took: dict[str, list[float]] = {name: [] for name in paths}
    turns = dict.fromkeys(paths, 0)
    for round_ in range(max(1, requests // BLOCK) + 1):
        for name, path in paths.items():
            for _ in range(BLOCK):
                started = time.perf_counter()
                await path(turns[name])
                turns[name] += 1
                if round_:  # the first round warms up
                    took[name].append((time.perf_counter() - started) * 1000)
    return took


async def throughput(path: Path, clients: int, requests: int, first_turn: int) -> float:
    """Requests a second that `clients` concurrent clients get through `requests` in all."""
    per_client = max(1, requests // clients)

    async def client(n: int) -> None:
        for k in range(per_client):
            await path(first_turn + n * per_client + k)

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return clients * per_client / (time.perf_counter() - started)


async def throughputs(paths: Mapping[str, Path], requests: int) -> list[str]:
    """Throughput of each path at each level of concurrency, alternating paths over rounds so
    that a busy machine slows each alike; the median round of each."""
    lines = ["| clients | " + " | ".join(f"{name} req/s" for name in paths) + " | ratio |",
             "|---|" + "---|" * (len(paths) + 1)]
    for clients in CLIENTS:
        got: dict[str, list[float]] = {name: [] for name in paths}
        for round_ in range(ROUNDS):
            for name, path in paths.items():
                got[name].append(await throughput(path, clients, requests,
                                                  round_ * requests))
        median = {name: statistics.median(values) for name, values in got.items()}
        first, *rest = median.values()
        ratio = " / ".join(f"{value / first:.2f}x" for value in rest)
        lines.append(f"| {clients} | " + " | ".join(f"{value:.0f}" for value in median.values())
                     + f" | {ratio} |")
    return lines


def report(took: Mapping[str, list[float]], over: str, unders: Sequence[str]) -> list[str]:
    p50 = {name: statistics.median(times) for name, times in took.items()}
    tail = {name: p99(times) for name, times in took.items()}
    lines = ["| path | p50 ms | p99 ms |", "|---|---|---|"]
    lines += [f"| {name} | {p50[name]:.1f} | {tail[name]:.1f} |" for name in took]
    for under in unders:
        lines.append(f"{over} / {under}: p50 {p50[over] / p50[under]:.2f}x, "
                     f"p99 {tail[over] / tail[under]:.2f}x")
    return lines


def profiled(path: Path, requests: int) -> Path:
    """`path` run `requests` times under cProfile, its hot functions printed (`--profile`)."""
    async def run(turn: int) -> None:
        profiler = cProfile.Profile()
        profiler.enable()
        for k in range(requests):
            await path(turn + k)
        profiler.disable()
        print(*hot_functions(profiler, top=40), sep="\n")

    return run


async def run(referrals: int, cases: int, requests: int, seed: int, profile: int) -> None:
    world = await imported_world(referrals, max(1000, referrals // 2), 0, seed)
    async with dedicated_broker(PROJECT_ROOT / "var" / "bench-read-nats") as nats_url, \
            served("read", world.stores["large"], "2g", "2g") as (neo4j, graph, _pid):
        await measured(neo4j, graph, nats_url, World(referrals, world.suspects, world.fresh),
                       cases, requests, seed, profile)


@dataclass(frozen=True, slots=True)
class World:
    """What the imported graph holds for the paths: its size, its suspects (networks start
    there) and referrals it has not seen yet (each intake sends a new one)."""

    referrals: int
    suspects: list[str]
    fresh: list[dict[str, Any]]


def screen_paths(graph: Graph, http: httpx.AsyncClient, officer: str, principal: Principal,
                 references: list[str]) -> dict[str, Path]:
    read = raw_read(graph)

    async def shown(turn: int) -> list[str]:
        reference = references[turn % len(references)]
        return [reference, *await read(reference)]

    return {
        "graphql": graphql(http, officer, lambda turn: {
            "documentId": document_id(SCREEN),
            "variables": {"reference": references[turn % len(references)]}},
            headers={"X-Hub-Justification": WHY}),
        "raw read": unaudited(shown),
        "raw + audit": audited(graph, shown, principal, "CaseScreen", WHY),
        "bare": graphql(http, officer, lambda _: {"query": BARE}),
    }


def list_paths(graph: Graph, http: httpx.AsyncClient, officer: str,
               principal: Principal) -> dict[str, Path]:
    window: Window[Key] = Window(size=LIST_PAGE, after=None, before=None, from_end=False)

    async def read(_: int) -> list[str]:
        page, _total = await list_cases(graph, None, CaseFilter(), window)
        return [case.reference for case in window.shown(page)]

    return {
        "graphql": graphql(http, officer, lambda _: {
            "documentId": document_id(LIST), "variables": {"first": LIST_PAGE}}),
        "store read": unaudited(read),
        "store + audit": audited(graph, read, principal, "CaseList"),
    }


def network_paths(graph: Graph, http: httpx.AsyncClient, officer: str, principal: Principal,
                  suspects: list[str]) -> dict[str, Path]:
    def around(turn: int) -> str:
        return suspects[turn % len(suspects)]

    async def read(turn: int) -> list[str]:
        sub = await neighbourhood(graph, f"Suspect:{around(turn)}", 3, 0.5, 200, None)
        return sorted(consulted_in(sub.nodes.items(), may_see_victims=True))

    async def analysed(turn: int) -> list[str]:
        sub = await neighbourhood(graph, f"Suspect:{around(turn)}", 3, 0.5, 200, None)
        analyse({key: node.properties() for key, node in sub.nodes.items()},
                [NetworkEdge(e.source, e.target, e.kind, e.probability,
                             first_seen=e.first_seen, last_seen=e.last_seen) for e in sub.edges])
        return sorted(consulted_in(sub.nodes.items(), may_see_victims=True))

    return {
        "graphql": graphql(http, officer, lambda turn: {
            "query": NETWORK, "variables": {"around": relay.to_base64("Suspect", around(turn))}},
            headers={"X-Hub-Justification": "bench: operation READPATH network review"}),
        "store read": unaudited(read),
        "store + analysis + audit": audited(graph, analysed, principal, "Network"),
    }


def intake_paths(graph: Graph, http: httpx.AsyncClient, intake: str, principal: Principal,
                 fresh: list[dict[str, Any]]) -> dict[str, Path]:
    """Each request a referral the graph has not seen: the even ones through GraphQL, the odd
    ones through `submit_referral` called directly."""
    return {
        "graphql": graphql(http, intake, lambda turn: {
            "query": SUBMIT, "variables": {"input": submission(fresh[2 * turn])}}),
        "function": unaudited(lambda turn: submit_referral(graph, fresh[2 * turn + 1],
                                                           principal)),
    }


async def measured(neo4j: Neo4jSettings, graph: Graph, nats_url: str, world: World,
                   cases: int, requests: int, seed: int, profile: int) -> None:
    settings = ApiSettings(env="test", nats_url=nats_url, rate_per_second=100_000,
                           rate_burst=100_000, intake_rate_per_second=100_000,
                           intake_rate_burst=100_000, request_deadline=120)
    officer = mint_development_token(settings, "bench-officer", Role.HUB_OFFICER, None)
    intake = mint_development_token(settings, "bench-intake", Role.INTAKE, None)
    app = create_app(settings, neo4j)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.bench") as http:
        sample = await sample_cases(graph, cases, seed)
        worked = time.perf_counter()
        for case in sample:
            await work_case(http, officer, case)
        print(f"{len(sample)} cases worked in {time.perf_counter() - worked:.0f} s", flush=True)
        references = [case["reference"] for case in sample]
        verifier = TokenVerifier(settings)
        principal = await verifier.verify(f"Bearer {officer}")
        screen = screen_paths(graph, http, officer, principal, references)
        if profile:
            await profiled(screen["graphql"], profile)(0)
            return
        size = f"{world.referrals:,} referrals stored"
        took = await measure(screen, requests)
        print(f"\ncase screen, {size}, {len(references)} worked cases, "
              f"{len(took['graphql'])} requests each:",
              *report(took, "graphql", ("raw read", "raw + audit", "bare")), sep="\n")
        print("\ncase screen throughput (graphql, then raw + audit):",
              *await throughputs({"graphql": screen["graphql"],
                                  "raw + audit": screen["raw + audit"]}, requests), sep="\n")
        listed = list_paths(graph, http, officer, principal)
        took = await measure(listed, requests)
        print(f"\ncase list (first {LIST_PAGE}), {size}:",
              *report(took, "graphql", ("store read", "store + audit")), sep="\n")
        print("\ncase list throughput:", *await throughputs(
            {"graphql": listed["graphql"], "store + audit": listed["store + audit"]},
            requests), sep="\n")
        network = network_paths(graph, http, officer, principal, world.suspects)
        took = await measure(network, max(BLOCK, requests // 4))
        print(f"\nnetwork(depth: 3) around a suspect, {size}:",
              *report(took, "graphql", ("store read", "store + analysis + audit")), sep="\n")
        intake_principal = await verifier.verify(f"Bearer {intake}")
        submitted = intake_paths(graph, http, intake, intake_principal, world.fresh)
        took = await measure(submitted, min(requests, len(world.fresh) // 2 - 2 * BLOCK))
        print(f"\nsubmitReport, {size}:", *report(took, "graphql", ("function",)), sep="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=40, help="Cases worked and read.")
    parser.add_argument("--requests", type=int, default=400, help="Requests of each path.")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="Only profile N GraphQL case screens (cProfile), then stop.")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.referrals, arguments.cases, arguments.requests, arguments.seed,
                    arguments.profile))


if __name__ == "__main__":
    main()
