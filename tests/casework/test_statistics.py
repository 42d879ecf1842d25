"""Spike alerts and percentiles with the configured thresholds."""

from __future__ import annotations

from casework.config import CaseworkRules, with_overrides
from casework.statistics.trends import percentiles, surge_days

DAILY = [("2024-04-01", 10), ("2024-04-02", 45), ("2024-04-03", 50), ("2024-04-04", 15)]


def test_a_surge_is_a_day_beyond_the_configured_factor_and_minimum(
        rules: CaseworkRules) -> None:
    assert [s.day for s in surge_days(DAILY, rules)] == ["2024-04-02"]
    gentler = with_overrides(rules, {"statistics": {"surge_factor": 5.0}})
    assert surge_days(DAILY, gentler) == []
    higher = with_overrides(rules, {"statistics": {"surge_minimum": 100}})
    assert surge_days(DAILY, higher) == []


def test_percentiles_are_nearest_rank_and_none_without_data() -> None:
    assert percentiles([4.0, 1.0, 3.0, 2.0], [0.5, 0.9]) == {0.5: 2.0, 0.9: 4.0}
    assert percentiles([], [0.5]) == {0.5: None}
