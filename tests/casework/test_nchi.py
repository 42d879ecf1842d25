"""The 2023 NCHI Code of Practice gate: exclusions, reasons, and the subject data threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from casework.config import CaseworkRules, with_overrides
from casework.errors import RuleViolation
from casework.workflow.nchi import GateAnswer, NchiGateInput, nchi_gate, require_nchi_approver
from tests.support.times import london

NO = GateAnswer(False, "Considered against the Code: does not apply here")


def gate(**changes: Any) -> NchiGateInput:
    answered = NchiGateInput(trivial=NO, irrational=NO, malicious=NO, no_basis_for_hostility=NO,
                             lawful_expression=NO, school_or_school_age=NO,
                             significant_harm_risk=NO, future_offence_risk=NO)
    return replace(answered, **changes)


def test_without_the_threshold_test_met_the_subject_is_not_kept(
        rules: CaseworkRules) -> None:
    record = nchi_gate(gate(), london(2024, 6, 5), rules)
    assert not record.keep_subject_data
    assert record.threshold_reasons == ()
    assert len(record.exclusions_considered) == 6


def test_a_real_risk_of_significant_harm_with_reasons_keeps_the_subject(
        rules: CaseworkRules) -> None:
    risk = GateAnswer(True, "Subject has posted the victim's address twice this week")
    record = nchi_gate(gate(significant_harm_risk=risk), london(2024, 6, 5), rules)
    assert record.keep_subject_data
    assert record.threshold_reasons == ("Subject has posted the victim's address twice this "
                                        "week",)


def test_the_least_intrusive_record_can_be_chosen_even_when_the_threshold_is_met(
        rules: CaseworkRules) -> None:
    risk = GateAnswer(True, "Risk of a future offence against the group")
    record = nchi_gate(gate(future_offence_risk=risk, record_without_subject=True),
                       london(2024, 6, 5), rules)
    assert not record.keep_subject_data


def test_a_threshold_yes_without_a_reason_is_refused(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as refused:
        nchi_gate(gate(significant_harm_risk=GateAnswer(True)), london(2024, 6, 5), rules)
    assert [e.field for e in refused.value.errors] == [
        ("input", "nchiGate", "significantHarmRisk", "reason")]


@pytest.mark.parametrize(("field", "name"), [
    ("trivial", "trivial"), ("irrational", "irrational"), ("malicious", "malicious"),
    ("no_basis_for_hostility", "noBasisForHostility"),
    ("lawful_expression", "lawfulExpression"), ("school_or_school_age", "schoolOrSchoolAge"),
])
def test_any_exclusion_answered_yes_refuses_the_nchi(rules: CaseworkRules, field: str,
                                                      name: str) -> None:
    yes = GateAnswer(True, "This is why the exclusion applies")
    with pytest.raises(RuleViolation) as refused:
        nchi_gate(gate(**{field: yes}), london(2024, 6, 5), rules)
    [error] = refused.value.errors
    assert error.field == ("input", "nchiGate", name)
    assert error.code == "NCHI_EXCLUDED"


def test_every_unanswered_or_unreasoned_question_is_reported(rules: CaseworkRules) -> None:
    partly = NchiGateInput(trivial=GateAnswer(False), irrational=NO)
    with pytest.raises(RuleViolation) as refused:
        nchi_gate(partly, london(2024, 6, 5), rules)
    fields = [e.field[2:] for e in refused.value.errors]
    assert ("trivial", "reason") in fields
    assert ("malicious",) in fields
    assert ("schoolOrSchoolAge",) in fields
    assert ("futureOffenceRisk",) in fields
    assert ("irrational",) not in fields


def test_no_gate_at_all_is_refused(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as refused:
        nchi_gate(None, london(2024, 6, 5), rules)
    assert refused.value.errors[0].code == "NCHI_GATE_REQUIRED"


def test_the_review_date_comes_from_configuration(rules: CaseworkRules) -> None:
    changed = with_overrides(rules, {"nchi": {"review_after_days": 30}})
    assert nchi_gate(gate(), london(2024, 6, 5), changed).review_on == date(2024, 7, 5)


def test_only_configured_roles_approve_an_nchi(rules: CaseworkRules) -> None:
    require_nchi_approver("SUPERVISOR", rules)
    with pytest.raises(RuleViolation) as refused:
        require_nchi_approver("HUB_OFFICER", rules)
    assert refused.value.errors[0].code == "NCHI_APPROVER_REQUIRED"
