"""Allocation rules in configured order, hub overrides, and the transfer hand-shake."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casework.config import CaseworkRules, with_overrides
from casework.errors import RuleViolation
from casework.handover.transfer import (
    OVERRIDE,
    TransferState,
    accept_transfer,
    dispute_transfer,
    override_allocation,
    propose_transfer,
    resolve_dispute,
    victim_update_owner,
)
from casework.workflow.allocation import HUB, AllocationFacts, Country, allocate
from tests.support.times import london

AT = london(2024, 6, 5, 10)


def test_an_identified_suspect_located_in_a_force_area_goes_to_that_force(
        rules: CaseworkRules) -> None:
    facts = AllocationFacts(victim_force="metropolitan", suspect_identified=True,
                            suspect_force="west-yorkshire")
    allocation = allocate(facts, rules, by="hub-rules", at=AT)
    assert allocation.force == "west-yorkshire"
    assert allocation.rule == "SUSPECT_LOCATED"
    assert allocation.victim_force == "metropolitan"
    assert allocation.suspect_force == "west-yorkshire"
    assert "West Yorkshire Police" in allocation.reason
    assert allocation.decided.by == "hub-rules"
    assert allocation.decided.at == datetime(2024, 6, 5, 9, tzinfo=UTC)


@pytest.mark.parametrize("facts", [
    AllocationFacts(victim_country=Country.SCOTLAND),
    AllocationFacts(victim_force="police-scotland"),
])
def test_a_victim_in_scotland_goes_to_police_scotland(rules: CaseworkRules,
                                                       facts: AllocationFacts) -> None:
    allocation = allocate(facts, rules, by="hub-rules", at=AT)
    assert allocation.force == "police-scotland"
    assert allocation.rule == "VICTIM_IN_SCOTLAND"


def test_a_victim_in_northern_ireland_goes_to_the_psni(rules: CaseworkRules) -> None:
    allocation = allocate(AllocationFacts(victim_force="northern-ireland"), rules,
                          by="hub-rules", at=AT)
    assert (allocation.force, allocation.rule) == ("northern-ireland",
                                                   "VICTIM_IN_NORTHERN_IRELAND")


def test_a_suspect_abroad_leaves_the_case_with_the_victims_force(
        rules: CaseworkRules) -> None:
    facts = AllocationFacts(victim_force="merseyside", suspect_identified=True,
                            suspect_force="west-yorkshire", suspect_abroad=True)
    allocation = allocate(facts, rules, by="hub-rules", at=AT)
    assert (allocation.force, allocation.rule) == ("merseyside", "VICTIM_FORCE")
    assert allocation.reason.startswith("The suspect is abroad")
    assert "Merseyside Police" in allocation.reason


def test_with_no_location_known_the_hub_keeps_the_case(rules: CaseworkRules) -> None:
    allocation = allocate(AllocationFacts(), rules, by="hub-rules", at=AT)
    assert (allocation.force, allocation.rule) == (HUB, "HUB_KEEPS")
    assert "not known" in allocation.reason
    abroad = allocate(AllocationFacts(victim_country=Country.ABROAD), rules, by="hub-rules",
                      at=AT)
    assert abroad.force == HUB
    assert abroad.reason.startswith("The victim is abroad")


def test_the_rule_order_is_configuration(rules: CaseworkRules) -> None:
    victim_first = with_overrides(rules, {"allocation": {"rules": [
        {"name": "VICTIM_FORCE", "enabled": True},
        {"name": "SUSPECT_LOCATED", "enabled": True},
        {"name": "HUB_KEEPS", "enabled": True}]}})
    facts = AllocationFacts(victim_force="metropolitan", suspect_identified=True,
                            suspect_force="west-yorkshire")
    assert allocate(facts, victim_first, by="hub-rules", at=AT).force == "metropolitan"
    no_suspect_rule = with_overrides(rules, {"allocation": {"rules": [
        {"name": "SUSPECT_LOCATED", "enabled": False},
        {"name": "VICTIM_FORCE", "enabled": True},
        {"name": "HUB_KEEPS", "enabled": True}]}})
    assert allocate(facts, no_suspect_rule, by="hub-rules", at=AT).force == "metropolitan"


def test_an_override_needs_a_reason_and_a_real_force(rules: CaseworkRules) -> None:
    current = allocate(AllocationFacts(victim_force="kent"), rules, by="hub-rules", at=AT)
    with pytest.raises(RuleViolation) as refused:
        override_allocation(current, "essex", by="officer-1", at=AT, reason="", rules=rules)
    assert refused.value.errors[0].code == "REASON_REQUIRED"
    with pytest.raises(RuleViolation) as unknown:
        override_allocation(current, "atlantis", by="officer-1", at=AT,
                            reason="Suspect lives there", rules=rules)
    assert unknown.value.errors[0].field == ("input", "force")
    moved = override_allocation(current, "essex", by="officer-1", at=AT,
                                reason="Suspect's address confirmed by the platform",
                                rules=rules)
    assert (moved.force, moved.rule, moved.previous_force) == ("essex", OVERRIDE, "kent")
    assert moved.decided.by == "officer-1"


def test_the_hub_owes_victim_updates_until_the_receiving_force_accepts(
        rules: CaseworkRules) -> None:
    allocation = allocate(AllocationFacts(victim_force="kent"), rules, by="hub-rules", at=AT)
    transfer = propose_transfer(allocation, "HUB-2024-000123", by="officer-1", at=AT,
                                rules=rules)
    assert transfer.state is TransferState.PROPOSED
    assert victim_update_owner(transfer) == HUB
    accepted = accept_transfer(transfer, "KT/24/99812", by="kent-officer",
                               at=london(2024, 6, 6, 9), rules=rules)
    assert accepted.state is TransferState.ACCEPTED
    assert (accepted.sending_reference, accepted.receiving_reference) == ("HUB-2024-000123",
                                                                         "KT/24/99812")
    assert victim_update_owner(accepted) == "kent"


def test_acceptance_needs_the_receiving_forces_reference(rules: CaseworkRules) -> None:
    allocation = allocate(AllocationFacts(victim_force="kent"), rules, by="hub-rules", at=AT)
    transfer = propose_transfer(allocation, "HUB-2024-000123", by="officer-1", at=AT,
                                rules=rules)
    with pytest.raises(RuleViolation) as refused:
        accept_transfer(transfer, " ", by="kent-officer", at=AT, rules=rules)
    assert refused.value.errors[0].field == ("input", "receivingReference")


def test_a_dispute_goes_to_the_force_crime_registrar(rules: CaseworkRules) -> None:
    allocation = allocate(AllocationFacts(victim_force="kent"), rules, by="hub-rules", at=AT)
    transfer = propose_transfer(allocation, "HUB-2024-000123", by="officer-1", at=AT,
                                rules=rules)
    disputed = dispute_transfer(transfer, by="kent-officer", at=AT,
                                reason="Suspect lives in Essex, not Kent", rules=rules)
    assert disputed.state is TransferState.DISPUTED
    assert disputed.escalated_to == "FORCE_CRIME_REGISTRAR"
    assert victim_update_owner(disputed) == HUB
    with pytest.raises(RuleViolation) as refused:
        accept_transfer(disputed, "KT/1", by="kent-officer", at=AT, rules=rules)
    assert refused.value.errors[0].code == "FORBIDDEN_TRANSITION"
    upheld = resolve_dispute(disputed, True, receiving_reference="KT/24/1", by="kent-fcr",
                             at=AT, reason="Victim resides in Kent: Kent records", rules=rules)
    assert upheld.state is TransferState.ACCEPTED
    assert upheld.resolved is not None
    assert upheld.resolved.by == "kent-fcr"
    withdrawn = resolve_dispute(disputed, False, receiving_reference=None, by="kent-fcr",
                                at=AT, reason="Essex is the right force", rules=rules)
    assert withdrawn.state is TransferState.WITHDRAWN
    assert victim_update_owner(withdrawn) == HUB


def test_a_case_the_hub_keeps_cannot_be_transferred(rules: CaseworkRules) -> None:
    kept = allocate(AllocationFacts(), rules, by="hub-rules", at=AT)
    with pytest.raises(RuleViolation) as refused:
        propose_transfer(kept, "HUB-2024-000123", by="officer-1", at=AT, rules=rules)
    assert refused.value.errors[0].code == "NOTHING_TO_TRANSFER"
