"""The workflow store against Neo4j: a decision reads the case in scope and writes its status
change, record, clocks and audit together, or nothing when the case moved meanwhile."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from graph.audit import AuditEntry
from graph.driver import Graph
from graph.workflow import (
    CaseChange,
    CaseChanged,
    CaseStanding,
    NotAVictim,
    StatusChange,
    Triage,
    UpdateGiven,
    VictimClock,
    VictimUpdate,
    cases_awaiting_triage,
    decide_on_case,
    meet_clocks,
    open_clocks,
    status_history,
)
from tests.support.stores import LEEDS, open_case

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)
MANCHESTER = "greater-manchester"


def audit(name: str) -> AuditEntry:
    return AuditEntry(f"audit-{name}", AT, "test-hub", "HUB_OFFICER", "ALTERATION")


class Triaging:
    """A plan that triages the case as not urgent (starting a clock for each of its victims
    when asked); it keeps what it read."""

    def __init__(self, name: str, clocks: bool = False) -> None:
        self.name, self.clocks = name, clocks
        self.read: list[CaseStanding] = []

    def __call__(self, case: CaseStanding) -> CaseChange:
        self.read.append(case)
        moved = StatusChange(f"move-{self.name}", case.status, "TRIAGED", "TRIAGE", "test-hub",
                             AT, "first look")
        record = Triage(f"triage-{self.name}", AT, "test-hub", False, False, False, False,
                        False)
        clocks = tuple(clock(self.name, victim) for victim in case.victims if self.clocks)
        return CaseChange(moved, audit(self.name), record, clocks, priority="NORMAL")


def clock(name: str, victim: str) -> VictimClock:
    return VictimClock(f"clock-{name}", victim, "TRIAGED", AT, AT + timedelta(days=5), False,
                       True)


async def test_a_decision_reads_the_case_as_stored_and_its_move_is_in_the_history(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GW-1")
    plan = Triaging("1")
    change = await decide_on_case(store_graph, case, LEEDS, plan)
    [standing] = plan.read
    assert (standing.reference, standing.status, standing.force) == (case, "RECEIVED", LEEDS)
    assert standing.allocation is not None
    assert standing.allocation.rule == "VICTIM_FORCE"
    assert len(standing.victims) == 1
    assert change is not None
    assert await status_history(store_graph, case, LEEDS) == [change.status_change]
    assert case not in await cases_awaiting_triage(store_graph)


async def test_a_case_out_of_scope_or_missing_is_neither_read_nor_changed(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GW-2")
    plan = Triaging("2")
    assert await decide_on_case(store_graph, case, MANCHESTER, plan) is None
    assert await decide_on_case(store_graph, "HUB-2026-999999", None, plan) is None
    assert plan.read == []
    assert await status_history(store_graph, case, MANCHESTER) is None
    assert await status_history(store_graph, case, None) == []
    assert case in await cases_awaiting_triage(store_graph)


async def test_a_change_planned_from_a_status_the_case_has_left_writes_nothing(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GW-3")
    await decide_on_case(store_graph, case, None, Triaging("3"))
    again = Triaging("3-again")

    def stale(standing: CaseStanding) -> CaseChange:
        # Planned as if the case were still RECEIVED, as a read before the first triage was.
        change = again(standing)
        return replace(change, status_change=replace(change.status_change,
                                                     from_state="RECEIVED"))

    with pytest.raises(CaseChanged):
        await decide_on_case(store_graph, case, None, stale)
    history = await status_history(store_graph, case, None)
    assert [(h.from_state, h.to_state) for h in history or []] == [("RECEIVED", "TRIAGED")]
    audits = await store_graph.rows("MATCH (e:AuditEvent {id: 'audit-3-again'}) RETURN e")
    assert audits == []


async def test_victims_clocks_stay_open_until_an_update_meets_them(store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GW-4")
    plan = Triaging("4", clocks=True)
    await decide_on_case(store_graph, case, None, plan)
    [victim] = plan.read[0].victims
    assert (case, clock("4", victim)) in await open_clocks(store_graph, LEEDS)
    assert [c for r, c in await open_clocks(store_graph, MANCHESTER) if r == case] == []

    update = VictimUpdate("update-4", victim, AT + timedelta(days=1), "test-hub", "EMAIL",
                          "told of the triage")

    def given(clocks: list[VictimClock]) -> UpdateGiven:
        assert clocks == [clock("4", victim)]
        return UpdateGiven(update, tuple(replace(c, met_at=update.at) for c in clocks),
                           audit("4-update"))

    assert await meet_clocks(store_graph, case, MANCHESTER, victim, given) is None
    with pytest.raises(NotAVictim):
        await meet_clocks(store_graph, case, None, "someone-else", given)
    assert await meet_clocks(store_graph, case, LEEDS, victim, given) is not None
    assert [c for r, c in await open_clocks(store_graph, None) if r == case] == []
