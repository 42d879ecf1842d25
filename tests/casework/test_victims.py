"""Victims' Code clocks: who is owed an update, by when, and what counts as meeting it."""

from __future__ import annotations

from datetime import date

import pytest

from casework.config import CaseworkRules, with_overrides
from casework.errors import RuleViolation
from casework.workflow.victims import (
    Channel,
    Standing,
    UpdatePreference,
    UpdateTrigger,
    VictimCircumstances,
    VictimClock,
    VictimUpdate,
    is_enhanced,
    next_periodic_update,
    overdue,
    record_update,
    start_clock,
    victim_update_due,
)
from tests.support.times import LONDON, london

HATE_CRIME = VictimCircumstances()
ORDINARY = VictimCircumstances(hate_crime=False)
NCHI = VictimCircumstances(standing=Standing.NCHI_COMPLAINANT)


def clock(victim: str, trigger: UpdateTrigger, at: tuple[int, int, int],
          circumstances: VictimCircumstances, rules: CaseworkRules) -> VictimClock:
    started = start_clock(victim, trigger, london(*at, 10), circumstances, rules)
    assert started is not None
    return started


def test_a_hate_crime_victim_is_told_of_an_arrest_within_one_working_day(
        rules: CaseworkRules) -> None:
    arrest = clock("V1", UpdateTrigger.ARREST, (2024, 6, 7), HATE_CRIME, rules)
    assert arrest.enhanced
    assert arrest.statutory
    assert arrest.due.astimezone(LONDON).date() == date(2024, 6, 10)


def test_other_victims_have_five_working_days(rules: CaseworkRules) -> None:
    assert not is_enhanced(ORDINARY, rules)
    due = victim_update_due(london(2024, 6, 7, 10), False, rules)
    assert due.astimezone(LONDON).date() == date(2024, 6, 14)


@pytest.mark.parametrize("circumstances", [
    VictimCircumstances(hate_crime=False, vulnerable_or_intimidated=True),
    VictimCircumstances(hate_crime=False, persistently_targeted=True),
])
def test_vulnerable_or_persistently_targeted_victims_are_enhanced(
        rules: CaseworkRules, circumstances: VictimCircumstances) -> None:
    assert is_enhanced(circumstances, rules)


def test_hate_crime_enhancement_is_configurable(rules: CaseworkRules) -> None:
    changed = with_overrides(rules, {"victim_updates": {"hate_crime_victims_enhanced": False}})
    assert not is_enhanced(HATE_CRIME, changed)


def test_an_nchi_complainant_gets_the_hub_standard_not_a_code_right(
        rules: CaseworkRules) -> None:
    recorded = clock("C1", UpdateTrigger.DECISION_NOT_TO_INVESTIGATE, (2024, 6, 7), NCHI, rules)
    assert not recorded.enhanced
    assert not recorded.statutory
    assert recorded.due.astimezone(LONDON).date() == date(2024, 6, 14)
    none = with_overrides(rules, {"victim_updates": {"nchi_complainants": "NONE"}})
    assert start_clock("C1", UpdateTrigger.NCHI_RECORDED, london(2024, 6, 7), NCHI,
                       none) is None


def test_only_right_6_events_are_statutory(rules: CaseworkRules) -> None:
    allocated = clock("V1", UpdateTrigger.ALLOCATED, (2024, 6, 7), HATE_CRIME, rules)
    assert not allocated.statutory


def test_the_overdue_list_holds_unmet_clocks_past_due_most_overdue_first(
        rules: CaseworkRules) -> None:
    early = clock("V2", UpdateTrigger.ARREST, (2024, 6, 3), HATE_CRIME, rules)
    later = clock("V1", UpdateTrigger.ARREST, (2024, 6, 5), HATE_CRIME, rules)
    not_due = clock("V3", UpdateTrigger.ARREST, (2024, 6, 7), ORDINARY, rules)
    met = record_update([clock("V4", UpdateTrigger.ARREST, (2024, 6, 3), HATE_CRIME, rules)],
                        VictimUpdate("V4", london(2024, 6, 3, 15), "officer-1", Channel.EMAIL,
                                     "Told of the arrest"), None, rules)
    late = overdue([not_due, later, early, *met], london(2024, 6, 10, 9))
    assert late == [early, later]


def test_an_update_meets_that_victims_open_clocks_only(rules: CaseworkRules) -> None:
    clocks = [clock("V1", UpdateTrigger.ARREST, (2024, 6, 3), HATE_CRIME, rules),
              clock("V2", UpdateTrigger.ARREST, (2024, 6, 3), HATE_CRIME, rules),
              clock("V1", UpdateTrigger.CHARGED, (2024, 6, 20), HATE_CRIME, rules)]
    update = VictimUpdate("V1", london(2024, 6, 4, 9), "officer-1", Channel.TELEPHONE,
                          "Suspect arrested and interviewed")
    after = record_update(clocks, update, UpdatePreference(Channel.TELEPHONE), rules)
    assert [c.met_at is not None for c in after] == [True, False, False]


def test_another_channel_than_the_agreed_one_needs_a_reason(rules: CaseworkRules) -> None:
    clocks = [clock("V1", UpdateTrigger.ARREST, (2024, 6, 3), HATE_CRIME, rules)]
    by_email = VictimUpdate("V1", london(2024, 6, 4, 9), "officer-1", Channel.EMAIL,
                            "Suspect arrested")
    with pytest.raises(RuleViolation) as refused:
        record_update(clocks, by_email, UpdatePreference(Channel.TELEPHONE), rules)
    assert refused.value.errors[0].field == ("input", "preferenceUnmetReason")
    assert "TELEPHONE" in refused.value.errors[0].message
    explained = VictimUpdate("V1", london(2024, 6, 4, 9), "officer-1", Channel.EMAIL,
                             "Suspect arrested", "Three calls unanswered; e-mail sent instead")
    assert record_update(clocks, explained, UpdatePreference(Channel.TELEPHONE),
                         rules)[0].met_at is not None


def test_an_update_must_say_what_the_victim_was_told(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as refused:
        record_update([], VictimUpdate("V1", london(2024, 6, 4), "officer-1", Channel.EMAIL,
                                       "  "), None, rules)
    assert refused.value.errors[0].field == ("input", "summary")


def test_an_agreed_regular_update_falls_due_in_working_days(rules: CaseworkRules) -> None:
    weekly = UpdatePreference(Channel.EMAIL, every_working_days=5)
    due = next_periodic_update(london(2024, 3, 27, 10), weekly, rules)
    assert due is not None
    assert due.astimezone(LONDON).date() == date(2024, 4, 5)  # across Easter
    assert next_periodic_update(london(2024, 3, 27), UpdatePreference(Channel.EMAIL),
                                rules) is None
