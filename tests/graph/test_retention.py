"""The retention store against Neo4j: a non-crime hate incident past its review date is due, and
its erasure leaves no trace of the case but the audit entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from graph.audit import AuditEntry
from graph.driver import Graph
from graph.retention import ErasureDue, due_for_erasure, erase_case
from graph.workflow import Assessment, CaseChange, CaseStanding, StatusChange, decide_on_case
from tests.support.stores import open_case

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)
REVIEW_DAYS = 365


def audit(name: str, action: str = "ALTERATION") -> AuditEntry:
    return AuditEntry(f"audit-{name}", AT, "test-hub", "HUB_OFFICER", action)


def assessed(name: str, decision: str,
             review_on: date | None = None) -> Callable[[CaseStanding], CaseChange]:
    """A plan assessing the case straight from RECEIVED (the store checks no transition)."""

    def plan(case: CaseStanding) -> CaseChange:
        record = Assessment(f"assessment-{name}", AT, "test-hub", "no offence made out",
                            decision, False, False, AT.date(), "offences-1", False, True, False,
                            "rules-1", nchi_review_on=review_on)
        moved = StatusChange(f"move-{name}", case.status, "ASSESSED", "ASSESS", "test-hub", AT,
                             "assessed")
        return CaseChange(moved, audit(name), record)

    return plan


async def due(graph: Graph, today: date, cases: set[str]) -> list[ErasureDue]:
    return [d for d in await due_for_erasure(graph, today, REVIEW_DAYS) if d.case in cases]


async def test_an_nchi_is_due_on_its_review_date_and_a_crime_never(store_graph: Graph) -> None:
    nchi = await open_case(store_graph, "TV-GR-1")
    reviewed_early = await open_case(store_graph, "TV-GR-2")
    crime = await open_case(store_graph, "TV-GR-3")
    await decide_on_case(store_graph, nchi, None, assessed("1", "NON_CRIME_HATE_INCIDENT"))
    await decide_on_case(store_graph, reviewed_early, None,
                         assessed("2", "NON_CRIME_HATE_INCIDENT", date(2027, 3, 1)))
    await decide_on_case(store_graph, crime, None, assessed("3", "CRIME"))
    cases = {nchi, reviewed_early, crime}
    assert await due(store_graph, date(2027, 2, 28), cases) == []
    assert await due(store_graph, date(2027, 3, 1), cases) == [
        ErasureDue(reviewed_early, date(2027, 3, 1), 1)]
    # With no review date of its own, an NCHI is reviewed REVIEW_DAYS after its assessment.
    assert await due(store_graph, date(2027, 11, 21), cases) == [
        ErasureDue(reviewed_early, date(2027, 3, 1), 1), ErasureDue(nchi, date(2027, 11, 21), 1)]


async def test_an_erased_case_is_gone_with_its_reports_and_only_its_audit_entry_stays(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GR-4")
    kept = await open_case(store_graph, "TV-GR-5")
    await decide_on_case(store_graph, case, None,
                         assessed("4", "NON_CRIME_HATE_INCIDENT", date(2027, 1, 1)))
    await erase_case(store_graph, case, audit("4-erase", "ERASURE"))
    assert await due(store_graph, date(2027, 1, 1), {case}) == []
    left = await store_graph.rows(
        "MATCH (n) WHERE n.reference = $case OR n.truevisionRef = 'TV-GR-4' RETURN n", case=case)
    assert left == []
    assert await store_graph.rows("MATCH (c:Case {reference: $r}) RETURN c.reference AS r",
                                  r=kept) == [{"r": kept}]
    [entry] = await store_graph.rows("MATCH (e:AuditEvent {id: 'audit-4-erase'}) "
                                     "RETURN e.action AS action")
    assert entry == {"action": "ERASURE"}
