"""Mass reporting: a case with thousands of referrals opens as fast as a small one.

One viral post can bring thousands of referrals into one case. Opening the case (its counts,
the first page of its referrals and of its complainants, with each referral's link evidence)
must not cost more because the case is large. A dedicated Neo4j holds one case with N referrals
(each with its own complainant and victim) and one with 5; the same GraphQL query, through the
real stack in process, opens each in turn. Run:

    .venv/bin/python -m bench.mass --referrals 20000 --rounds 300
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import httpx

from api.app import create_app
from api.auth import mint_development_token
from bench.load import API_SETTINGS, dedicated_graph
from casework.access import Role
from casework.statistics.trends import percentile as nearest_rank
from graph.cases import part_of
from graph.driver import Graph
from graph.settings import PROJECT_ROOT

OPEN_CASE = """query($r: String!) { case(reference: $r) { reference status reportCount
  complainantCount
  reports(first: 20) { totalCount edges { node { truevisionRef receivedAt
    caseLink { method probability evidence { feature value weight } } } } }
  complainants(first: 20) { totalCount edges { node { reportTruevisionRef name } } } } }"""

_CASE_WITH_REFERRALS = """
MERGE (c:Case {reference: $reference})
ON CREATE SET c += {id: randomUUID(), status: 'RECEIVED', priority: 'NORMAL',
                    openedAt: datetime('2026-11-01T09:00:00Z'), force: 'west-yorkshire',
                    strands: ['race']}
WITH c
UNWIND range($start + 1, $start + $n) AS i
CREATE (r:Report {id: randomUUID(), truevisionRef: $reference + '-' + toString(i),
                  receivedAt: datetime('2026-11-01T09:00:00Z') + duration({seconds: i}),
                  narrative: 'The same video again', contentText: 'abusive text',
                  strands: ['race'], status: 'RECEIVED'})
CREATE """ + part_of("r", "c", "at: r.receivedAt, method: 'LINKED', probability: 0.99") + """
CREATE (p:Person:Victim:Complainant {id: randomUUID(), name: 'Complainant ' + toString(i),
                                     postcode: 'LS6 2AB'})
CREATE (r)-[:REPORTED_BY]->(p)
CREATE (r)-[:AGAINST]->(p)
"""


async def build(graph: Graph, reference: str, referrals: int) -> None:
    """The case and its referrals, 10,000 to a transaction."""
    for start in range(0, referrals, 10_000):
        async with graph.driver.session(database=graph.database) as session:
            await (await session.run(_CASE_WITH_REFERRALS, reference=reference, start=start,
                                     n=min(referrals - start, 10_000))).consume()


def percentile(values: list[float], share: float) -> float:
    found = nearest_rank(values, share)
    assert found is not None, "no timings"
    return found


async def run(referrals: int, rounds: int) -> None:
    home = PROJECT_ROOT / "var" / f"bench-mass-{os.getpid()}"
    async with dedicated_graph(home) as (settings, graph):
        await build(graph, "HUB-2026-000001", referrals)
        await build(graph, "HUB-2026-000002", 5)
        # One officer opening cases as fast as the server answers: no rate limit here.
        app = create_app(API_SETTINGS.model_copy(update={"rate_per_second": 1e6,
                                                         "rate_burst": 1_000_000}), settings)
        officer = {"Authorization": "Bearer " + mint_development_token(
            API_SETTINGS, "bench", Role.HUB_OFFICER)}
        timings: dict[str, list[float]] = {"HUB-2026-000001": [], "HUB-2026-000002": []}
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://hub") as client:
            for round_ in range(rounds + 10):
                for reference, times in timings.items():
                    started = time.perf_counter()
                    response = await client.post("/graphql", headers=officer, json={
                        "query": OPEN_CASE, "variables": {"r": reference}})
                    elapsed = (time.perf_counter() - started) * 1000
                    body = response.json()
                    assert "errors" not in body, body
                    if round_ >= 10:  # the first rounds plan the queries
                        times.append(elapsed)
        large, small = timings["HUB-2026-000001"], timings["HUB-2026-000002"]
        print(f"| case size | p50 ms | p99 ms |\n|---|---|---|\n"
              f"| {referrals:,} referrals | {percentile(large, 0.5):.1f} | "
              f"{percentile(large, 0.99):.1f} |\n"
              f"| 5 referrals | {percentile(small, 0.5):.1f} | {percentile(small, 0.99):.1f} |\n"
              f"ratio large/small: p50 {percentile(large, 0.5) / percentile(small, 0.5):.2f}, "
              f"p99 {percentile(large, 0.99) / percentile(small, 0.99):.2f} "
              f"({rounds} rounds each, interleaved)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=300)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.referrals, arguments.rounds))


if __name__ == "__main__":
    main()
