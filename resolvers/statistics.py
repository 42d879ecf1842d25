"""Statistics of the scale and nature of online hate, scoped like every other read."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from casework.config import current_rules
from casework.statistics import percentiles, surge_days
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
    OFFENCE = "OFFENCE"


@strawberry.enum(description="A step in a case's life whose delay is measured from its first "
                             "referral.")
class Milestone(Enum):
    ASSESSMENT = "ASSESSMENT"
    ALLOCATION = "ALLOCATION"
    REMOVAL = "REMOVAL"


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
    p95: float | None = strawberry.field(description="95th percentile hours.")
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
        rules = current_rules()
        found = [Alert(kind="DAY_ON_DAY_SURGE", day=s.day, reports=s.reports,
                       detail=f"previous day {s.previous}")
                 for s in surge_days([(r["day"], r["reports"]) for r in daily], rules)]
        busiest = await statistics.busiest_content(info.context.graph, scope, received_from,
                                                   received_to,
                                                   rules.statistics.one_item_minimum)
        found += [Alert(kind="ONE_ITEM_MASS_REPORTING", day=r["day"], reports=r["reports"],
                        detail=f"{r['content']} ({r['case']})") for r in busiest]
        return found

    @strawberry.field(description="Hours from a case's first referral to a milestone: its "
                                  "first assessment, its allocation to a force, or the first "
                                  "removal of its content by a platform.")
    async def time_to(self, info: Info, milestone: Milestone,
                      received_from: datetime | None = None,
                      received_to: datetime | None = None) -> Delay:
        hours = await statistics.delays(info.context.graph, milestone.value,
                                        info.context.principal.case_scope(), received_from,
                                        received_to)
        shares = percentiles(hours, (0.5, 0.9, 0.95))
        return Delay(p50=shares[0.5], p90=shares[0.9], p95=shares[0.95], count=len(hours))
