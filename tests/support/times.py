"""Wall-clock times in England, as officers read them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A wall-clock time in England, as an officer would read it."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)
