"""A case screen in one read: the case and every part of it the screen shows, in one query.

A case screen once took a dozen statements, each in its own transaction and session, run
concurrently on two cores; each then took three times as long as alone. Here each part of a case
(its allocations, assessments, history, platform referrals, updates owed, evidence
packages, intelligence reports, suspects...) is one
Cypher expression over the case `c`, a pattern comprehension or a COLLECT subquery, which
reaches only what hangs from that case: the case's scope (`SCOPED_CASE`) is the scope of every
part. `case_screen` puts the parts a screen asks for, and a page of its referrals and of its
complainants, after one MATCH of the case; `parts_of_cases` reads the same parts for many cases
at once (a list of cases, batched by the loaders).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString

from graph import content, disclosures, handover, workflow
from graph.cases import (
    CASE_FIELDS,
    COMPLAINANTS,
    REPORTS,
    SCOPED_CASE,
    SCOPED_CASES,
    Case,
    RelatedCase,
    ReportOrder,
    allocation_record,
    case_of_row,
    complainant_record,
    report_order_call,
    report_order_params,
    report_record,
)
from graph.driver import Graph
from graph.identity import SCOPED_ACCOUNT
from graph.pages import Key, Window
from graph.records import record_of


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a case: a Cypher expression over `c` (parameters: `$scope`), and the record
    its value makes."""

    expression: LiteralString
    record: Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class SuspectOfCase:
    """A suspect behind an account the case's referrals name, with the accounts in scope."""

    id: str
    accounts: tuple[str, ...]


def listed(pattern: LiteralString, order: LiteralString, kind: type[Any],
           projection: LiteralString = "n {.*}") -> Part:
    """Every node `n` that `pattern` reaches from the case, in `order`, as records `kind`."""
    return Part("COLLECT { MATCH " + pattern + " RETURN " + projection + " ORDER BY " + order +
                " }", lambda rows: [record_of(kind, row) for row in rows])


PARTS: dict[str, Part] = {
    "allocations": Part(
        "COLLECT { MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)"
        " RETURN a {.force, .victimForce, .suspectForce, .rule, .reason, .at, .by}"
        " ORDER BY a.at DESC }",
        lambda rows: [allocation_record(row) for row in rows]),
    "assessments": listed("(c)-[:HAS_ASSESSMENT]->(n:Assessment)", "n.at DESC",
                          workflow.Assessment),
    "history": listed("(c)-[:HAS_STATUS_CHANGE]->(n:StatusChange)", "n.at, n.id",
                      workflow.StatusChange),
    "victimUpdatesDue": listed("(c)-[:OWES_UPDATE]->(n:VictimClock) WHERE n.metAt IS NULL",
                               "n.due, n.id", workflow.VictimClock),
    "captures": listed("(c)-[:HAS_CAPTURE]->(n:Capture)", "n.capturedAt, n.id", content.Capture),
    "platformReferrals": Part(
        "COLLECT { MATCH (c)-[:HAS_REFERRAL]->(r:PlatformReferral)-[:OF_CAPTURE]->(k:Capture)"
        " RETURN {caseReference: c.reference, referral: r {.*}, capture: k {.*},"
        "  history: COLLECT { MATCH (r)-[:HAS_STATUS]->(s:ReferralStatusChange)"
        "                     RETURN s {.*} ORDER BY s.at, s.recordedAt }}"
        " ORDER BY r.sentAt, r.id }",
        lambda rows: [content.referral_record(row) for row in rows]),
    "preservationRequests": Part(
        "COLLECT { MATCH (c)-[:HAS_PRESERVATION]->(q:PreservationRequest)"
        " RETURN {caseReference: c.reference, request: q {.*},"
        "  renewals: COLLECT { MATCH (q)-[:HAS_RENEWAL]->(n:PreservationRenewal)"
        "                      RETURN n {.*} ORDER BY n.at }}"
        " ORDER BY q.expiresAt, q.id }",
        lambda rows: [content.preservation_record(row) for row in rows]),
    "evidencePackages": listed("(c)-[:HAS_EVIDENCE]->(n:EvidencePackage)", "n.at, n.id",
                               disclosures.EvidencePackage),
    # The sanitised report only: its source is a node of its own, which nothing reads back.
    "intelligenceReports": listed("(c)-[:HAS_INTELLIGENCE]->(n:IntelligenceReport)",
                                  "n.createdAt, n.id", disclosures.IntelligenceReport,
                                  "n {.*, caseReference: c.reference}"),
    "relatedCases": Part(
        "COLLECT { MATCH (c)-[x:RELATED_TO]-(o:Case) WHERE $scope IS NULL OR o.force = $scope"
        " RETURN {kind: x.kind, reference: o.reference} ORDER BY o.reference, x.kind }",
        lambda rows: [RelatedCase(row["kind"], row["reference"]) for row in rows]),
    "accounts": Part(
        "COLLECT { MATCH (c)<-[:PART_OF]-(:Report)-[:NAMES]->(a:Account) WITH DISTINCT a"
        " RETURN a {.*, suspect: COLLECT { MATCH (a)-[:ATTRIBUTED_TO]->(p:Suspect)"
        "                                  RETURN p.id }[0]} ORDER BY a.id }",
        list),
    "suspects": Part(
        "COLLECT { MATCH (c)<-[:PART_OF]-(:Report)-[:NAMES]->(:Account)"
        "-[:ATTRIBUTED_TO]->(p:Suspect) WITH DISTINCT p"
        " RETURN {id: p.id, accounts: COLLECT { MATCH (p)<-[:ATTRIBUTED_TO]-(a:Account)"
        "  WHERE " + SCOPED_ACCOUNT + " RETURN a.id ORDER BY a.id }} ORDER BY p.id }",
        lambda rows: [SuspectOfCase(row["id"], tuple(row["accounts"])) for row in rows]),
    "transfers": Part(handover.TRANSFERS, handover.case_transfers),
    "victimPreferences": Part(handover.VICTIMS, handover.victim_contacts),
}
# Pages of a case in report order, as `Case.reports` and `Case.complainants` show them.
PAGES: dict[str, tuple[ReportOrder, Callable[[dict[str, Any], str], Any]]] = {
    "reports": (REPORTS, report_record),
    "complainants": (COMPLAINANTS, lambda row, _: complainant_record(row)),
}


@dataclass(frozen=True, slots=True)
class CaseScreen:
    """A case with the parts and pages that were asked for, each under its name."""

    case: Case
    parts: Mapping[str, Any] = field(default_factory=dict)
    pages: Mapping[str, tuple[Window[Key], list[Any]]] = field(default_factory=dict)

    def page(self, name: str, window: Window[Key]) -> list[Any] | None:
        """The page read under `name`, if it was read for this window."""
        read = self.pages.get(name)
        return read[1] if read is not None and read[0] == window else None


def _projections(names: Collection[str]) -> LiteralString:
    """Each part named, in a fixed order (one query text per set of parts), under its name."""
    return "".join(", " + PARTS[name].expression + " AS " + name for name in PARTS
                   if name in names)


def screen_query(parts: Collection[str], pages: Mapping[str, Window[Key]]
                 ) -> tuple[LiteralString, dict[str, Any]]:
    """The query reading a case (`$reference`, within `$scope`) with `parts` and a page for
    each window of `pages`, and the parameters of those pages."""
    calls: LiteralString = ""
    params: dict[str, Any] = {}
    for name in PAGES:
        if name in pages:
            calls += report_order_call(PAGES[name][0], pages[name].from_end, name, name)
            params.update(report_order_params(pages[name], name))
    query = ("MATCH (c:Case {reference: $reference}) WHERE " + SCOPED_CASE + calls +
             " RETURN " + CASE_FIELDS + _projections(parts) +
             "".join(", " + name for name in PAGES if name in pages))
    return query, params


async def case_screen(graph: Graph, reference: str, scope: str | None, parts: Collection[str],
                      pages: Mapping[str, Window[Key]]) -> CaseScreen | None:
    """The case with `parts` and `pages` (a window for each named page), in one query and one
    read transaction; None when the case is missing or outside scope."""
    query, params = screen_query(parts, pages)
    rows = await graph.rows(query, reference=reference, scope=scope, **params)
    if not rows:
        return None
    row = rows[0]
    return CaseScreen(
        case=case_of_row(row),
        parts={name: PARTS[name].record(row[name]) for name in PARTS if name in parts},
        pages={name: (window, [PAGES[name][1](item, reference)
                               for item in window.in_list_order(row[name])])
               for name, window in pages.items() if name in PAGES})


async def parts_of_cases(graph: Graph, references: list[str], scope: str | None,
                         parts: Collection[str]) -> dict[str, dict[str, Any]]:
    """`parts` of each case in scope, by reference: one query for a whole list of cases."""
    rows = await graph.rows(SCOPED_CASES + " RETURN c.reference AS ref" + _projections(parts),
                            refs=references, scope=scope)
    return {row["ref"]: {name: PARTS[name].record(row[name]) for name in PARTS if name in parts}
            for row in rows}

