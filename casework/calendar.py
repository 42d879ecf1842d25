"""England and Wales bank holidays and working days, for deadlines set in working days.

Victims' Code deadlines run in working days, so a wrong holiday means a wrongly reported breach.
The statutory pattern is computed for any year; days moved or added by proclamation up to now
are listed below; days announced later go in the rules file (`calendar.extra_bank_holidays`,
`calendar.removed_bank_holidays`) without a code change.

Deadline convention (`add_working_days`): the day of the event never counts, whatever the hour;
the deadline is the end (23:59:59.999999, hub time zone) of the n-th working day after the
event's local date. An event at 16:00 on a Friday with 1 working day is due by the end of
Monday; an event on a Saturday or a bank holiday starts counting from the next working day, so
it is due at the end of that day for n = 1. Every event on one local date gets the same deadline,
which is what a duty officer can check by hand.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from casework.decided import utc

if TYPE_CHECKING:
    from casework.config import CaseworkRules

# Replacements of the statutory day, by year.
_EARLY_MAY_MOVED = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}  # VE Day anniversaries
_SPRING_MOVED = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}
# Additional days by proclamation.
_ONE_OFF = {
    date(1999, 12, 31): "Millennium celebrations",
    date(2002, 6, 3): "Golden Jubilee",
    date(2011, 4, 29): "Royal wedding",
    date(2012, 6, 5): "Diamond Jubilee",
    date(2022, 6, 3): "Platinum Jubilee",
    date(2022, 9, 19): "State funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of King Charles III",
}


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm, also known as Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _substituted(days: list[tuple[date, str]]) -> dict[date, str]:
    """Days falling at a weekend move to the next free weekday.

    Days already on a weekday are placed first, so that with Christmas on a Sunday, Boxing Day
    keeps Monday 26th and Christmas takes Tuesday 27th as its substitute.
    """
    placed = {day: name for day, name in days if day.weekday() < 5}
    for day, name in days:
        if day.weekday() < 5:
            continue
        moved = day
        while moved.weekday() >= 5 or moved in placed:
            moved += timedelta(days=1)
        placed[moved] = f"{name} (substitute day)"
    return placed


@functools.cache
def _statutory(year: int) -> tuple[tuple[date, str], ...]:
    easter = easter_sunday(year)
    found = _substituted([(date(year, 1, 1), "New Year's Day")])
    found[easter - timedelta(days=2)] = "Good Friday"
    found[easter + timedelta(days=1)] = "Easter Monday"
    found[_EARLY_MAY_MOVED.get(year, _first_monday(year, 5))] = "Early May bank holiday"
    found[_SPRING_MOVED.get(year, _last_monday(year, 5))] = "Spring bank holiday"
    found[_last_monday(year, 8)] = "Summer bank holiday"
    found.update(_substituted([(date(year, 12, 25), "Christmas Day"),
                               (date(year, 12, 26), "Boxing Day")]))
    found.update({day: name for day, name in _ONE_OFF.items() if day.year == year})
    return tuple(sorted(found.items()))


def bank_holidays(year: int, rules: CaseworkRules) -> dict[date, str]:
    """The year's England and Wales bank holidays with their names, configuration applied."""
    found = dict(_statutory(year))
    for day in rules.calendar.removed_bank_holidays:
        found.pop(day, None)
    found.update({day: "Additional bank holiday"
                  for day in rules.calendar.extra_bank_holidays if day.year == year})
    return dict(sorted(found.items()))


def is_working_day(day: date, rules: CaseworkRules) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year, rules)


def next_working_day(day: date, rules: CaseworkRules) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day, rules):
        day += timedelta(days=1)
    return day


def add_working_days(start: datetime, n: int, rules: CaseworkRules) -> datetime:
    """The deadline (UTC) n working days after an event, by the convention in the module doc."""
    if n < 1:
        raise ValueError("a deadline is at least one working day away")
    zone = rules.office_hours.zone
    day = utc(start).astimezone(zone).date()
    for _ in range(n):
        day = next_working_day(day, rules)
    return utc(datetime.combine(day, time.max, tzinfo=zone))
