"""The handover store against Neo4j: a case is offered to one force at a time, only that force
answers, and victims' update preferences are kept per victim, the latest applying."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from graph.audit import AuditEntry
from graph.driver import Graph
from graph.handover import (
    Answer,
    ChangedMeanwhile,
    Transfer,
    UpdatePreference,
    answer,
    awaiting,
    open_transfer_exists,
    preferences,
    propose,
    record_preference,
    transfers_of_case,
)
from graph.workflow import CaseStanding, NotAVictim
from tests.support.stores import LEEDS, open_case

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)
MERSEYSIDE = "merseyside"


def audit(name: str) -> AuditEntry:
    return AuditEntry(f"audit-{name}", AT, "test-force", "FORCE_OFFICER", "ALTERATION")


def offer(name: str, case: str) -> Transfer:
    return Transfer(f"transfer-{name}", LEEDS, MERSEYSIDE, case, "PROPOSED", "test-force", AT,
                    "the suspect lives on the Wirral")


async def test_a_case_is_offered_to_one_force_which_alone_sees_and_answers_it(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GH-1")
    seen: list[tuple[CaseStanding, bool]] = []

    def plan(standing: CaseStanding, open_already: bool) -> tuple[Transfer, AuditEntry]:
        seen.append((standing, open_already))
        return offer("1", case), audit("1")

    proposed = await propose(store_graph, case, LEEDS, plan)
    assert proposed is not None
    assert proposed.transfer == offer("1", case)
    assert (proposed.case.reference, proposed.case.report_count) == (case, 1)
    assert [(standing.reference, open_already) for standing, open_already in seen] == [
        (case, False)]
    assert await open_transfer_exists(store_graph, case, LEEDS)
    assert [t.transfer.id for t in await awaiting(store_graph, MERSEYSIDE)
            if t.case.reference == case] == ["transfer-1"]
    assert [t for t in await awaiting(store_graph, "greater-manchester")
            if t.case.reference == case] == []

    declined = replace(offer("1", case), state="DECLINED", answered_by="test-mersey",
                       answered_at=AT + timedelta(hours=2), answer_reason="not ours")

    def decline(transfer: Transfer, standing: CaseStanding) -> Answer:
        return Answer(declined, audit("1-declined"))

    assert await answer(store_graph, "transfer-1", "greater-manchester", decline) is None
    answered = await answer(store_graph, "transfer-1", MERSEYSIDE, decline)
    assert answered is not None
    assert answered.transfer == declined
    assert not await open_transfer_exists(store_graph, case, None)
    assert [t.transfer for t in await transfers_of_case(store_graph, case, None) or []] == [
        declined]


async def test_a_second_offer_while_one_is_open_is_never_stored(store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GH-2")
    await propose(store_graph, case, None, lambda _, __: (offer("2a", case), audit("2a")))
    opens: list[bool] = []

    def again(standing: CaseStanding, open_already: bool) -> tuple[Transfer, AuditEntry]:
        opens.append(open_already)
        return offer("2b", case), audit("2b")  # as if the first were not there

    with pytest.raises(ChangedMeanwhile):
        await propose(store_graph, case, None, again)
    assert opens == [True]
    assert [t.transfer.id for t in await transfers_of_case(store_graph, case, None) or []] == [
        "transfer-2a"]


async def test_a_case_out_of_scope_is_not_offered_and_its_transfers_are_not_shown(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GH-3")
    assert await propose(store_graph, case, MERSEYSIDE,
                         lambda _, __: (offer("3", case), audit("3"))) is None
    assert await transfers_of_case(store_graph, case, MERSEYSIDE) is None
    assert await transfers_of_case(store_graph, case, LEEDS) == []


async def test_each_victims_latest_preference_applies(store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GH-4")
    [contact] = await preferences(store_graph, case, LEEDS) or []
    assert (contact.preference, contact.last_update_at) == (None, None)
    victim = contact.victim_id
    email = UpdatePreference("pref-4a", victim, "EMAIL", AT, "test-force", 10)
    phone = UpdatePreference("pref-4b", victim, "PHONE", AT + timedelta(days=1), "test-force")
    assert await record_preference(store_graph, case, LEEDS, phone, audit("4b"))
    assert await record_preference(store_graph, case, None, email, audit("4a"))
    assert [c.preference for c in await preferences(store_graph, case, None) or []] == [phone]
    assert not await record_preference(store_graph, case, MERSEYSIDE, email, audit("4c"))
    with pytest.raises(NotAVictim):
        await record_preference(store_graph, case, None, replace(email, victim_id="stranger"),
                                audit("4d"))
    assert await preferences(store_graph, case, MERSEYSIDE) is None
