"""Spike detection and delay percentiles with the configured thresholds (the pure part).

Mass reporting is the hub's worst day: 3,419 online reports reached Police Scotland on the first
day of its Hate Crime Act, mostly about a few viral posts. Two signals give early warning: a day
with far more referrals than the day before, and one content item drawing many referrals in a
day. The thresholds are configuration (`[statistics]` in rules.toml); the arithmetic is
`casework.trends`, shared with the statistics resolvers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from casework.decided import utc
from casework.trends import Surge, percentile, surges

if TYPE_CHECKING:
    from casework.config import CaseworkRules


@dataclass(frozen=True, slots=True)
class ContentSpike:
    """One content item (its canonical key) drawing `reports` referrals on one UTC day."""

    day: str
    content: str
    reports: int


def percentiles(values: Sequence[float], shares: Iterable[float]) -> dict[float, float | None]:
    """Nearest-rank percentiles for each share (0.5 = median); None for no data."""
    return {share: percentile(values, share) for share in shares}


def surge_days(daily: Sequence[tuple[str, int]], rules: CaseworkRules) -> list[Surge]:
    """Days (in order) whose referrals exceed the configured factor of the day before."""
    settings = rules.statistics
    return surges(daily, settings.surge_factor, settings.surge_minimum)


def content_spikes(referrals: Iterable[tuple[str, datetime]],
                   rules: CaseworkRules) -> list[ContentSpike]:
    """Content items with at least the configured number of referrals in one UTC day.

    `referrals` holds (content key, received at) pairs; the busiest come first.
    """
    counts = Counter((utc(at).date().isoformat(), content) for content, at in referrals)
    minimum = rules.statistics.one_item_minimum
    found = [ContentSpike(day, content, n) for (day, content), n in counts.items()
             if n >= minimum]
    return sorted(found, key=lambda s: (-s.reports, s.day, s.content))
