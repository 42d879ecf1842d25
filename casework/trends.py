"""Surges and timings: the hub's early warning of mass reporting and its own delays."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


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


def surges(daily: Sequence[tuple[str, int]], factor: float, minimum: int) -> list[Surge]:
    """Days whose referrals exceed `factor` times the day before, and at least `minimum`."""
    found = []
    for (_, before), (day, count) in itertools.pairwise(daily):
        if count >= minimum and count > factor * max(before, 1):
            found.append(Surge(day, count, before))
    return found
