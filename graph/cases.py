"""Reading cases and their reports, always under the caller's force scope.

`scope` is the force code a principal is confined to, or None for hub-wide roles. Every query
here filters on it, including counts: another force's case is never returned, counted or hinted
at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, LiteralString

from graph.driver import Graph
from graph.pages import Key, Window, keyset_between, keyset_order, keyset_params

SCOPED_CASE: LiteralString = "($scope IS NULL OR c.force = $scope)"


def part_of(report: str, case: str, properties: str) -> str:
    """`(report)-[:PART_OF {...}]->(case)`, carrying the keys a case's referrals are paged by.

    A case of thousands of referrals must open as fast as one of five: the relationship index
    on (caseRef, receivedAt, reportRef) gives a page in order without reading the rest, so every
    PART_OF is created through here, wherever a report joins or moves."""
    return (f"({report})-[:PART_OF {{{properties}, caseRef: {case}.reference, "
            f"receivedAt: {report}.receivedAt, reportRef: {report}.truevisionRef}}]->({case})")


_BEFORE_ANY_REPORT: Key = (datetime(1970, 1, 1, tzinfo=UTC), "")
_AFTER_ANY_REPORT: Key = (datetime(9999, 12, 31, tzinfo=UTC), "\uffff")


@dataclass(frozen=True, slots=True)
class CaseFilter:
    statuses: tuple[str, ...] = ()
    forces: tuple[str, ...] = ()
    strands: tuple[str, ...] = ()
    opened_after: datetime | None = None
    opened_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A case as a list or a page shows it, with how many referrals and complainants it has."""

    reference: str
    status: str
    opened_at: datetime
    priority: str
    force: str
    strands: tuple[str, ...]
    report_count: int
    complainant_count: int
    outcome: str | None
    merged_into: str | None
    updated_at: datetime

    def sort_key(self, field: str) -> Any:
        """The value the case is ordered by under `field` (one of `SORT_KEYS`)."""
        return {"OPENED_AT": self.opened_at, "UPDATED_AT": self.updated_at,
                "PRIORITY": self.priority, "REPORT_COUNT": self.report_count}[field]


# What a list of cases may be ordered by: each a stored, indexed property of the case, kept up
# to date by every write that changes it, in the write's own transaction (`touched`). Ties are
# broken by the reference, which follows the order cases were opened in. Priorities sort as
# their names do, NORMAL before URGENT (tests/api/test_case_order.py holds the enum to it).
SORT_KEYS: dict[str, LiteralString] = {
    "OPENED_AT": "c.openedAt", "UPDATED_AT": "c.updatedAt", "PRIORITY": "c.priority",
    "REPORT_COUNT": "c.reportCount"}


def touched(case: LiteralString, at: LiteralString) -> LiteralString:
    """Cypher SET items noting that `case` changed at `at` and recounting its referrals: for a
    write that moves referrals in or out, after it has (it has locked the case by then)."""
    return (case + ".updatedAt = " + at + ", " + case + ".reportCount = COUNT { (" + case +
            ")<-[:PART_OF]-() }")


@dataclass(frozen=True, slots=True)
class Report:
    """One Truevision referral as stored, and the case it is in."""

    truevision_ref: str
    case_reference: str
    received_at: datetime
    out_of_hours: bool
    narrative: str | None
    content_text: str | None
    content_urls: tuple[str, ...]
    platform_as_typed: str | None
    strands: tuple[str, ...]
    other_characteristics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Allocation:
    """One allocation of a case to a force: by which rule, why, when and by whom."""

    force: str
    victim_force: str | None
    suspect_force: str | None
    rule: str
    reason: str
    at: datetime
    by: str


@dataclass(frozen=True, slots=True)
class Party:
    """A victim or complainant named in a report, with the roles they have in it."""

    roles: tuple[str, ...]  # VICTIM and/or COMPLAINANT
    name: str | None
    postcode: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """The linker's match of a report with an earlier one: its score and evidence (JSON)."""

    duplicate_of: str
    probability: float | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class CaseLink:
    """Why a report is in its case: how it joined (and by whom, for an analyst's decision)."""

    method: str
    probability: float | None
    by: str | None
    duplicate: DuplicateLink | None


@dataclass(frozen=True, slots=True)
class Complainant:
    """A complainant's place in a case: their referral, and whether they are also its victim."""

    report: str
    received_at: datetime
    victim: bool
    name: str | None
    postcode: str | None


@dataclass(frozen=True, slots=True)
class RelatedCase:
    """A case about other content related to this one, and how (SAME_RAID_TEXT, ...)."""

    kind: str
    reference: str


CASE_FIELDS: LiteralString = """
c {.reference, .status, .openedAt, .priority, .force, .strands, .outcome, .mergedInto,
   .updatedAt} AS case,
coalesce(c.reportCount, COUNT { (c)<-[:PART_OF]-() }) AS reportCount,
COUNT { (c)<-[:PART_OF]-(:Report)-[:REPORTED_BY]->(:Complainant) } AS complainantCount
"""

_REPORT_FIELDS: LiteralString = """r {.truevisionRef, .receivedAt, .outOfHours, .narrative,
.contentText, .contentUrls, .platformAsTyped, .strands, .otherCharacteristics}"""

_FILTER: LiteralString = """
WHERE """ + SCOPED_CASE + """
  AND (size($statuses) = 0 OR c.status IN $statuses)
  AND (size($forces) = 0 OR c.force IN $forces)
  AND (size($strands) = 0 OR any(s IN c.strands WHERE s IN $strands))
  AND ($after IS NULL OR c.openedAt > $after)
  AND ($before IS NULL OR c.openedAt < $before)
"""

# Each case by reference, within scope, as `c`; and each report by reference with its case.
SCOPED_CASES: LiteralString = (
    "UNWIND $refs AS ref MATCH (c:Case {reference: ref}) WHERE " + SCOPED_CASE)
_SCOPED_REPORTS: LiteralString = (
    "UNWIND $refs AS ref MATCH (r:Report {truevisionRef: ref})-[p:PART_OF]->(c:Case) "
    "WHERE " + SCOPED_CASE)


def case_record(stored: Mapping[str, Any], report_count: int, complainant_count: int) -> Case:
    """A case from its stored properties (any that were never set may be missing)."""
    return Case(reference=stored["reference"], status=stored["status"],
                opened_at=stored["openedAt"], priority=stored["priority"], force=stored["force"],
                strands=tuple(stored.get("strands") or ()), report_count=report_count,
                complainant_count=complainant_count, outcome=stored.get("outcome"),
                merged_into=stored.get("mergedInto"),
                updated_at=stored.get("updatedAt") or stored["openedAt"])


def report_record(stored: Mapping[str, Any], case_reference: str) -> Report:
    """A report from its stored properties (any that were never set may be missing)."""
    return Report(truevision_ref=stored["truevisionRef"], case_reference=case_reference,
                  received_at=stored["receivedAt"], out_of_hours=bool(stored.get("outOfHours")),
                  narrative=stored.get("narrative"), content_text=stored.get("contentText"),
                  content_urls=tuple(stored.get("contentUrls") or ()),
                  platform_as_typed=stored.get("platformAsTyped"),
                  strands=tuple(stored.get("strands") or ()),
                  other_characteristics=tuple(stored.get("otherCharacteristics") or ()))


def case_of_row(row: dict[str, Any]) -> Case:
    return case_record(row["case"], row["reportCount"], row["complainantCount"])


def allocation_record(row: dict[str, Any]) -> Allocation:
    return Allocation(force=row["force"], victim_force=row["victimForce"],
                      suspect_force=row["suspectForce"], rule=row["rule"],
                      reason=row["reason"], at=row["at"], by=row["by"])


def _party(row: dict[str, Any]) -> Party:
    return Party(roles=tuple(sorted({"VICTIM" if role == "AGAINST" else "COMPLAINANT"
                                     for role in row["roles"]})),
                 name=row["name"], postcode=row["postcode"], email=row["email"],
                 phone=row["phone"])


def _case_link(joined: dict[str, Any], duplicate: dict[str, Any] | None) -> CaseLink:
    return CaseLink(method=joined["method"], probability=joined["probability"], by=joined["by"],
                    duplicate=DuplicateLink(duplicate["duplicateOf"], duplicate["probability"],
                                            duplicate["evidence"]) if duplicate else None)


def complainant_record(row: dict[str, Any]) -> Complainant:
    return Complainant(report=row["report"], received_at=row["receivedAt"],
                       victim=row["victim"], name=row["name"], postcode=row["postcode"])


def _filter_params(scope: str | None, where: CaseFilter) -> dict[str, Any]:
    return {"scope": scope, "statuses": list(where.statuses), "forces": list(where.forces),
            "strands": list(where.strands), "after": where.opened_after,
            "before": where.opened_before}


async def cases_by_reference(graph: Graph, references: list[str],
                             scope: str | None) -> dict[str, Case]:
    rows = await graph.rows(SCOPED_CASES + " RETURN " + CASE_FIELDS,
                            refs=references, scope=scope)
    return {row["case"]["reference"]: case_of_row(row) for row in rows}


async def elsewhere(graph: Graph, references: list[str], scope: str) -> set[str]:
    """Which of `references` (of cases, or Truevision references of reports) name a case of
    another force than `scope`: asked for by an officer of `scope` and answered as missing,
    they are refusals for the audit log."""
    rows = await graph.rows(
        "UNWIND $refs AS ref"
        " OPTIONAL MATCH (c:Case {reference: ref})"
        " OPTIONAL MATCH (:Report {truevisionRef: ref})-[:PART_OF]->(o:Case)"
        " WITH ref, coalesce(c, o) AS c WHERE c.force <> $scope RETURN ref",
        refs=references, scope=scope)
    return {row["ref"] for row in rows}


@dataclass(frozen=True, slots=True)
class CaseOrder:
    """How a list of cases is ordered: by one of `SORT_KEYS`, then by reference."""

    field: str = "OPENED_AT"
    descending: bool = True


NEWEST_OPENED = CaseOrder()


@dataclass(frozen=True, slots=True)
class CaseSearch:
    """What a search for cases looks for, each already in the form it is stored in: a prefix of
    the case reference, a folded handle (exactly, or as a prefix), a canonical content key, and
    a Lucene query over the referrals' text. A case matching any of them is found."""

    reference: str | None = None
    handle: str | None = None
    handle_prefix: bool = False
    content: str | None = None
    text: str | None = None


# Each way a case is found, binding `c`; the search unites those that apply.
_FOUND_BY_REFERENCE: LiteralString = (
    "MATCH (c:Case) WHERE c.reference STARTS WITH $search.reference RETURN c")
_FOUND_BY_HANDLE: LiteralString = (
    "MATCH (a:Account {handleKey: $search.handle})<-[:NAMES]-(:Report)-[:PART_OF]->(c:Case) "
    "RETURN c")
_FOUND_BY_HANDLE_PREFIX: LiteralString = (
    "MATCH (a:Account) WHERE a.handleKey STARTS WITH $search.handle "
    "MATCH (a)<-[:NAMES]-(:Report)-[:PART_OF]->(c:Case) RETURN c")
_FOUND_BY_CONTENT: LiteralString = (
    "MATCH (:Content {key: $search.content})<-[:CONCERNS]-(:Report)-[:PART_OF]->(c:Case) "
    "RETURN c")
_FOUND_BY_TEXT: LiteralString = (
    "CALL db.index.fulltext.queryNodes('report_text', $search.text) YIELD node "
    "MATCH (node)-[:PART_OF]->(c:Case) RETURN c")


def _matched(search: CaseSearch | None) -> LiteralString:
    """The cases a list reads before its filter, as `c`: every case, or those a search finds."""
    if search is None:
        return "MATCH (c:Case) "
    branches: list[LiteralString] = []
    if search.reference:
        branches.append(_FOUND_BY_REFERENCE)
    if search.handle:
        branches.append(_FOUND_BY_HANDLE_PREFIX if search.handle_prefix else _FOUND_BY_HANDLE)
    if search.content:
        branches.append(_FOUND_BY_CONTENT)
    if search.text:
        branches.append(_FOUND_BY_TEXT)
    if not branches:
        return "MATCH (c:Case) WHERE false WITH c "
    return "CALL () { " + " UNION ".join(branches) + " } WITH DISTINCT c "


async def list_cases(graph: Graph, scope: str | None, where: CaseFilter,
                     window: Window[tuple[Any, str]], order: CaseOrder = NEWEST_OPENED,
                     search: CaseSearch | None = None) -> tuple[list[Case], int]:
    """A page of cases in `order` (newest first unless told), by keyset on (the sort key,
    reference), plus the total; only the cases `search` finds when given. The scope holds
    for the search as for the list: another force's case is neither returned nor counted."""
    key = SORT_KEYS[order.field]
    matched = _matched(search)
    params = {**_filter_params(scope, where),
              "search": _search_params(search) if search is not None else None}
    total = await graph.rows(matched + _FILTER + " RETURN count(c) AS n", **params)
    rows = await graph.rows(
        matched + _FILTER +
        " AND " + keyset_between(key, "c.reference", descending=order.descending) +
        " WITH c" + keyset_order(window, key, "c.reference", descending=order.descending) +
        " RETURN " + CASE_FIELDS, **params, **keyset_params(window))
    return window.in_list_order([case_of_row(row) for row in rows]), total[0]["n"]


def _search_params(search: CaseSearch) -> dict[str, Any]:
    return {"reference": search.reference, "handle": search.handle,
            "content": search.content, "text": search.text}


@dataclass(frozen=True, slots=True)
class ReportOrder:
    """What a page in report order reads around each report `r` of the case `c` (joined by
    `p`): the pattern, the variables the page carries, and what each row projects."""

    match: LiteralString
    carried: LiteralString
    projection: LiteralString


REPORTS = ReportOrder("(r:Report)-[p:PART_OF]->(c)", "r, p", _REPORT_FIELDS)
COMPLAINANTS = ReportOrder(
    "(k:Complainant)<-[:REPORTED_BY]-(r:Report)-[p:PART_OF]->(c)", "k, r, p",
    "k {.name, .postcode, report: r.truevisionRef, receivedAt: r.receivedAt,"
    " victim: EXISTS { (r)-[:AGAINST]->(k) }}")


def report_order_call(order: ReportOrder, from_end: bool, name: LiteralString = "page",
                      prefix: LiteralString = "") -> LiteralString:
    """A subquery giving the case `c` one page of `order` as `name`, read forward or from the
    end, its bounds in parameters named with `prefix` (so that one query may hold several
    pages). The tie-breaks on the report reference are CASE expressions, which the planner
    keeps as one filter on the index seek; written as OR it may split the seek in two and sort
    the whole case. The hint asks for a seek, not only the index: on some statistics the
    planner chose to scan the whole index in order and filter it by case, which reads every
    case's referrals for each page (`tests/graph/test_pages.py` caught it after the API tests
    had filled the graph)."""
    direction: LiteralString = " DESC" if from_end else ""
    after_at, after_id = "$" + prefix + "afterAt", "$" + prefix + "afterId"
    before_at, before_id = "$" + prefix + "beforeAt", "$" + prefix + "beforeId"
    return (
        " CALL (c) { MATCH " + order.match +
        "   USING INDEX SEEK p:PART_OF(caseRef, receivedAt, reportRef)"
        "   WHERE p.caseRef = c.reference"
        "     AND p.receivedAt >= " + after_at + " AND p.receivedAt <= " + before_at +
        "     AND p.reportRef IS NOT NULL"
        "     AND CASE WHEN p.receivedAt = " + after_at + " THEN p.reportRef > " + after_id +
        " ELSE true END"
        "     AND CASE WHEN p.receivedAt = " + before_at + " THEN p.reportRef < " + before_id +
        " ELSE true END"
        "   WITH " + order.carried + " ORDER BY p.caseRef" + direction + ", p.receivedAt" +
        direction + ", p.reportRef" + direction + " LIMIT $" + prefix + "limit"
        "   RETURN collect(" + order.projection + ") AS " + name + " }")


def report_order_page(match: LiteralString, carried: LiteralString, projection: LiteralString,
                      from_end: bool) -> LiteralString:
    """The query of `_pages_in_report_order`: each case's page, read forward or from the end."""
    return (SCOPED_CASES + report_order_call(ReportOrder(match, carried, projection), from_end)
            + " RETURN c.reference AS ref, page")


def report_order_params(window: Window[Key], prefix: str = "") -> dict[str, Any]:
    """Absent cursors stand at either end of time, which keeps the index seek a range."""
    after, before = window.after or _BEFORE_ANY_REPORT, window.before or _AFTER_ANY_REPORT
    values = {"afterAt": after[0], "afterId": after[1], "beforeAt": before[0],
              "beforeId": before[1], "limit": window.size + 1}
    return {prefix + name: value for name, value in values.items()}


async def _pages_in_report_order(graph: Graph, references: list[str], scope: str | None,
                                 window: Window[Key], order: ReportOrder
                                 ) -> dict[str, list[dict[str, Any]]]:
    """One page per case of what `order` finds around each of its reports, in the order the
    reports arrived: a keyset on (receivedAt, truevisionRef), read in index order from the
    page's anchor so that only the page is read, however large the case."""
    rows = await graph.rows(report_order_page(order.match, order.carried, order.projection,
                                              window.from_end),
                            refs=references, scope=scope, **report_order_params(window))
    return {row["ref"]: window.in_list_order(row["page"]) for row in rows}


async def reports_of_cases(graph: Graph, references: list[str], scope: str | None,
                           window: Window[Key]) -> dict[str, list[Report]]:
    """A page of reports for each case, oldest first."""
    pages = await _pages_in_report_order(graph, references, scope, window, REPORTS)
    return {ref: [report_record(row, ref) for row in page] for ref, page in pages.items()}


async def reports_by_reference(graph: Graph, references: list[str],
                               scope: str | None) -> dict[str, Report]:
    rows = await graph.rows(
        _SCOPED_REPORTS + " RETURN " + _REPORT_FIELDS + " AS report, c.reference AS case",
        refs=references, scope=scope)
    return {row["report"]["truevisionRef"]: report_record(row["report"], row["case"])
            for row in rows}


async def parties_of_reports(graph: Graph, references: list[str],
                             scope: str | None) -> dict[str, list[Party]]:
    """Victims and complainants named in each report, with their roles."""
    rows = await graph.rows(
        _SCOPED_REPORTS +
        " OPTIONAL MATCH (r)-[rel:AGAINST|REPORTED_BY]->(person:Person)"
        " WITH r, person, collect(type(rel)) AS roles"
        " RETURN r.truevisionRef AS ref,"
        "  [x IN collect(person {.name, .postcode, .email, .phone, roles: roles})"
        "   WHERE x IS NOT NULL] AS parties",
        refs=references, scope=scope)
    return {row["ref"]: [_party(p) for p in row["parties"]] for row in rows}


async def links_of_reports(graph: Graph, references: list[str],
                           scope: str | None) -> dict[str, CaseLink]:
    """Why each report is in its case: how it joined, and the duplicate link with its evidence."""
    rows = await graph.rows(
        _SCOPED_REPORTS +
        " OPTIONAL MATCH (r)-[d:DUPLICATE_OF]->(o:Report)"
        " RETURN ref, p {.method, .probability, .by} AS joined,"
        "  CASE WHEN d IS NULL THEN NULL ELSE d {.probability, .evidence,"
        "  duplicateOf: o.truevisionRef} END AS duplicate",
        refs=references, scope=scope)
    return {row["ref"]: _case_link(row["joined"], row["duplicate"]) for row in rows}


async def complainants_of_cases(graph: Graph, references: list[str], scope: str | None,
                                window: Window[Key]) -> dict[str, list[Complainant]]:
    """A page of each case's complainants (one per report, oldest first), with their report."""
    pages = await _pages_in_report_order(graph, references, scope, window, COMPLAINANTS)
    return {ref: [complainant_record(row) for row in page] for ref, page in pages.items()}
