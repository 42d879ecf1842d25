"""Batch relinking's reads and writes: reports streamed out, changes written back in batches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.audit import write_event
from graph.cases import part_of
from graph.driver import Graph
from graph.intake import LINKED_REPORT, next_case_reference

BATCH = 5_000

_PAGE = """
MATCH (r:Report)-[:PART_OF]->(c:Case)
WHERE $after IS NULL OR r.truevisionRef > $after
WITH r, c ORDER BY r.truevisionRef LIMIT $batch
RETURN """ + LINKED_REPORT

_MOVE = """
UNWIND $moves AS move
MATCH (r:Report {truevisionRef: move.report})-[old:PART_OF]->(:Case)
MATCH (c:Case {reference: move.case})
DELETE old
CREATE """ + part_of("r", "c", "at: $at, method: 'RELINK', probability: move.probability") + """
WITH r, move WHERE move.duplicateOf IS NOT NULL
MATCH (d:Report {truevisionRef: move.duplicateOf})
MERGE (r)-[link:DUPLICATE_OF]->(d)
SET link.probability = move.probability, link.evidence = move.evidence,
    link.method = 'RELINK', link.at = $at
"""

_NEW_CASE = """
MATCH (first:Report {truevisionRef: $first})-[:PART_OF]->(old:Case)
CREATE (c:Case {reference: $reference, id: $id, status: 'RECEIVED', priority: 'NORMAL',
                openedAt: first.receivedAt, force: old.force, strands: first.strands,
                splitFrom: old.reference})
WITH c, old
OPTIONAL MATCH (old)-[:HAS_ALLOCATION]->(a:Allocation)
WITH c, old, a ORDER BY a.at DESC LIMIT 1
CREATE (copy:Allocation)
SET copy = a {.*, id: $allocationId, at: $at, by: 'relink',
              reason: 'Relinking separated it from ' + old.reference + ', allocated by rule '
                      + a.rule}
CREATE (c)-[:HAS_ALLOCATION]->(copy)
"""

_CLOSE_EMPTIED = """
UNWIND $closures AS closure
MATCH (c:Case {reference: closure.case})
WHERE NOT EXISTS { (:Report)-[:PART_OF]->(c) }
SET c.status = 'CLOSED', c.outcome = 'MERGED', c.mergedInto = closure.into, c.closedAt = $at
"""


async def stream_reports(graph: Graph) -> AsyncIterator[list[dict[str, Any]]]:
    """Every report with its case, in pages ordered by reference."""
    after: str | None = None
    while True:
        rows = await graph.rows(_PAGE, after=after, batch=BATCH)
        if not rows:
            return
        yield rows
        after = rows[-1]["report"]["truevisionRef"]


async def open_case_for(graph: Graph, first_report: str, at: datetime, ids: tuple[str, str]
                        ) -> str:
    """A new case for a cluster that no existing case can hold; its allocation is carried over."""

    async def work(tx: AsyncManagedTransaction) -> str:
        reference = await next_case_reference(tx, at.year)
        await tx.run(_NEW_CASE, first=first_report, reference=reference, id=ids[0],
                     allocationId=ids[1], at=at)
        return reference

    return await graph.write(work)


async def write_moves(graph: Graph, moves: list[dict[str, Any]], closures: list[dict[str, Any]],
                      at: datetime, audit: dict[str, Any]) -> None:
    """Move reports between cases in batches; close cases left empty; log the combination."""
    for start in range(0, len(moves), BATCH):
        batch = moves[start:start + BATCH]
        event = {**audit, "id": f"{audit['id']}-{start}",
                 "targets": sorted({m["report"] for m in batch} | {m["case"] for m in batch})}

        async def work(tx: AsyncManagedTransaction, batch: list[dict[str, Any]] = batch,
                       event: dict[str, Any] = event) -> None:
            await tx.run(_MOVE, moves=batch, at=at)
            await write_event(tx, event)

        await graph.write(work)

    async def close(tx: AsyncManagedTransaction) -> None:
        await tx.run(_CLOSE_EMPTIED, closures=closures, at=at)

    await graph.write(close)
