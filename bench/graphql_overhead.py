"""What the parse and validation caches (api/documents.py) save per request.

One Neo4j of its own holding one referral's case; two apps in this process, the same but for
`document_cache` (256 against 0), each answering through its ASGI interface (no sockets). The
same document is sent N times in turn to each, in interleaved blocks so that a busy machine
slows both alike: a case screen (one case's details, its reports, complainants, allocations and
the root fields the screen asks for) and a bare `{ __typename }`. Reported: wall time per request
(p50, p90) and this process's CPU per request (the GraphQL side; Neo4j is another process), and
the ratio without/with the caches. Run:

    .venv/bin/python -m bench.graphql_overhead --requests 400
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

from api.app import create_app
from api.auth import mint_development_token
from api.settings import ApiSettings
from bench.load import dedicated_broker, dedicated_graph
from casework.access import Role
from graph.settings import PROJECT_ROOT, Neo4jSettings

CASE_SCREEN = """
query CaseScreen($reference: String!, $id: ID!) {
  case(reference: $reference) {
    id reference status openedAt priority forceCode strands reportCount complainantCount
    outcome mergedInto
    allocations { forceCode victimForceCode }
    reports(first: 20) { totalCount edges { node { id truevisionRef receivedAt narrative
      contentUrls platformAsTyped strands otherCharacteristics } } }
    complainants(first: 20) { totalCount edges { node { reportTruevisionRef receivedAt } } }
  }
  captures(caseId: $id) { id url }
  platformReferrals(caseId: $id) { id caseReference }
  transfers(caseId: $id) { id state }
  caseHistory(reference: $reference) { fromState toState }
  victimPreferences(caseId: $id) { victimId channel }
  evidencePackages(caseId: $id) { id at }
  intelligenceReports(caseId: $id) { id createdAt }
}"""
BARE = "{ __typename }"
SUBMIT = """mutation($input: SubmitReportInput!) {
  submitReport(input: $input) { case { id reference } userErrors { message } } }"""
REFERRAL = {"truevisionRef": "TV-BENCH-1", "receivedAt": "2026-11-20T10:15:00+00:00",
            "narrative": "Abusive replies under my post.", "platform": "Twitter",
            "contentUrls": ["https://x.com/someone/status/1790000000000000001"],
            "victim": {"name": "Bench Victim", "postcode": "LS6 2AB"},
            "perceivedStrands": ["Religion"]}
BLOCK = 20  # requests to one app before turning to the other


@contextlib.asynccontextmanager
async def client(settings: ApiSettings, neo4j: Neo4jSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, neo4j)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.bench") as http:
        yield http


async def ask(http: httpx.AsyncClient, token: str, query: str,
              variables: dict[str, Any]) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query, "variables": variables},
                               headers={"Authorization": f"Bearer {token}"})
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"the benchmark's request failed: {body}")
    return body


async def timed(http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any],
                wall: list[float], cpu: list[float]) -> None:
    for _ in range(BLOCK):
        started, used = time.perf_counter(), time.process_time()
        await ask(http, token, query, variables)
        cpu.append((time.process_time() - used) * 1000)
        wall.append((time.perf_counter() - started) * 1000)


def summary(wall: list[float], cpu: list[float]) -> str:
    deciles = statistics.quantiles(wall, n=10)
    return (f"wall p50 {statistics.median(wall):6.2f} ms, p90 {deciles[-1]:6.2f} ms; "
            f"CPU {statistics.mean(cpu):6.2f} ms a request")


def ratios(wall: dict[str, list[float]], cpu: dict[str, list[float]]) -> str:
    median = {mode: statistics.median(times) for mode, times in wall.items()}
    mean = {mode: statistics.mean(times) for mode, times in cpu.items()}
    return (f"wall p50 {median['uncached'] / median['cached']:.2f}x, "
            f"CPU {mean['uncached'] / mean['cached']:.2f}x")


async def compare(apps: dict[str, httpx.AsyncClient], token: str, query: str,
                  variables: dict[str, Any], requests: int) -> list[str]:
    """The document sent to each app in interleaved blocks, after one block each of warm-up."""
    wall: dict[str, list[float]] = {mode: [] for mode in apps}
    cpu: dict[str, list[float]] = {mode: [] for mode in apps}
    for http in apps.values():
        await timed(http, token, query, variables, [], [])
    for _ in range(max(1, requests // BLOCK)):
        for mode, http in apps.items():
            await timed(http, token, query, variables, wall[mode], cpu[mode])
    return [*(f"  {mode:9} {summary(wall[mode], cpu[mode])}" for mode in apps),
            f"  uncached/cached: {ratios(wall, cpu)}"]


async def run(requests: int) -> None:
    home = PROJECT_ROOT / "var" / f"bench-graphql-{os.getpid()}"
    async with dedicated_broker(home.parent / f"bench-graphql-nats-{os.getpid()}") as nats_url, \
            dedicated_graph(home) as (neo4j, _graph):
        cached = ApiSettings(env="test", nats_url=nats_url, rate_per_second=100_000,
                             rate_burst=100_000, intake_rate_per_second=100_000,
                             intake_rate_burst=100_000, request_deadline=120)
        officer = mint_development_token(cached, "bench-officer", Role.HUB_OFFICER, None)
        intake = mint_development_token(cached, "bench-intake", Role.INTAKE, None)
        async with client(cached, neo4j) as with_caches, client(
                cached.model_copy(update={"document_cache": 0}), neo4j) as without:
            apps = {"cached": with_caches, "uncached": without}
            case = (await ask(with_caches, intake, SUBMIT, {"input": REFERRAL})
                    )["data"]["submitReport"]["case"]
            documents = {"case screen": (CASE_SCREEN, {"reference": case["reference"],
                                                       "id": case["id"]}),
                         "bare {__typename}": (BARE, {})}
            for name, (query, variables) in documents.items():
                lines = await compare(apps, officer, query, variables, requests)
                print(f"{name} ({max(1, requests // BLOCK) * BLOCK} requests each):",
                      *lines, sep="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400,
                        help="Requests of each document to each app (in blocks of 20).")
    asyncio.run(run(parser.parse_args().requests))


if __name__ == "__main__":
    main()
