"""What the parse and validation caches (api/documents.py) and trusted documents (api/trusted.py)
save per request.

One Neo4j of its own holding one referral's case; three apps in this process, each answering
through its ASGI interface (no sockets): `uncached` (`document_cache` 0) and `cached` (256) are
sent the document's text, `trusted` holds it in its registry and is sent its id. The same
document is sent N times in turn to each, in interleaved blocks so that a busy machine slows
them alike: the front end's case screen (docs/documents/case-screen.graphql: the case whole, its
referrals and complainants) and a bare `{ __typename }`. Reported: wall time per request
(p50, p90) and this process's CPU per request (the GraphQL side; Neo4j is another process), and
the ratios of the uncached and cached apps to the trusted one. Run:

    .venv/bin/python -m bench.graphql_overhead --requests 400
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

from api.app import create_app
from api.auth import mint_development_token
from api.settings import ApiSettings
from api.trusted import SOURCES, document_id, manifest_of
from bench.load import dedicated_broker, dedicated_graph
from casework.access import Role
from graph.settings import PROJECT_ROOT, Neo4jSettings

CASE_SCREEN = (SOURCES / "case-screen.graphql").read_text(encoding="utf-8")
BARE = "{ __typename }"
SUBMIT = """mutation($input: SubmitReportInput!) {
  submitReport(input: $input) { case { id reference } userErrors { message } } }"""
REFERRAL = {"truevisionRef": "TV-BENCH-1", "receivedAt": "2026-11-20T10:15:00+00:00",
            "narrative": "Abusive replies under my post.", "platform": "Twitter",
            "contentUrls": ["https://x.com/someone/status/1790000000000000001"],
            "victim": {"name": "Bench Victim", "postcode": "LS6 2AB"},
            "perceivedStrands": ["Religion"]}
BLOCK = 20  # requests to one app before turning to the other
# The case screen shows the accounts and suspects behind the case, which need a stated reason;
# sent with every request alike, so that the documents differ only in what they ask.
WHY = "bench: operation OVERHEAD case review"


@contextlib.asynccontextmanager
async def client(settings: ApiSettings, neo4j: Neo4jSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, neo4j)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.bench") as http:
        yield http


def sent(mode: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The request body: the document's id to the trusted app, its text to the others."""
    if mode == "trusted":
        return {"documentId": document_id(query), "variables": variables}
    return {"query": query, "variables": variables}


async def ask(http: httpx.AsyncClient, token: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post("/graphql", json=body, headers={
        "Authorization": f"Bearer {token}", "X-Hub-Justification": WHY})
    answer: dict[str, Any] = response.json()
    if response.status_code != 200 or answer.get("errors"):
        raise RuntimeError(f"the benchmark's request failed: {answer}")
    return answer


async def timed(http: httpx.AsyncClient, token: str, body: dict[str, Any],
                wall: list[float], cpu: list[float]) -> None:
    for _ in range(BLOCK):
        started, used = time.perf_counter(), time.process_time()
        await ask(http, token, body)
        cpu.append((time.process_time() - used) * 1000)
        wall.append((time.perf_counter() - started) * 1000)


def summary(wall: list[float], cpu: list[float]) -> str:
    deciles = statistics.quantiles(wall, n=10)
    return (f"wall p50 {statistics.median(wall):6.2f} ms, p90 {deciles[-1]:6.2f} ms; "
            f"CPU {statistics.mean(cpu):6.2f} ms a request")


def ratios(wall: dict[str, list[float]], cpu: dict[str, list[float]], over: str,
           under: str) -> str:
    median = {mode: statistics.median(times) for mode, times in wall.items()}
    mean = {mode: statistics.mean(times) for mode, times in cpu.items()}
    return (f"wall p50 {median[over] / median[under]:.2f}x, "
            f"CPU {mean[over] / mean[under]:.2f}x")


async def compare(apps: dict[str, httpx.AsyncClient], token: str, query: str,
                  variables: dict[str, Any], requests: int) -> list[str]:
    """The document sent to each app in interleaved blocks, after one block each of warm-up."""
    wall: dict[str, list[float]] = {mode: [] for mode in apps}
    cpu: dict[str, list[float]] = {mode: [] for mode in apps}
    for mode, http in apps.items():
        await timed(http, token, sent(mode, query, variables), [], [])
    for _ in range(max(1, requests // BLOCK)):
        for mode, http in apps.items():
            await timed(http, token, sent(mode, query, variables), wall[mode], cpu[mode])
    return [*(f"  {mode:9} {summary(wall[mode], cpu[mode])}" for mode in apps),
            *(f"  {over}/{under}: {ratios(wall, cpu, over, under)}"
              for over, under in (("uncached", "cached"), ("uncached", "trusted"),
                                  ("cached", "trusted")))]


async def run(requests: int) -> None:
    home = PROJECT_ROOT / "var" / f"bench-graphql-{os.getpid()}"
    async with dedicated_broker(home.parent / f"bench-graphql-nats-{os.getpid()}") as nats_url, \
            dedicated_graph(home) as (neo4j, _graph):
        cached = ApiSettings(env="test", nats_url=nats_url, rate_per_second=100_000,
                             rate_burst=100_000, intake_rate_per_second=100_000,
                             intake_rate_burst=100_000, request_deadline=120, documents=None)
        officer = mint_development_token(cached, "bench-officer", Role.HUB_OFFICER, None)
        intake = mint_development_token(cached, "bench-intake", Role.INTAKE, None)
        manifest = home.parent / f"bench-graphql-documents-{os.getpid()}.json"
        manifest.write_text(json.dumps(manifest_of([CASE_SCREEN, BARE])), encoding="utf-8")
        try:
            async with client(cached, neo4j) as with_caches, client(
                    cached.model_copy(update={"document_cache": 0}), neo4j) as without, client(
                    cached.model_copy(update={"documents": manifest}), neo4j) as trusted:
                apps = {"uncached": without, "cached": with_caches, "trusted": trusted}
                case = (await ask(with_caches, intake, sent("cached", SUBMIT,
                                                            {"input": REFERRAL}))
                        )["data"]["submitReport"]["case"]
                documents = {"case screen": (CASE_SCREEN, {"reference": case["reference"]}),
                             "bare {__typename}": (BARE, {})}
                for name, (query, variables) in documents.items():
                    lines = await compare(apps, officer, query, variables, requests)
                    print(f"{name} ({max(1, requests // BLOCK) * BLOCK} requests each):",
                          *lines, sep="\n")
        finally:
            manifest.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400,
                        help="Requests of each document to each app (in blocks of 20).")
    asyncio.run(run(parser.parse_args().requests))


if __name__ == "__main__":
    main()
