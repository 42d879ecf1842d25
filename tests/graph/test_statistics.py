"""The statistics store against Neo4j: counts per bucket and per day, within scope and period."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.driver import Graph
from graph.statistics import (
    BucketCount,
    DayCount,
    MassReported,
    busiest_content,
    counts,
    daily_reports,
)
from tests.support.stores import LEEDS, open_case

POST = "https://x.com/someone/status/1790000000000000001"


async def test_counts_per_bucket_and_day_cover_the_scope_and_period_only(
        clean_graph: Graph) -> None:
    await open_case(clean_graph, "TV-STAT-1", perceived_strands=["Religion", "Race"])
    await open_case(clean_graph, "TV-STAT-2", received_at="2026-11-19T08:00:00+00:00")
    await open_case(clean_graph, "TV-STAT-3", postcode="M1 1AE")

    assert await counts(clean_graph, "FORCE", None, None, None) == [
        BucketCount(LEEDS, 2, 2), BucketCount("greater-manchester", 1, 1)]
    strands = await counts(clean_graph, "STRAND", LEEDS, None, None)
    assert sorted(strands, key=lambda b: str(b.bucket)) == [
        BucketCount("race", 1, 1), BucketCount("religion", 2, 2)]
    assert await counts(clean_graph, "FORCE", LEEDS, datetime(2026, 11, 20, tzinfo=UTC),
                        None) == [BucketCount(LEEDS, 1, 1)]
    assert await daily_reports(clean_graph, LEEDS, None, None) == [
        DayCount("2026-11-19", 1), DayCount("2026-11-20", 1)]


async def test_content_reported_often_in_one_day_is_found_with_its_case(
        clean_graph: Graph) -> None:
    case = await open_case(clean_graph, "TV-MASS-1", content_urls=[POST])
    for n in (2, 3):
        assert await open_case(clean_graph, f"TV-MASS-{n}", content_urls=[POST]) == case

    busiest = await busiest_content(clean_graph, None, None, None, minimum=3)
    assert [(m.case, m.day, m.reports) for m in busiest] == [(case, "2026-11-20", 3)]
    assert isinstance(busiest[0], MassReported)
    assert await busiest_content(clean_graph, None, None, None, minimum=4) == []
    assert await busiest_content(clean_graph, "greater-manchester", None, None, minimum=1) == []
