"""Scale and nature of online hate: counts and timings, always within the caller's scope.

Counts are of reports (referrals) and of cases; a force officer's statistics cover their own
force's cases only, so no total hints at another force's caseload.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from graph.driver import Graph

_SCOPE: LiteralString = ("($scope IS NULL OR c.force = $scope) AND ($from IS NULL OR "
                         "r.receivedAt >= $from) AND ($to IS NULL OR r.receivedAt < $to)")

DIMENSIONS: dict[str, LiteralString] = {
    "STRAND": "UNWIND CASE WHEN size(r.strands) = 0 THEN ['unspecified'] ELSE r.strands END "
              "AS bucket",
    "FORCE": "WITH r, c, c.force AS bucket",
    "PLATFORM": "WITH r, c, coalesce(r.platform, 'unknown') AS bucket",
    "MONTH": "WITH r, c, toString(date.truncate('month', r.receivedAt)) AS bucket",
    "STATUS": "WITH r, c, c.status AS bucket",
    "DECISION": "OPTIONAL MATCH (c)-[:HAS_ASSESSMENT]->(a:Assessment) "
                "WITH r, c, coalesce(a.decision, 'NOT_ASSESSED') AS bucket",
}


async def counts(graph: Graph, dimension: str, scope: str | None, start: datetime | None,
                 end: datetime | None) -> list[dict[str, Any]]:
    """Reports and distinct cases per bucket of one dimension."""
    return await graph.rows(
        "MATCH (r:Report)-[:PART_OF]->(c:Case) WHERE " + _SCOPE + " " +
        DIMENSIONS[dimension] +
        " RETURN bucket, count(r) AS reports, count(DISTINCT c) AS cases ORDER BY reports DESC",
        scope=scope, **{"from": start, "to": end})


async def daily_reports(graph: Graph, scope: str | None, start: datetime | None,
                        end: datetime | None) -> list[dict[str, Any]]:
    """Reports per day, for surge detection."""
    return await graph.rows(
        "MATCH (r:Report)-[:PART_OF]->(c:Case) WHERE " + _SCOPE +
        " RETURN toString(date(r.receivedAt)) AS day, count(r) AS reports ORDER BY day",
        scope=scope, **{"from": start, "to": end})


async def busiest_content(graph: Graph, scope: str | None, start: datetime | None,
                          end: datetime | None, limit: int) -> list[dict[str, Any]]:
    """Content items with the most referrals in one day: the mass-reporting signal."""
    return await graph.rows(
        "MATCH (ct:Content)<-[:CONCERNS]-(r:Report)-[:PART_OF]->(c:Case) WHERE " + _SCOPE +
        " WITH ct, c, date(r.receivedAt) AS day, count(r) AS reports"
        " RETURN ct.key AS content, c.reference AS case, toString(day) AS day, reports"
        " ORDER BY reports DESC LIMIT $limit",
        scope=scope, limit=limit, **{"from": start, "to": end})


async def allocation_delays(graph: Graph, scope: str | None, start: datetime | None,
                            end: datetime | None) -> list[float]:
    """Hours from a case's first referral to its latest allocation to a force."""
    rows = await graph.rows(
        "MATCH (r:Report)-[:PART_OF]->(c:Case)-[:HAS_ALLOCATION]->(a:Allocation) WHERE "
        + _SCOPE + " AND a.force <> 'HUB'"
        " WITH c, min(r.receivedAt) AS first, max(a.at) AS allocated"
        " RETURN duration.inSeconds(first, allocated).seconds / 3600.0 AS hours",
        scope=scope, **{"from": start, "to": end})
    return [row["hours"] for row in rows if row["hours"] is not None and row["hours"] >= 0]
