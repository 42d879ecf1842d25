"""The GraphQL types of statistics."""

from __future__ import annotations

from enum import Enum

import strawberry


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
