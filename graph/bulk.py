"""Bulk loading of already-linked referrals, for large demo and benchmark graphs.

Intake writes one referral per transaction, as production must; a benchmark that needs a
million stored referrals loads them here in UNWIND batches instead, in the same shape intake
leaves (reports, cases, allocations, block keys with their recent-report lists).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.cases import part_of
from graph.driver import Graph

BATCH = 10_000


@dataclass(frozen=True, slots=True)
class CaseToLoad:
    """A case as intake opens it."""

    reference: str
    force: str
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class ReportToLoad:
    """A referral as intake stores it (what the linker reads of it), and the case it is in."""

    truevision_ref: str
    case: str
    received_at: datetime
    content_urls: tuple[str, ...]
    content_text: str | None
    platform_as_typed: str | None
    suspect_handles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BlockKeyToLoad:
    """A block key with its recent reports, newest first, and their posts where it keeps them
    (`linking.referrals.remembered`)."""

    key: str
    recent: tuple[str, ...]
    posts: tuple[str, ...] | None


_CASES = """
UNWIND $cases AS opened
CREATE (c:Case {reference: opened.reference, status: 'RECEIVED', priority: 'NORMAL',
                force: opened.force, strands: [], openedAt: opened.openedAt,
                updatedAt: opened.openedAt, reportCount: 0})
"""

# Once their reports are in: each case's count, and its time of change the latest arrival.
_COUNTS = """
UNWIND $cases AS opened
MATCH (c:Case {reference: opened.reference})
CALL (c) { MATCH (c)<-[p:PART_OF]-() RETURN count(p) AS n, max(p.receivedAt) AS last }
SET c.reportCount = n, c.updatedAt = coalesce(last, c.openedAt)
"""

_REPORTS = """
UNWIND $reports AS row
CREATE (r:Report {truevisionRef: row.ref, id: row.ref, receivedAt: row.receivedAt,
                  contentUrls: row.contentUrls, contentText: row.contentText,
                  platformAsTyped: row.platformAsTyped, suspectHandles: row.suspectHandles,
                  strands: []})
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


async def load_linked(graph: Graph, cases: list[CaseToLoad], reports: list[ReportToLoad],
                      keys: list[BlockKeyToLoad]) -> None:
    """Cases first, then reports joined to them, then block keys."""
    await _batched(graph, _CASES, "cases", [
        {"reference": c.reference, "force": c.force, "openedAt": c.opened_at} for c in cases])
    await _batched(graph, _REPORTS, "reports", [
        {"ref": r.truevision_ref, "case": r.case, "receivedAt": r.received_at,
         "contentUrls": list(r.content_urls), "contentText": r.content_text,
         "platformAsTyped": r.platform_as_typed, "suspectHandles": list(r.suspect_handles)}
        for r in reports])
    await _batched(graph, _COUNTS, "cases", [{"reference": c.reference} for c in cases])
    await _batched(graph, _KEYS, "keys", [
        {"key": k.key, "recent": list(k.recent),
         "posts": list(k.posts) if k.posts is not None else None} for k in keys])
