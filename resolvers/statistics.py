"""Statistics of the scale and nature of online hate, scoped like every other read."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from casework.trends import ONE_ITEM_MINIMUM, percentile, surges
from graph import statistics
from resolvers.context import Info


@strawberry.enum(description="What to count by.")
class StatisticsDimension(Enum):
    STRAND = "STRAND"
    FORCE = "FORCE"
    PLATFORM = "PLATFORM"
    MONTH = "MONTH"
    STATUS = "STATUS"
    DECISION = "DECISION"


@strawberry.type(description="Counts for one bucket.")
class Bucket:
    key: str = strawberry.field(description="The strand, force, platform, month...")
    reports: int = strawberry.field(description="Referrals in the bucket.")
    cases: int = strawberry.field(description="Distinct cases in the bucket.")


@strawberry.type(description="A day when referrals surged, or one item drew many reports.")
class Alert:
    kind: str = strawberry.field(description="DAY_ON_DAY_SURGE or ONE_ITEM_MASS_REPORTING.")
    day: str = strawberry.field(description="The day (UTC).")
    reports: int = strawberry.field(description="Referrals that day (or about the item).")
    detail: str = strawberry.field(description="The previous day's count, or the content key.")


@strawberry.type(description="Percentiles of a delay, in hours; null when there is no data.")
class Delay:
    p50: float | None = strawberry.field(description="Median hours.")
    p90: float | None = strawberry.field(description="90th percentile hours.")
    count: int = strawberry.field(description="How many cases it covers.")


@strawberry.type
class StatisticsQuery:
    @strawberry.field(description="Referral and case counts by one dimension, in your scope.")
    async def statistics(self, info: Info, by: StatisticsDimension,
                         received_from: datetime | None = None,
                         received_to: datetime | None = None) -> list[Bucket]:
        rows = await statistics.counts(info.context.graph, by.value,
                                       info.context.principal.case_scope(), received_from,
                                       received_to)
        return [Bucket(key=str(r["bucket"]), reports=r["reports"], cases=r["cases"])
                for r in rows]

    @strawberry.field(description="Surges day on day, and content drawing mass reporting.")
    async def alerts(self, info: Info, received_from: datetime | None = None,
                     received_to: datetime | None = None) -> list[Alert]:
        scope = info.context.principal.case_scope()
        daily = await statistics.daily_reports(info.context.graph, scope, received_from,
                                               received_to)
        found = [Alert(kind="DAY_ON_DAY_SURGE", day=s.day, reports=s.reports,
                       detail=f"previous day {s.previous}")
                 for s in surges([(r["day"], r["reports"]) for r in daily])]
        busiest = await statistics.busiest_content(info.context.graph, scope, received_from,
                                                   received_to, 20)
        found += [Alert(kind="ONE_ITEM_MASS_REPORTING", day=r["day"], reports=r["reports"],
                        detail=f"{r['content']} ({r['case']})")
                  for r in busiest if r["reports"] >= ONE_ITEM_MINIMUM]
        return found

    @strawberry.field(description="Time from first referral to allocation to a force.")
    async def time_to_allocation(self, info: Info, received_from: datetime | None = None,
                                 received_to: datetime | None = None) -> Delay:
        hours = await statistics.allocation_delays(
            info.context.graph, info.context.principal.case_scope(), received_from,
            received_to)
        return Delay(p50=percentile(hours, 0.5), p90=percentile(hours, 0.9), count=len(hours))
