"""The rules file: shipped defaults, partial overrides, and refusal of broken configuration."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from casework.config import (
    OVERRIDE_ENV,
    CaseworkRules,
    NchiComplainantClock,
    RulesError,
    current_rules,
    load_rules,
    with_overrides,
)
from casework.workflow.allocation import AllocationRule


def test_the_shipped_defaults_hold_the_documented_rules(rules: CaseworkRules) -> None:
    assert rules.victim_updates.enhanced_working_days == 1
    assert rules.victim_updates.standard_working_days == 5
    assert rules.victim_updates.hate_crime_victims_enhanced
    assert rules.victim_updates.nchi_complainants is NchiComplainantClock.SERVICE_STANDARD
    assert rules.nchi.recording_enabled
    assert rules.nchi.code_of_practice_gate
    assert rules.preservation.period_days == 90
    assert rules.office_hours.timezone == "Europe/London"
    assert rules.allocation.order == (
        AllocationRule.SUSPECT_LOCATED, AllocationRule.VICTIM_IN_SCOTLAND,
        AllocationRule.VICTIM_IN_NORTHERN_IRELAND, AllocationRule.VICTIM_FORCE,
        AllocationRule.HUB_KEEPS)


def test_an_override_file_changes_only_the_keys_it_names(tmp_path: Path) -> None:
    override = tmp_path / "rules.toml"
    override.write_text('[nchi]\ncode_of_practice_gate = false\n\n'
                        '[calendar]\nextra_bank_holidays = [2027-06-07]\n\n'
                        '[office_hours]\ncloses = 18:00:00\n')
    rules = load_rules(override)
    assert not rules.nchi.code_of_practice_gate
    assert rules.nchi.recording_enabled  # untouched key in the same table keeps its default
    assert rules.calendar.extra_bank_holidays == (date(2027, 6, 7),)
    assert rules.office_hours.closes == time(18, 0)
    assert rules.office_hours.opens == time(9, 0)


def test_the_environment_variable_names_the_override(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "rules.toml"
    override.write_text('version = "force-pilot"\n[platform_referrals]\n'
                        'no_response_after_days = 7\n')
    monkeypatch.setenv(OVERRIDE_ENV, str(override))
    current_rules.cache_clear()
    try:
        assert current_rules().version == "force-pilot"
        assert current_rules().platform_referrals.no_response_after_days == 7
    finally:
        current_rules.cache_clear()


def test_a_misspelt_key_is_refused_rather_than_ignored(tmp_path: Path) -> None:
    override = tmp_path / "rules.toml"
    override.write_text("[nchi]\ncode_of_practise_gate = false\n")
    with pytest.raises(RulesError, match="code_of_practise_gate"):
        load_rules(override)


@pytest.mark.parametrize("changes", [
    {"allocation": {"rules": [{"name": "VICTIM_FORCE", "enabled": True},
                              {"name": "HUB_KEEPS", "enabled": False}]}},
    {"allocation": {"rules": [{"name": "HUB_KEEPS", "enabled": True},
                              {"name": "HUB_KEEPS", "enabled": True}]}},
    {"allocation": {"rules": [{"name": "NEAREST_FORCE", "enabled": True},
                              {"name": "HUB_KEEPS", "enabled": True}]}},
    {"victim_updates": {"enhanced_working_days": 6}},
    {"office_hours": {"opens": time(18, 0)}},
    {"office_hours": {"timezone": "Europe/Londres"}},
    {"preservation": {"reminder_days_before_expiry": 90}},
    {"calendar": {"extra_bank_holidays": [date(2027, 1, 4)],
                  "removed_bank_holidays": [date(2027, 1, 4)]}},
])
def test_inconsistent_rules_are_refused(rules: CaseworkRules, changes: dict[str, object]) -> None:
    with pytest.raises(RulesError):
        with_overrides(rules, changes)


def test_an_unreadable_override_names_the_file(tmp_path: Path) -> None:
    override = tmp_path / "broken.toml"
    override.write_text("[nchi\n")
    with pytest.raises(RulesError, match=r"broken\.toml"):
        load_rules(override)
