"""Spike detection and delay percentiles with the configured thresholds (the pure part).

Mass reporting is the hub's worst day: 3,419 online reports reached Police Scotland on the first
day of its Hate Crime Act, mostly about a few viral posts. Two signals give early warning: a day
with far more referrals than the day before, and one content item drawing many referrals in a
day. The thresholds are configuration (`[statistics]` in rules.toml); the arithmetic is
`casework.trends`; the one-item count is made by the graph (graph/statistics.py), by day, with
the configured minimum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from casework.trends import Surge, percentile, surges

if TYPE_CHECKING:
    from casework.config import CaseworkRules


def percentiles(values: Sequence[float], shares: Iterable[float]) -> dict[float, float | None]:
    """Nearest-rank percentiles for each share (0.5 = median); None for no data."""
    return {share: percentile(values, share) for share in shares}


def surge_days(daily: Sequence[tuple[str, int]], rules: CaseworkRules) -> list[Surge]:
    """Days (in order) whose referrals exceed the configured factor of the day before."""
    settings = rules.statistics
    return surges(daily, settings.surge_factor, settings.surge_minimum)
