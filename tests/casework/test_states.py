"""The case state machine: the allowed path, and the moves it refuses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casework.config import CaseworkRules
from casework.errors import RuleViolation
from casework.workflow.states import CaseState, Outcome, allowed_targets, transition
from tests.support.times import london

S = CaseState
AT = london(2024, 6, 5, 10)
WHY = "Recorded for the test of the case path"


def move(current: CaseState, target: CaseState, rules: CaseworkRules,
         outcome: Outcome | None = None, urgent_hand_off: bool = False) -> CaseState:
    return transition(current, target, WHY, by="officer-1", at=AT, rules=rules,
                      outcome=outcome, urgent_hand_off=urgent_hand_off).to_state


def refusal(current: CaseState, target: CaseState, rules: CaseworkRules,
            outcome: Outcome | None = None) -> tuple[tuple[str, ...], str]:
    with pytest.raises(RuleViolation) as refused:
        transition(current, target, WHY, by="officer-1", at=AT, rules=rules, outcome=outcome)
    return refused.value.errors[0].field, refused.value.errors[0].code


def test_the_usual_path_from_receipt_to_closure(rules: CaseworkRules) -> None:
    state = S.RECEIVED
    for target in (S.TRIAGED, S.ASSESSED, S.ALLOCATED, S.WITH_FORCE):
        state = move(state, target, rules)
    assert move(state, S.CLOSED, rules, outcome=Outcome.FORCE_OUTCOME_RECORDED) is S.CLOSED


def test_a_transition_records_who_when_why(rules: CaseworkRules) -> None:
    step = transition(S.ASSESSED, S.REFERRED, "Content referred to the platform only",
                      by="officer-1", at=AT, rules=rules)
    assert (step.step, step.decided.by, step.decided.at) == (
        "referral", "officer-1", datetime(2024, 6, 5, 9, tzinfo=UTC))
    assert step.decided.reason == "Content referred to the platform only"


@pytest.mark.parametrize(("current", "target"), [
    (S.RECEIVED, S.ASSESSED), (S.RECEIVED, S.ALLOCATED), (S.TRIAGED, S.REFERRED),
    (S.REFERRED, S.WITH_FORCE), (S.CLOSED, S.TRIAGED), (S.CLOSED, S.ASSESSED),
    (S.WITH_FORCE, S.WITH_FORCE), (S.RECEIVED, S.RECEIVED),
])
def test_forbidden_transitions_are_refused(rules: CaseworkRules, current: CaseState,
                                           target: CaseState) -> None:
    assert refusal(current, target, rules) == (("input", "caseId"), "FORBIDDEN_TRANSITION")
    assert target not in allowed_targets(current)


def test_only_an_urgent_hand_off_skips_assessment(rules: CaseworkRules) -> None:
    assert refusal(S.RECEIVED, S.WITH_FORCE, rules)[1] == "FORBIDDEN_TRANSITION"
    assert move(S.RECEIVED, S.WITH_FORCE, rules, urgent_hand_off=True) is S.WITH_FORCE
    assert move(S.TRIAGED, S.WITH_FORCE, rules, urgent_hand_off=True) is S.WITH_FORCE


def test_re_assessment_and_re_allocation_are_allowed(rules: CaseworkRules) -> None:
    assert move(S.ALLOCATED, S.ASSESSED, rules) is S.ASSESSED
    assert move(S.WITH_FORCE, S.ASSESSED, rules) is S.ASSESSED
    assert move(S.ALLOCATED, S.ALLOCATED, rules) is S.ALLOCATED
    assert move(S.WITH_FORCE, S.ALLOCATED, rules) is S.ALLOCATED


def test_closing_needs_an_outcome(rules: CaseworkRules) -> None:
    assert refusal(S.ASSESSED, S.CLOSED, rules) == (("input", "outcome"), "OUTCOME_REQUIRED")


def test_before_assessment_a_case_closes_only_as_merged_or_withdrawn(
        rules: CaseworkRules) -> None:
    assert refusal(S.TRIAGED, S.CLOSED, rules, outcome=Outcome.NO_FURTHER_ACTION)[1] == \
        "OUTCOME_NEEDS_ASSESSMENT"
    assert move(S.RECEIVED, S.CLOSED, rules, outcome=Outcome.MERGED) is S.CLOSED
    assert move(S.ASSESSED, S.CLOSED, rules, outcome=Outcome.NO_FURTHER_ACTION) is S.CLOSED


def test_only_closing_records_an_outcome(rules: CaseworkRules) -> None:
    assert refusal(S.ASSESSED, S.ALLOCATED, rules, outcome=Outcome.MERGED)[1] == \
        "OUTCOME_NOT_ALLOWED"


def test_a_move_needs_a_reason(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as refused:
        transition(S.RECEIVED, S.TRIAGED, "ok", by="officer-1", at=AT, rules=rules)
    assert refused.value.errors[0].code == "REASON_REQUIRED"
