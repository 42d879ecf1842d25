"""Analysts' decisions on duplicate links: merge two cases, split a report out of its case.

Both persist as constraints that batch relinking honours: a merge leaves `SAME_CASE_AS`
(must-link) between the cases' first reports; a split leaves `SPLIT_FROM` on the report (it may
not be linked with that case's reports again). Each records who, when and why, with its audit
entry in the same transaction.

Batch relinking's reads and writes are here too: reports streamed out, changes written back
in batches.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from neo4j import AsyncManagedTransaction

from graph.audit import AuditEntry, write_event
from graph.cases import part_of, touched
from graph.driver import Graph
from graph.intake import LINKED_REPORT, next_case_reference


class Decision(Protocol):
    """Who decided, when and why (`casework.decided.Decided`): stored on the constraint."""

    @property
    def by(self) -> str: ...

    @property
    def at(self) -> datetime: ...

    @property
    def reason(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ReportInCase:
    """A stored report as the linker reads it (`graph.intake.LINKED_REPORT`), and its case."""

    truevision_ref: str
    case_reference: str
    report: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Move:
    """A report relinking puts in `case`, with its strongest link as the reason it is there."""

    report: str
    case: str
    probability: float | None
    duplicate_of: str | None
    evidence: str | None  # the link's evidence, as JSON


@dataclass(frozen=True, slots=True)
class Closure:
    """A case relinking emptied: closed as merged into the case that took its reports."""

    case: str
    into: str


def _carry_allocation(old: str, new: str, by: str, reason: str) -> str:
    """`new` gets a copy of `old`'s latest allocation, saying why: a case split off keeps the
    force that answers for it until someone allocates it again."""
    return f"""
WITH {old}, {new}
OPTIONAL MATCH ({old})-[:HAS_ALLOCATION]->(a:Allocation)
WITH {old}, {new}, a ORDER BY a.at DESC LIMIT 1
CREATE (copy:Allocation)
SET copy = a {{.*, id: $allocationId, at: $at, by: {by}, reason: {reason}}}
CREATE ({new})-[:HAS_ALLOCATION]->(copy)
"""

_MERGE = """
MATCH (target:Case {reference: $target}), (source:Case {reference: $source})
WHERE ($scope IS NULL OR (target.force = $scope AND source.force = $scope))
  AND source.status <> 'CLOSED' AND target.status <> 'CLOSED'
CALL (target) { MATCH (r:Report)-[:PART_OF]->(target) RETURN r AS anchor
                ORDER BY r.receivedAt, r.truevisionRef LIMIT 1 }
CALL (source) { MATCH (r:Report)-[:PART_OF]->(source) RETURN r AS other
                ORDER BY r.receivedAt, r.truevisionRef LIMIT 1 }
MERGE (other)-[m:SAME_CASE_AS]->(anchor)
SET m.by = $by, m.at = $at, m.reason = $reason
WITH target, source
MATCH (moved:Report)-[old:PART_OF]->(source)
DELETE old
CREATE """ + part_of("moved", "target", "at: $at, method: 'ANALYST_MERGE', by: $by") + """
WITH target, source, collect(moved.truevisionRef) AS movedRefs
SET source.status = 'CLOSED', source.outcome = 'MERGED', source.mergedInto = target.reference,
    source.closedAt = $at, """ + touched("source", "$at") + ", " + touched("target", "$at") + """,
    target.strands = target.strands + [s IN source.strands WHERE NOT s IN target.strands]
RETURN movedRefs
"""

_SPLIT = """
MATCH (r:Report {truevisionRef: $report})-[old:PART_OF]->(c:Case)
WHERE ($scope IS NULL OR c.force = $scope)
  AND COUNT { (:Report)-[:PART_OF]->(c) } > 1
MERGE (r)-[s:SPLIT_FROM]->(c)
SET s.by = $by, s.at = $at, s.reason = $reason
DELETE old
CREATE (n:Case {reference: $reference, id: $id, status: 'RECEIVED', priority: 'NORMAL',
                force: c.force, strands: r.strands, openedAt: r.receivedAt,
                splitFrom: c.reference, updatedAt: $at, reportCount: 1})
CREATE """ + part_of("r", "n", "at: $at, method: 'ANALYST_SPLIT', by: $by") + """
SET """ + touched("c", "$at") + _carry_allocation(
    "c", "n", "$by", "'Split from ' + c.reference + ', which was allocated by rule ' + a.rule"
) + """
RETURN c.reference AS old, n.reference AS new
"""


async def merge_cases(graph: Graph, target: str, source: str, scope: str | None,
                      decision: Decision, entry: AuditEntry) -> list[str] | None:
    """Move every report of `source` into `target`; None when either is missing or closed.
    The audit entry is written naming both cases and every report moved."""

    async def work(tx: AsyncManagedTransaction) -> list[str] | None:
        row = await (await tx.run(_MERGE, target=target, source=source, scope=scope,
                                  by=decision.by, at=decision.at, reason=decision.reason)
                     ).single()
        if row is None:
            return None
        moved = list(row["movedRefs"])
        await write_event(tx, replace(entry, targets=(target, source, *moved)))
        return moved

    return await graph.write(work)


async def split_report(graph: Graph, report: str, scope: str | None, decision: Decision,
                       ids: tuple[str, str], entry: AuditEntry) -> tuple[str, str] | None:
    """Move one report into a new case of its own (`ids`: the case's and its allocation's);
    None when it cannot be split. Returns (old case, new case)."""

    async def work(tx: AsyncManagedTransaction) -> tuple[str, str]:
        reference = await next_case_reference(tx, decision.at.year)
        row = await (await tx.run(_SPLIT, report=report, reference=reference, id=ids[0],
                                  allocationId=ids[1], scope=scope, by=decision.by,
                                  at=decision.at, reason=decision.reason)).single()
        if row is None:
            raise _NothingToSplit  # rolls back the case number taken above
        await write_event(tx, replace(entry, targets=(report, row["old"], row["new"])))
        return row["old"], row["new"]

    try:
        return await graph.write(work)
    except _NothingToSplit:
        return None


class _NothingToSplit(Exception):
    """The report is missing, outside scope, or alone in its case."""


async def link_constraints(graph: Graph) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Every analyst decision as (must-link pairs, cannot-link pairs) of report references."""
    must = await graph.rows(
        "MATCH (a:Report)-[:SAME_CASE_AS]->(b:Report) RETURN a.truevisionRef AS a, "
        "b.truevisionRef AS b")
    cannot = await graph.rows(
        "MATCH (r:Report)-[:SPLIT_FROM]->(c:Case)<-[:PART_OF]-(other:Report) "
        "RETURN r.truevisionRef AS a, other.truevisionRef AS b")
    return ([(row["a"], row["b"]) for row in must], [(row["a"], row["b"]) for row in cannot])


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
                splitFrom: old.reference, updatedAt: $at, reportCount: 0})
""" + _carry_allocation(
    "old", "c", "'relink'",
    "'Relinking separated it from ' + old.reference + ', allocated by rule ' + a.rule")

_CLOSE_EMPTIED = """
UNWIND $closures AS closure
MATCH (c:Case {reference: closure.case})
WHERE NOT EXISTS { (:Report)-[:PART_OF]->(c) }
SET c.status = 'CLOSED', c.outcome = 'MERGED', c.mergedInto = closure.into, c.closedAt = $at,
    c.updatedAt = $at
"""

# The cases reports leave and join in a batch of moves, whose counts and times the batch changes.
_CASES_OF_MOVES = """
UNWIND $moves AS move
MATCH (:Report {truevisionRef: move.report})-[:PART_OF]->(c:Case)
RETURN collect(DISTINCT c.reference) + collect(DISTINCT move.case) AS cases
"""

_RECOUNT = """
UNWIND $cases AS reference
WITH DISTINCT reference ORDER BY reference
MATCH (c:Case {reference: reference})
SET """ + touched("c", "$at") + """
"""


async def stream_reports(graph: Graph) -> AsyncIterator[list[ReportInCase]]:
    """Every report with its case, in pages ordered by reference."""
    after: str | None = None
    while True:
        rows = await graph.rows(_PAGE, after=after, batch=BATCH)
        if not rows:
            return
        yield [ReportInCase(row["report"]["truevisionRef"], row["caseRef"], row["report"])
               for row in rows]
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


async def write_moves(graph: Graph, moves: list[Move], closures: list[Closure], at: datetime,
                      entry: AuditEntry) -> None:
    """Move reports between cases in batches; close cases left empty; log the combination,
    one entry per batch naming the reports moved and the cases they went to."""
    for start in range(0, len(moves), BATCH):
        batch = moves[start:start + BATCH]
        event = replace(entry, id=f"{entry.id}-{start}",
                        targets=tuple(sorted({m.report for m in batch} | {m.case for m in batch})))
        params = [{"report": m.report, "case": m.case, "probability": m.probability,
                   "duplicateOf": m.duplicate_of, "evidence": m.evidence} for m in batch]

        async def work(tx: AsyncManagedTransaction, params: list[dict[str, Any]] = params,
                       event: AuditEntry = event) -> None:
            row = await (await tx.run(_CASES_OF_MOVES, moves=params)).single(strict=True)
            await tx.run(_MOVE, moves=params, at=at)
            await tx.run(_RECOUNT, cases=row["cases"], at=at)
            await write_event(tx, event)

        await graph.write(work)

    async def close(tx: AsyncManagedTransaction) -> None:
        await tx.run(_CLOSE_EMPTIED, at=at,
                     closures=[{"case": c.case, "into": c.into} for c in closures])

    await graph.write(close)
