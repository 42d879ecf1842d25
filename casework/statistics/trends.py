"""Surges and timings: the hub's early warning of mass reporting and its own delays.

Mass reporting is the hub's worst day: 3,419 online reports reached Police Scotland on the first
day of its Hate Crime Act, mostly about a few viral posts. Two signals give early warning: a day
with far more referrals than the day before, and one content item drawing many referrals in a
day. The thresholds are configuration (`[statistics]` in rules.toml); the one-item count is made
by the graph (`graph.statistics`), by day, with the configured minimum.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casework.config import CaseworkRules


@dataclass(frozen=True, slots=True)
class Surge:
    day: str
    reports: int
    previous: int


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile; None for no data (not zero, which would mislead)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def percentiles(values: Sequence[float], shares: Iterable[float]) -> dict[float, float | None]:
    """Nearest-rank percentiles for each share (0.5 = median); None for no data."""
    return {share: percentile(values, share) for share in shares}


def surges(daily: Sequence[tuple[str, int]], factor: float, minimum: int) -> list[Surge]:
    """Days whose referrals exceed `factor` times the day before, and at least `minimum`."""
    found = []
    for (_, before), (day, count) in itertools.pairwise(daily):
        if count >= minimum and count > factor * max(before, 1):
            found.append(Surge(day, count, before))
    return found


def surge_days(daily: Sequence[tuple[str, int]], rules: CaseworkRules) -> list[Surge]:
    """Days (in order) whose referrals exceed the configured factor of the day before."""
    settings = rules.statistics
    return surges(daily, settings.surge_factor, settings.surge_minimum)
