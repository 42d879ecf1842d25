"""Bulk loading of already-linked referrals, for large demo and benchmark graphs.

Intake writes one referral per transaction, as production must; a benchmark that needs a
million stored referrals loads them here in UNWIND batches instead, in the same shape intake
leaves (reports, cases, allocations, block keys with their recent-report lists).
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.cases import part_of
from graph.driver import Graph

BATCH = 10_000

_CASES = """
UNWIND $cases AS case
CREATE (c:Case) SET c = case
"""

_REPORTS = """
UNWIND $reports AS row
CREATE (r:Report) SET r = row.report
WITH r, row
MATCH (c:Case {reference: row.case})
CREATE """ + part_of("r", "c", "at: r.receivedAt, method: 'BULK'") + """
"""

_KEYS = """
UNWIND $keys AS row
MERGE (b:BlockKey {key: row.key})
SET b.recent = row.recent, b.posts = row.posts
"""


async def _batched(graph: Graph, query: LiteralString, name: str,
                   rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]

        async def work(tx: AsyncManagedTransaction, chunk: list[dict[str, Any]] = chunk) -> None:
            await tx.run(query, {name: chunk})

        await graph.write(work)


async def load_linked(graph: Graph, cases: list[dict[str, Any]], reports: list[dict[str, Any]],
                      keys: list[dict[str, Any]]) -> None:
    """Cases first, then reports joined to them, then block keys."""
    await _batched(graph, _CASES, "cases", cases)
    await _batched(graph, _REPORTS, "reports", reports)
    await _batched(graph, _KEYS, "keys", keys)
