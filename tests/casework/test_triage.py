"""Triage: the three Truevision re-routing questions and the out-of-hours flag."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casework.config import CaseworkRules
from casework.errors import RuleViolation
from casework.workflow.triage import HandOffReason, TriageAnswers, out_of_hours, triage
from tests.support.times import london

ALL_NO = TriageAnswers(immediate_danger=False, poster_identity_known=False, future_event=False)


def test_no_yes_answer_keeps_the_case_at_the_hub(rules: CaseworkRules) -> None:
    result = triage(ALL_NO, london(2024, 6, 5, 10), "officer-1", london(2024, 6, 5, 11),
                    "west-yorkshire", rules)
    assert not result.urgent
    assert result.hand_off is None
    assert not result.out_of_hours


def test_immediate_danger_hands_off_to_the_local_force_with_time_and_reason(
        rules: CaseworkRules) -> None:
    answers = TriageAnswers(immediate_danger=True, poster_identity_known=True,
                            future_event=False)
    result = triage(answers, london(2024, 6, 5, 10), "officer-1", london(2024, 6, 5, 10, 7),
                    "west-yorkshire", rules)
    assert result.hand_off is not None
    assert result.hand_off.force == "west-yorkshire"
    assert result.hand_off.reasons == (HandOffReason.IMMEDIATE_DANGER,
                                       HandOffReason.POSTER_IDENTITY_KNOWN)
    assert result.hand_off.decided.by == "officer-1"
    assert result.hand_off.decided.at == datetime(2024, 6, 5, 9, 7, tzinfo=UTC)
    assert "immediate danger" in result.hand_off.decided.reason
    assert "real identity" in result.hand_off.decided.reason


def test_a_future_event_with_no_known_force_still_hands_off(rules: CaseworkRules) -> None:
    answers = TriageAnswers(immediate_danger=False, poster_identity_known=False,
                            future_event=True)
    result = triage(answers, london(2024, 6, 5, 10), "officer-1", london(2024, 6, 5, 10),
                    None, rules)
    assert result.hand_off is not None
    assert result.hand_off.force is None
    assert "not yet known" in result.hand_off.decided.reason


def test_every_question_must_be_answered(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as refused:
        triage(TriageAnswers(immediate_danger=False), london(2024, 6, 5), "officer-1",
               london(2024, 6, 5), None, rules)
    assert [e.field for e in refused.value.errors] == [("input", "posterIdentityKnown"),
                                                      ("input", "futureEvent")]


@pytest.mark.parametrize(("at", "closed"), [
    (london(2024, 6, 5, 9, 0), False),    # opening time, Wednesday
    (london(2024, 6, 5, 8, 59), True),
    (london(2024, 6, 5, 16, 59), False),
    (london(2024, 6, 5, 17, 0), True),    # closing time
    (london(2024, 6, 8, 11), True),       # Saturday
    (london(2024, 5, 27, 11), True),      # Spring bank holiday
    (datetime(2024, 1, 15, 9, 30, tzinfo=UTC), False),  # 09:30 GMT
    (datetime(2024, 7, 15, 8, 30, tzinfo=UTC), False),  # 09:30 BST
    (datetime(2024, 7, 15, 16, 30, tzinfo=UTC), True),  # 17:30 BST
])
def test_out_of_hours_follows_london_time_weekends_and_bank_holidays(
        rules: CaseworkRules, at: datetime, closed: bool) -> None:
    assert out_of_hours(at, rules) is closed


def test_the_flag_is_set_from_the_arrival_time(rules: CaseworkRules) -> None:
    result = triage(ALL_NO, london(2024, 6, 8, 23), "officer-1", london(2024, 6, 10, 9),
                    None, rules)
    assert result.out_of_hours
