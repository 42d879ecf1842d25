"""Bank holidays and working-day deadlines, checked against the published gov.uk lists."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from casework.calendar import add_working_days, bank_holidays, easter_sunday, is_working_day
from casework.config import CaseworkRules, with_overrides
from tests.support.times import LONDON, london


def end_of(day: date) -> tuple[date, int, int]:
    """What an officer reads off a deadline: the London date and that it is the day's end."""
    return day, 23, 59


def deadline(start: datetime, n: int, rules: CaseworkRules) -> tuple[date, int, int]:
    due = add_working_days(start, n, rules).astimezone(LONDON)
    return due.date(), due.hour, due.minute


@pytest.mark.parametrize(("year", "easter"), [
    (2019, date(2019, 4, 21)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
    (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22)),
])
def test_easter_falls_on_the_right_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_2022_has_the_jubilee_move_and_the_state_funeral(rules: CaseworkRules) -> None:
    assert list(bank_holidays(2022, rules)) == [
        date(2022, 1, 3),  # New Year's Day fell on a Saturday
        date(2022, 4, 15), date(2022, 4, 18), date(2022, 5, 2),
        date(2022, 6, 2), date(2022, 6, 3),  # Spring moved to Thursday, plus the Jubilee
        date(2022, 8, 29), date(2022, 9, 19),
        date(2022, 12, 26), date(2022, 12, 27),  # Christmas on a Sunday
    ]
    assert bank_holidays(2022, rules)[date(2022, 12, 27)] == "Christmas Day (substitute day)"
    assert bank_holidays(2022, rules)[date(2022, 12, 26)] == "Boxing Day"


def test_2023_adds_the_coronation_monday(rules: CaseworkRules) -> None:
    holidays = bank_holidays(2023, rules)
    assert date(2023, 1, 2) in holidays  # New Year's Day fell on a Sunday
    assert date(2023, 5, 1) in holidays
    assert holidays[date(2023, 5, 8)] == "Coronation of King Charles III"
    assert date(2023, 5, 6) not in holidays  # the coronation itself was on a Saturday
    assert len(holidays) == 9


def test_2020_moved_early_may_to_ve_day(rules: CaseworkRules) -> None:
    holidays = bank_holidays(2020, rules)
    assert date(2020, 5, 8) in holidays
    assert date(2020, 5, 4) not in holidays


def test_christmas_on_a_saturday_moves_both_days(rules: CaseworkRules) -> None:
    holidays = bank_holidays(2021, rules)
    assert date(2021, 12, 27) in holidays
    assert date(2021, 12, 28) in holidays
    assert date(2021, 12, 24) not in holidays


def test_an_ordinary_year_has_eight_bank_holidays(rules: CaseworkRules) -> None:
    assert list(bank_holidays(2027, rules)) == [
        date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 3),
        date(2027, 5, 31), date(2027, 8, 30), date(2027, 12, 27), date(2027, 12, 28)]


def test_configured_days_are_added_and_removed(rules: CaseworkRules) -> None:
    changed = with_overrides(rules, {"calendar": {
        "extra_bank_holidays": [date(2027, 6, 7)],
        "removed_bank_holidays": [date(2027, 8, 30)]}})
    assert not is_working_day(date(2027, 6, 7), changed)
    assert is_working_day(date(2027, 8, 30), changed)
    assert is_working_day(date(2027, 6, 7), rules)


def test_friday_afternoon_with_one_working_day_is_due_by_the_end_of_monday(
        rules: CaseworkRules) -> None:
    assert deadline(london(2024, 6, 7, 16), 1, rules) == end_of(date(2024, 6, 10))


def test_a_weekend_event_counts_from_the_next_working_day(rules: CaseworkRules) -> None:
    assert deadline(london(2024, 6, 8, 10), 1, rules) == end_of(date(2024, 6, 10))
    assert deadline(london(2024, 6, 9, 23, 30), 5, rules) == end_of(date(2024, 6, 14))


def test_the_local_date_decides_not_the_utc_one(rules: CaseworkRules) -> None:
    # 23:30 UTC on Friday is 00:30 on Saturday in British Summer Time.
    friday_night = datetime(2024, 6, 7, 23, 30, tzinfo=UTC)
    assert deadline(friday_night, 1, rules) == end_of(date(2024, 6, 10))
    assert add_working_days(friday_night, 1, rules) == datetime(2024, 6, 10, 22, 59, 59,
                                                                999999, tzinfo=UTC)


def test_easter_weekend_is_skipped(rules: CaseworkRules) -> None:
    # Maundy Thursday 2024: Good Friday and Easter Monday are not working days.
    assert deadline(london(2024, 3, 28, 15), 1, rules) == end_of(date(2024, 4, 2))
    assert deadline(london(2024, 3, 28, 15), 5, rules) == end_of(date(2024, 4, 8))


def test_christmas_substitute_days_are_skipped(rules: CaseworkRules) -> None:
    assert deadline(london(2021, 12, 24, 9), 1, rules) == end_of(date(2021, 12, 29))
    assert deadline(london(2022, 12, 23, 9), 1, rules) == end_of(date(2022, 12, 28))


def test_one_off_bank_holidays_are_skipped(rules: CaseworkRules) -> None:
    assert deadline(london(2022, 6, 1, 11), 1, rules) == end_of(date(2022, 6, 6))
    assert deadline(london(2022, 9, 16, 11), 1, rules) == end_of(date(2022, 9, 20))
    assert deadline(london(2023, 5, 5, 11), 1, rules) == end_of(date(2023, 5, 9))


def test_a_time_without_a_zone_is_refused(rules: CaseworkRules) -> None:
    with pytest.raises(ValueError, match="time zone"):
        add_working_days(datetime(2024, 6, 7, 16), 1, rules)  # noqa: DTZ001
