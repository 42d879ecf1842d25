"""Intake latency as the graph grows, and the cost of linking at intake.

For each stored size N: a fresh graph is bulk-loaded with N generated referrals already linked
into cases (graph/bulk.py), then fresh referrals from the same synthetic world are submitted
through `casework.intake.submit_referral` at 1, 8 and 32 concurrent clients. The baseline is the
same intake transaction with linking switched off (no block keys, no candidates): the ratio is
the cost of linking. Run:

    .venv/bin/python -m bench.intake --stored 10000 --stored 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from casework.access import Principal, Role
from casework.intake.referral import referral_from_record
from casework.intake.service import plan_intake, submit_referral
from graph.bulk import BlockKeyToLoad, CaseToLoad, ReportToLoad, load_linked
from graph.driver import Graph, create_driver
from graph.intake import record_intake
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Neo4jSettings
from linking.records import read_jsonl
from linking.referrals import (
    PER_POST,
    blocking_keys,
    link_referrals,
    normalise_referral,
    post_of,
    remembered,
)
from seeds.demo.generator import generate_world, write_world
from seeds.reference.load import load_reference_data
from servers.neo4j import LocalServer

CLIENT = Principal(subject="bench", role=Role.INTAKE)
LEVELS = (1, 8, 32)
PER_LEVEL = 160
WARM_UP = 10


def _when(record: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(record["received_at"]).replace("Z", "+00:00"))


def block_key(key: str, held: list[tuple[str, str]]) -> BlockKeyToLoad:
    """A block key as intake leaves it, from its (reference, post) pairs newest first
    (`linking.referrals.remembered`): only a list of one report per post names the posts."""
    return BlockKeyToLoad(key=key, recent=tuple(ref for ref, _ in held),
                          posts=tuple(post for _, post in held) if key[0] == PER_POST else None)


def linked_graph(records: list[dict[str, Any]]
                 ) -> tuple[list[CaseToLoad], list[ReportToLoad], list[BlockKeyToLoad]]:
    """Cases, reports and block keys as intake would have left them (pure)."""
    clusters = link_referrals(records).clusters
    case_of = {cluster: f"HUB-BENCH-{n:07d}"
               for n, cluster in enumerate(sorted(set(clusters.values())))}
    opened = datetime(2026, 1, 1, tzinfo=UTC)
    cases = [CaseToLoad(reference=ref, force="west-yorkshire", opened_at=opened)
             for ref in case_of.values()]
    reports = []
    recent: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (_when(r), r["id"])):
        reports.append(ReportToLoad(
            truevision_ref=record["id"], case=case_of[clusters[record["id"]]],
            received_at=_when(record), content_urls=tuple(record.get("content_urls") or ()),
            content_text=record.get("content_text"), platform_as_typed=record.get("platform"),
            suspect_handles=tuple(record.get("suspect_handles") or ())))
        features = normalise_referral(record)
        for key in blocking_keys(features):
            recent[key] = remembered(key, recent[key], record["id"], post_of(features))
    return cases, reports, [block_key(key, held) for key, held in recent.items()]


async def plain_intake(graph: Graph, record: dict[str, Any]) -> None:
    """The same transaction with linking off: the baseline."""
    now = datetime.now(UTC)
    plan = plan_intake(referral_from_record(record, now), CLIENT, now)
    plan["locked_keys"] = plan["band_keys"] = plan["lookup_keys"] = []
    await record_intake(graph, plan, lambda candidates: {})


async def timed(records: list[dict[str, Any]], clients: int, submit: Any,
                took: dict[str, float] | None = None) -> tuple[list[float], float]:
    """Submit the records by `clients` concurrent clients: each one's latency (also in `took`,
    by record id, if given) and the seconds all took."""
    queue = list(records)
    latencies: list[float] = []

    async def client() -> None:
        while queue:
            record = queue.pop()
            start = time.perf_counter()
            await submit(record)
            latencies.append(time.perf_counter() - start)
            if took is not None:
                took[record["id"]] = latencies[-1]

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, time.perf_counter() - start


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def summary(latencies: list[float], seconds: float) -> str:
    return (f"{statistics.median(latencies) * 1000:.1f} | {p99(latencies) * 1000:.1f} | "
            f"{len(latencies) / seconds:.0f}")


async def measure(graph: Graph, stored: int, seed: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        write_world(generate_world(seed=seed, referrals=stored + PER_LEVEL * 6 + WARM_UP * 2),
                    Path(folder))
        records = list(read_jsonl(Path(folder) / "referrals.jsonl"))
    records.sort(key=_when)
    fresh = records[stored:]
    started = time.perf_counter()
    cases, reports, keys = linked_graph(records[:stored])
    await load_linked(graph, cases, reports, keys)
    print(f"loaded {stored} referrals ({len(cases)} cases, {len(keys)} block keys) "
          f"in {time.perf_counter() - started:.0f} s", flush=True)
    rows = []
    warm = fresh[-WARM_UP * 2:]  # both paths plan their queries before anything is timed
    await timed(warm[:WARM_UP], 1, lambda r: submit_referral(graph, r, CLIENT))
    await timed(warm[WARM_UP:], 1, lambda r: plain_intake(graph, r))
    for level, clients in enumerate(LEVELS):
        batch = fresh[level * PER_LEVEL * 2:(level + 1) * PER_LEVEL * 2]
        linked, plain = batch[:PER_LEVEL], batch[PER_LEVEL:]
        with_linking = await timed(
            linked, clients, lambda r: submit_referral(graph, r, CLIENT))
        without = await timed(plain, clients, lambda r: plain_intake(graph, r))
        ratio = p99(with_linking[0]) / p99(without[0])
        rows.append(f"| {stored:,} | {clients} | {summary(*with_linking)} | {summary(*without)} "
                    f"| {ratio:.2f} |")
        print(rows[-1], flush=True)
    return rows


async def clear(graph: Graph) -> None:
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run("MATCH (n) CALL (n) { DETACH DELETE n } "
                                 "IN TRANSACTIONS OF 10000 ROWS")).consume()


async def main(sizes: list[int], seed: int) -> None:
    server = LocalServer(home=PROJECT_ROOT / "var" / "bench-neo4j", bolt_port=7697,
                         password="bench-password", heap="2g", pagecache="2g")
    await asyncio.to_thread(server.start)
    settings = Neo4jSettings(uri=server.uri, password=SecretStr("bench-password"))
    driver = create_driver(settings)
    graph = Graph(driver, "neo4j")
    header = ["| stored | clients | linked p50 ms | linked p99 ms | linked /s | plain p50 ms "
              "| plain p99 ms | plain /s | p99 ratio |", "|---|---|---|---|---|---|---|---|---|"]
    rows: list[str] = []
    try:
        for stored in sizes:
            await clear(graph)
            await migrate(graph)
            await load_reference_data(graph)
            rows += await measure(graph, stored, seed)
    finally:
        await driver.close()
        await asyncio.to_thread(server.stop)
    print("\n".join(header + rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stored", type=int, action="append", required=True)
    parser.add_argument("--seed", type=int, default=11)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.stored, arguments.seed))
