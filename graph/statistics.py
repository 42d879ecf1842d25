"""Scale and nature of online hate: counts and timings, always within the caller's scope.

Counts are of reports (referrals) and of cases; a force officer's statistics cover their own
force's cases only, so no total hints at another force's caseload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import LiteralString

from graph.driver import Graph
from graph.records import record_of


@dataclass(frozen=True, slots=True)
class BucketCount:
    """Reports and distinct cases in one bucket (a strand, force, platform, month...)."""

    bucket: str | None
    reports: int
    cases: int


@dataclass(frozen=True, slots=True)
class DayCount:
    """Reports received on one day (UTC, ISO 8601)."""

    day: str
    reports: int


@dataclass(frozen=True, slots=True)
class MassReported:
    """One content item reported `reports` times on one day, and the case that holds it."""

    content: str
    case: str
    day: str
    reports: int

_SCOPE: LiteralString = ("($scope IS NULL OR c.force = $scope) AND ($from IS NULL OR "
                         "r.receivedAt >= $from) AND ($to IS NULL OR r.receivedAt < $to)")

# A case may be assessed again; only its latest assessment counts.
_LATEST_ASSESSMENT: LiteralString = (
    "CALL (c) { OPTIONAL MATCH (c)-[:HAS_ASSESSMENT]->(x:Assessment) "
    "WITH x ORDER BY x.at DESC LIMIT 1 RETURN x AS a } ")

DIMENSIONS: dict[str, LiteralString] = {
    "STRAND": "UNWIND CASE WHEN size(r.strands) = 0 THEN ['unspecified'] ELSE r.strands END "
              "AS bucket",
    "FORCE": "WITH r, c, c.force AS bucket",
    "PLATFORM": "WITH r, c, coalesce(r.platform, 'unknown') AS bucket",
    "MONTH": "WITH r, c, toString(date.truncate('month', r.receivedAt)) AS bucket",
    "STATUS": "WITH r, c, c.status AS bucket",
    "DECISION": _LATEST_ASSESSMENT + "WITH r, c, coalesce(a.decision, 'NOT_ASSESSED') AS bucket",
    "OFFENCE": _LATEST_ASSESSMENT +
               "UNWIND CASE WHEN a IS NULL THEN ['NOT_ASSESSED'] WHEN size(a.offences) = 0 "
               "THEN ['NONE'] ELSE a.offences END AS bucket",
}


async def counts(graph: Graph, dimension: str, scope: str | None, start: datetime | None,
                 end: datetime | None) -> list[BucketCount]:
    """Reports and distinct cases per bucket of one dimension."""
    rows = await graph.rows(
        "MATCH (r:Report)-[:PART_OF]->(c:Case) WHERE " + _SCOPE + " " +
        DIMENSIONS[dimension] +
        " RETURN bucket, count(r) AS reports, count(DISTINCT c) AS cases ORDER BY reports DESC",
        scope=scope, **{"from": start, "to": end})
    return [record_of(BucketCount, row) for row in rows]


async def daily_reports(graph: Graph, scope: str | None, start: datetime | None,
                        end: datetime | None) -> list[DayCount]:
    """Reports per day, for surge detection."""
    rows = await graph.rows(
        "MATCH (r:Report)-[:PART_OF]->(c:Case) WHERE " + _SCOPE +
        " RETURN toString(date(r.receivedAt)) AS day, count(r) AS reports ORDER BY day",
        scope=scope, **{"from": start, "to": end})
    return [record_of(DayCount, row) for row in rows]


async def busiest_content(graph: Graph, scope: str | None, start: datetime | None,
                          end: datetime | None, minimum: int) -> list[MassReported]:
    """Content items with at least `minimum` referrals in one day: the mass-reporting signal."""
    rows = await graph.rows(
        "MATCH (ct:Content)<-[:CONCERNS]-(r:Report)-[:PART_OF]->(c:Case) WHERE " + _SCOPE +
        " WITH ct, c, date(r.receivedAt) AS day, count(r) AS reports WHERE reports >= $minimum"
        " RETURN ct.key AS content, c.reference AS case, toString(day) AS day, reports"
        " ORDER BY reports DESC, day, content",
        scope=scope, minimum=minimum, **{"from": start, "to": end})
    return [record_of(MassReported, row) for row in rows]


# Each milestone: what marks it (after matching `c`, with `first` its first referral's time),
# as `reached`, the time it was first reached.
MILESTONES: dict[str, LiteralString] = {
    "ASSESSMENT": "MATCH (c)-[:HAS_ASSESSMENT]->(m:Assessment) WITH c, first, min(m.at) AS reached",
    "ALLOCATION": "MATCH (c)-[:HAS_ALLOCATION]->(m:Allocation) WHERE m.force <> 'HUB' "
                  "WITH c, first, min(m.at) AS reached",
    "REMOVAL": "MATCH (c)-[:HAS_REFERRAL]->(:PlatformReferral)-[:HAS_STATUS]->"
               "(m:ReferralStatusChange {status: 'REMOVED'}) WITH c, first, min(m.at) AS reached",
}


async def delays(graph: Graph, milestone: str, scope: str | None, start: datetime | None,
                 end: datetime | None) -> list[float]:
    """Hours from each case's first referral to the first time it reached `milestone`."""
    rows = await graph.rows(
        "MATCH (r:Report)-[:PART_OF]->(c:Case) WHERE " + _SCOPE +
        " WITH c, min(r.receivedAt) AS first " + MILESTONES[milestone] +
        " RETURN duration.inSeconds(first, reached).seconds / 3600.0 AS hours",
        scope=scope, **{"from": start, "to": end})
    return [row["hours"] for row in rows if row["hours"] is not None and row["hours"] >= 0]
