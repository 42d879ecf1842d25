"""Erasing non-crime hate incident records whose review date has passed.

The erasure and its audit entry share a transaction. The entry keeps metadata only (which case,
how many referrals, the review date, the rule), never the erased content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from neo4j import AsyncManagedTransaction

from graph.audit import AuditEntry, write_event
from graph.driver import Graph
from graph.records import record_of


@dataclass(frozen=True, slots=True)
class ErasureDue:
    """A non-crime hate incident case past its review date, with how many referrals it holds."""

    case: str
    review_on: date
    reports: int


_DUE = """
MATCH (c:Case)-[:HAS_ASSESSMENT]->(a:Assessment)
WITH c, a ORDER BY a.at DESC
WITH c, collect(a)[0] AS latest
WHERE latest.decision = 'NON_CRIME_HATE_INCIDENT' AND NOT coalesce(c.retentionHold, false)
WITH c, coalesce(latest.nchiReviewOn, date(latest.at) + duration({days: $days})) AS reviewOn
WHERE reviewOn <= $today
RETURN c.reference AS case, reviewOn,
       COUNT { (c)<-[:PART_OF]-() } AS reports
ORDER BY reviewOn, c.reference
"""

_ERASE = """
MATCH (c:Case {reference: $case})
OPTIONAL MATCH (c)<-[:PART_OF]-(r:Report)
OPTIONAL MATCH (r)-[:AGAINST|REPORTED_BY]->(p:Person)
OPTIONAL MATCH (r)-[:CONCERNS]->(ct:Content)
WHERE NOT EXISTS { (ct)<-[:CONCERNS]-(other:Report) WHERE NOT (other)-[:PART_OF]->(c) }
OPTIONAL MATCH (c)-[:HAS_ASSESSMENT|HAS_ALLOCATION]->(event)
WITH c, collect(DISTINCT r) + collect(DISTINCT p) + collect(DISTINCT ct)
     + collect(DISTINCT event) AS attached
FOREACH (node IN attached | DETACH DELETE node)
DETACH DELETE c
"""


async def due_for_erasure(graph: Graph, today: date, review_days: int) -> list[ErasureDue]:
    """Cases whose latest assessment is an NCHI reviewed on or before `today` (`review_days`
    after the assessment), not held, earliest review first."""
    return [record_of(ErasureDue, row)
            for row in await graph.rows(_DUE, today=today, days=review_days)]


async def erase_case(graph: Graph, case: str, audit: AuditEntry) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_ERASE, case=case)
        await write_event(tx, audit)

    await graph.write(work)
