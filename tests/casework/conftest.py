"""The shipped rules, read once for every casework test; tests vary them with `with_overrides`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from casework.config import CaseworkRules, load_rules

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A wall-clock time in England, as an officer would read it."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture(scope="session")
def rules() -> CaseworkRules:
    return load_rules()
