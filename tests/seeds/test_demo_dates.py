"""The demo is dated up to the day it is loaded, so its figures describe recent weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from statistics import median

from seeds.demo.generator import generate_world
from seeds.demo.loader import RECENT_DAYS, dated_recently

NOW = datetime(2027, 2, 14, 9, 30, tzinfo=UTC)  # a fixed clock, long after the generator's year


def received(records: list[dict[str, str]]) -> list[datetime]:
    return [datetime.fromisoformat(record["received_at"]) for record in records]


def test_the_demo_falls_within_the_last_90_days_in_the_order_it_was_made() -> None:
    made = [record for record, _ in generate_world(seed=7, referrals=400).referrals()]
    dated = dated_recently(made, NOW)
    times = received(dated)
    assert min(times) >= NOW - timedelta(days=RECENT_DAYS)
    assert max(times) < NOW
    assert times == sorted(times)
    assert received(made) == sorted(received(made))
    ages = [(NOW - at).days for at in times]
    assert max(ages) >= RECENT_DAYS - 1  # spread over the whole window, for the charts
    assert median(ages) > 7
    assert [r["id"] for r in dated] == [r["id"] for r in made]
    assert {k: v for k, v in dated[0].items() if k != "received_at"} == \
        {k: v for k, v in made[0].items() if k != "received_at"}


def test_nothing_to_date_is_nothing() -> None:
    assert dated_recently([], NOW) == []
