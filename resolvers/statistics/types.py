"""The GraphQL types of statistics."""

from __future__ import annotations

import strawberry

from resolvers.enums import AlertKind


@strawberry.type(description="Counts for one bucket.")
class Bucket:
    key: str = strawberry.field(description="The strand, force, platform, month...")
    reports: int = strawberry.field(description="Referrals in the bucket.")
    cases: int = strawberry.field(description="Distinct cases in the bucket.")


@strawberry.type(description="A day when referrals surged, or one item drew many reports.")
class Alert:
    kind: AlertKind = strawberry.field(description="What the alert warns of.")
    day: str = strawberry.field(description="The day (UTC).")
    reports: int = strawberry.field(description="Referrals that day (or about the item).")
    detail: str = strawberry.field(description="The previous day's count, or the content key.")


@strawberry.type(description="Percentiles of a delay, in hours; null when there is no data.")
class Delay:
    p50: float | None = strawberry.field(description="Median hours.")
    p90: float | None = strawberry.field(description="90th percentile hours.")
    p95: float | None = strawberry.field(description="95th percentile hours.")
    count: int = strawberry.field(description="How many cases it covers.")
