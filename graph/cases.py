"""Reading cases and their reports, always under the caller's force scope.

`scope` is the force code a principal is confined to, or None for hub-wide roles. Every query
here filters on it, including counts: another force's case is never returned, counted or hinted
at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, LiteralString

from graph.driver import Graph

SCOPED_CASE: LiteralString = "($scope IS NULL OR c.force = $scope)"


def part_of(report: str, case: str, properties: str) -> str:
    """`(report)-[:PART_OF {...}]->(case)`, carrying the keys a case's referrals are paged by.

    A case of thousands of referrals must open as fast as one of five: the relationship index
    on (caseRef, receivedAt, reportRef) gives a page in order without reading the rest, so every
    PART_OF is created through here, wherever a report joins or moves."""
    return (f"({report})-[:PART_OF {{{properties}, caseRef: {case}.reference, "
            f"receivedAt: {report}.receivedAt, reportRef: {report}.truevisionRef}}]->({case})")


_BEFORE_ANY_REPORT = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    statuses: tuple[str, ...] = ()
    forces: tuple[str, ...] = ()
    strands: tuple[str, ...] = ()
    opened_after: datetime | None = None
    opened_before: datetime | None = None


_CASE_FIELDS: LiteralString = """
c {.reference, .status, .openedAt, .priority, .force, .strands, .outcome, .mergedInto} AS case,
COUNT { (c)<-[:PART_OF]-() } AS reportCount,
COUNT { (c)<-[:PART_OF]-(:Report)-[:REPORTED_BY]->(:Complainant) } AS complainantCount
"""

_FILTER: LiteralString = """
WHERE """ + SCOPED_CASE + """
  AND (size($statuses) = 0 OR c.status IN $statuses)
  AND (size($forces) = 0 OR c.force IN $forces)
  AND (size($strands) = 0 OR any(s IN c.strands WHERE s IN $strands))
  AND ($after IS NULL OR c.openedAt > $after)
  AND ($before IS NULL OR c.openedAt < $before)
"""


def _filter_params(scope: str | None, where: CaseFilter) -> dict[str, Any]:
    return {"scope": scope, "statuses": list(where.statuses), "forces": list(where.forces),
            "strands": list(where.strands), "after": where.opened_after,
            "before": where.opened_before}


async def cases_by_reference(graph: Graph, references: list[str],
                             scope: str | None) -> dict[str, dict[str, Any]]:
    rows = await graph.rows(
        "UNWIND $refs AS ref MATCH (c:Case {reference: ref}) WHERE " + SCOPED_CASE +
        " RETURN " + _CASE_FIELDS, refs=references, scope=scope)
    return {row["case"]["reference"]: {**row["case"], "reportCount": row["reportCount"],
                                     "complainantCount": row["complainantCount"]}
            for row in rows}


async def list_cases(graph: Graph, scope: str | None, where: CaseFilter, first: int,
                     after: tuple[datetime, str] | None) -> tuple[list[dict[str, Any]], int]:
    """A page of cases, newest first, by keyset on (openedAt, reference), plus the total."""
    params = _filter_params(scope, where)
    total = await graph.rows("MATCH (c:Case) " + _FILTER + " RETURN count(c) AS n", **params)
    rows = await graph.rows(
        "MATCH (c:Case) " + _FILTER +
        " AND ($cursorAt IS NULL OR c.openedAt < $cursorAt"
        "      OR (c.openedAt = $cursorAt AND c.reference < $cursorRef))"
        " WITH c ORDER BY c.openedAt DESC, c.reference DESC LIMIT $limit"
        " RETURN " + _CASE_FIELDS,
        **params, cursorAt=after[0] if after else None, cursorRef=after[1] if after else None,
        limit=first + 1)
    return [{**row["case"], "reportCount": row["reportCount"],
             "complainantCount": row["complainantCount"]} for row in rows], total[0]["n"]


async def _pages_in_report_order(graph: Graph, references: list[str], scope: str | None,
                                 first: int, after: tuple[datetime, str] | None,
                                 match: str, carried: str, projection: str
                                 ) -> dict[str, list[dict[str, Any]]]:
    """One page per case of what `match` finds around each of its reports `r` (joined to the
    case by `p`), in the order the reports arrived: a keyset on (receivedAt, truevisionRef),
    read in index order so that only the page is read, however large the case."""
    rows = await graph.rows(
        "UNWIND $refs AS ref MATCH (c:Case {reference: ref}) WHERE " + SCOPED_CASE +
        " CALL (c) { MATCH " + match +
        "   USING INDEX p:PART_OF(caseRef, receivedAt, reportRef)"
        "   WHERE p.caseRef = c.reference AND p.receivedAt >= $cursorAt"
        "     AND p.reportRef IS NOT NULL"
        "     AND NOT (p.receivedAt = $cursorAt AND p.reportRef <= $cursorRef)"
        "   WITH " + carried + " ORDER BY p.caseRef, p.receivedAt, p.reportRef LIMIT $limit"
        "   RETURN collect(" + projection + ") AS page }"
        " RETURN c.reference AS ref, page",
        refs=references, scope=scope, cursorAt=after[0] if after else _BEFORE_ANY_REPORT,
        cursorRef=after[1] if after else "", limit=first + 1)
    return {row["ref"]: row["page"] for row in rows}


async def reports_of_cases(graph: Graph, references: list[str], scope: str | None,
                           first: int, after: tuple[datetime, str] | None
                           ) -> dict[str, list[dict[str, Any]]]:
    """The first page of reports for each case, oldest first."""
    return await _pages_in_report_order(graph, references, scope, first, after,
                                        "(r:Report)-[p:PART_OF]->(c)", "r, p", "r {.*}")


async def reports_by_reference(graph: Graph, references: list[str],
                               scope: str | None) -> dict[str, dict[str, Any]]:
    rows = await graph.rows(
        "UNWIND $refs AS ref MATCH (r:Report {truevisionRef: ref})-[:PART_OF]->(c:Case) "
        "WHERE " + SCOPED_CASE + " RETURN r {.*, caseRef: c.reference} AS report",
        refs=references, scope=scope)
    return {row["report"]["truevisionRef"]: row["report"] for row in rows}


async def allocations_of_cases(graph: Graph, references: list[str],
                               scope: str | None) -> dict[str, list[dict[str, Any]]]:
    """Each case's allocation history, newest first."""
    rows = await graph.rows(
        "UNWIND $refs AS ref MATCH (c:Case {reference: ref}) WHERE " + SCOPED_CASE +
        " OPTIONAL MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)"
        " WITH c, a ORDER BY a.at DESC"
        " RETURN c.reference AS ref, [x IN collect(a {.*}) WHERE x IS NOT NULL] AS allocations",
        refs=references, scope=scope)
    return {row["ref"]: row["allocations"] for row in rows}


async def parties_of_reports(graph: Graph, references: list[str],
                             scope: str | None) -> dict[str, list[dict[str, Any]]]:
    """Victims and complainants named in each report, with their roles."""
    rows = await graph.rows(
        "UNWIND $refs AS ref MATCH (r:Report {truevisionRef: ref})-[:PART_OF]->(c:Case) "
        "WHERE " + SCOPED_CASE +
        " OPTIONAL MATCH (r)-[rel:AGAINST|REPORTED_BY]->(p:Person)"
        " WITH r, p, collect(type(rel)) AS roles"
        " RETURN r.truevisionRef AS ref,"
        "  [x IN collect(CASE WHEN p IS NULL THEN NULL ELSE p {.*, roles: roles} END)"
        "   WHERE x IS NOT NULL] AS parties",
        refs=references, scope=scope)
    return {row["ref"]: row["parties"] for row in rows}


async def links_of_reports(graph: Graph, references: list[str],
                           scope: str | None) -> dict[str, dict[str, Any]]:
    """Why each report is in its case: how it joined, and the duplicate link with its evidence."""
    rows = await graph.rows(
        "UNWIND $refs AS ref MATCH (r:Report {truevisionRef: ref})-[p:PART_OF]->(c:Case) "
        "WHERE " + SCOPED_CASE +
        " OPTIONAL MATCH (r)-[d:DUPLICATE_OF]->(o:Report)"
        " RETURN ref, p {.method, .probability, .at, .by} AS joined,"
        "  CASE WHEN d IS NULL THEN NULL ELSE d {.probability, .evidence, .method,"
        "  duplicateOf: o.truevisionRef} END AS duplicate",
        refs=references, scope=scope)
    return {row["ref"]: {**row["joined"], "duplicate": row["duplicate"]} for row in rows}


async def related_of_cases(graph: Graph, references: list[str],
                           scope: str | None) -> dict[str, list[dict[str, Any]]]:
    """Cases related to each case (same raid text, same suspect), within scope both ends."""
    rows = await graph.rows(
        "UNWIND $refs AS ref MATCH (c:Case {reference: ref}) WHERE " + SCOPED_CASE +
        " OPTIONAL MATCH (c)-[x:RELATED_TO]-(o:Case) WHERE $scope IS NULL OR o.force = $scope"
        " WITH c, [r IN collect(CASE WHEN o IS NULL THEN NULL ELSE"
        "   {kind: x.kind, reference: o.reference} END) WHERE r IS NOT NULL] AS related"
        " RETURN c.reference AS ref, related",
        refs=references, scope=scope)
    return {row["ref"]: row["related"] for row in rows}


async def complainants_of_cases(graph: Graph, references: list[str], scope: str | None,
                                first: int, after: tuple[datetime, str] | None
                                ) -> dict[str, list[dict[str, Any]]]:
    """A page of each case's complainants (one per report, oldest first), with their report."""
    return await _pages_in_report_order(
        graph, references, scope, first, after,
        "(k:Complainant)<-[:REPORTED_BY]-(r:Report)-[p:PART_OF]->(c)", "k, r, p",
        "k {.*, report: r.truevisionRef, receivedAt: r.receivedAt,"
        " victim: EXISTS { (r)-[:AGAINST]->(k) }}")
