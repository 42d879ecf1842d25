"""What may be read of statistics."""

from __future__ import annotations

from datetime import datetime

import strawberry

from casework.config import current_rules
from casework.statistics.trends import percentiles, surge_days
from graph import statistics
from resolvers.context import Info
from resolvers.enums import AlertKind, Milestone, StatisticsDimension
from resolvers.statistics.types import Alert, Bucket, Delay


@strawberry.type
class StatisticsQuery:
    @strawberry.field(description="Referral and case counts by one dimension, in your scope.")
    async def statistics(self, info: Info, by: StatisticsDimension,
                         received_from: datetime | None = None,
                         received_to: datetime | None = None) -> list[Bucket]:
        counts = await statistics.counts(info.context.graph, by.value,
                                         info.context.principal.case_scope(), received_from,
                                         received_to)
        return [Bucket(key=str(c.bucket), reports=c.reports, cases=c.cases) for c in counts]

    @strawberry.field(description="Surges day on day, and content drawing mass reporting.")
    async def alerts(self, info: Info, received_from: datetime | None = None,
                     received_to: datetime | None = None) -> list[Alert]:
        scope = info.context.principal.case_scope()
        daily = await statistics.daily_reports(info.context.graph, scope, received_from,
                                               received_to)
        rules = current_rules()
        found = [Alert(kind=AlertKind.DAY_ON_DAY_SURGE, day=s.day, reports=s.reports,
                       detail=f"previous day {s.previous}")
                 for s in surge_days([(d.day, d.reports) for d in daily], rules)]
        busiest = await statistics.busiest_content(info.context.graph, scope, received_from,
                                                   received_to,
                                                   rules.statistics.one_item_minimum)
        found += [Alert(kind=AlertKind.ONE_ITEM_MASS_REPORTING, day=m.day, reports=m.reports,
                        detail=f"{m.content} ({m.case})") for m in busiest]
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
