"""What leaves the hub: evidence packages for forces and intelligence reports, with their log.

Each disclosure is recorded, and its DISCLOSURE audit entry written, in the one transaction that
reads what is disclosed: a package or export whose entry cannot be stored never happens. Reads
go through the case's scope like every other, so a force officer asking about another force's
case gets what they would get for a case that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph

_EVIDENCE_FACTS: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
RETURN c {.reference, .status, .force, .openedAt, .strands, .priority} AS case,
  COLLECT { MATCH (r:Report)-[:PART_OF]->(c)
            RETURN r {.truevisionRef, .receivedAt, .contentUrls, .contentText, .platform,
                      .suspectHandles} ORDER BY r.receivedAt, r.truevisionRef } AS referrals,
  COLLECT { MATCH (c)-[:HAS_CAPTURE]->(k:Capture) RETURN k {.*} ORDER BY k.capturedAt, k.id }
    AS captures,
  COLLECT { MATCH (c)<-[:PART_OF]-(:Report)-[:NAMES]->(a:Account)
            OPTIONAL MATCH (a)-[:ATTRIBUTED_TO]->(p:Suspect)
            RETURN DISTINCT {account: a.id, platform: a.platform, handle: a.handle,
                             suspect: p.id,
                             links: COLLECT { MATCH (a)-[s:SAME_PERSON_AS]-(b:Account)
                                              WHERE s.status <> 'REJECTED'
                                              RETURN {other: b.id, status: s.status,
                                                      probability: s.probability,
                                                      evidence: s.evidence}
                                              ORDER BY b.id }} AS named
            ORDER BY named.account } AS suspects,
  COLLECT { MATCH (c)-[:HAS_ASSESSMENT]->(s:Assessment)
            RETURN s {.decision, .strands, .offences, .reason, .by, .at, .hateCrimeFlag}
            ORDER BY s.at DESC LIMIT 1 } AS assessment,
  COLLECT { MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)
            RETURN a {.force, .victimForce, .suspectForce, .rule, .reason, .by, .at}
            ORDER BY a.at DESC LIMIT 1 } AS allocation,
  COLLECT { MATCH (c)-[:HAS_REFERRAL]->(p:PlatformReferral)
            RETURN p {.platform, .contentUrl, .status, .statusAt, .sentAt, .legalBasis}
            ORDER BY p.sentAt, p.id } AS platformRequests
"""

_RECORD_PACKAGE: LiteralString = """
MATCH (c:Case {reference: $reference})
CREATE (e:EvidencePackage) SET e = $package
CREATE (c)-[:HAS_EVIDENCE]->(e)
"""

_PACKAGES: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
RETURN COLLECT { MATCH (c)-[:HAS_EVIDENCE]->(e:EvidencePackage)
                 RETURN e {.*} ORDER BY e.at, e.id } AS packages
"""

_RECORD_INTELLIGENCE: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
CREATE (i:IntelligenceReport) SET i = $report
CREATE (c)-[:HAS_INTELLIGENCE]->(i)
CREATE (s:IntelligenceSource) SET s = $source
CREATE (i)-[:FROM_SOURCE]->(s)
RETURN i {.*} AS report
"""

# The source identity never leaves this module's writes: reads return the sanitised report.
_INTELLIGENCE: LiteralString = """
MATCH (c:Case)-[:HAS_INTELLIGENCE]->(i:IntelligenceReport)
WHERE """ + SCOPED_CASE + """ AND ($reference IS NULL OR c.reference = $reference)
  AND ($id IS NULL OR i.id = $id)
RETURN c.reference AS caseReference, i {.*} AS report ORDER BY i.createdAt, i.id
"""


async def evidence_facts(graph: Graph, reference: str, scope: str | None
                         ) -> dict[str, Any] | None:
    """Everything an evidence package holds about the case; None when missing or out of scope."""
    rows = await graph.rows(_EVIDENCE_FACTS, reference=reference, scope=scope)
    return rows[0] if rows else None


async def record_package(graph: Graph, reference: str, scope: str | None,
                         plan: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]
                         ) -> dict[str, Any] | None:
    """Read the case's facts, let `plan` build the package, and record it with its audit entry
    in the same transaction; returns the facts' package record, None for no such case."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        row = await (await tx.run(_EVIDENCE_FACTS, reference=reference, scope=scope)).single()
        if row is None:
            return None
        package, audit = plan(row.data())
        await tx.run(_RECORD_PACKAGE, reference=reference, package=package)
        await write_event(tx, audit)
        return package

    return await graph.write(work)


async def packages(graph: Graph, reference: str, scope: str | None
                   ) -> list[dict[str, Any]] | None:
    rows = await graph.rows(_PACKAGES, reference=reference, scope=scope)
    return list(rows[0]["packages"]) if rows else None


async def record_intelligence(graph: Graph, reference: str, scope: str | None,
                              report: dict[str, Any], source: dict[str, Any],
                              audit: dict[str, Any]) -> dict[str, Any] | None:
    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        row = await (await tx.run(_RECORD_INTELLIGENCE, reference=reference, scope=scope,
                                  report=report, source=source)).single()
        if row is None:
            return None
        await write_event(tx, audit)
        return dict(row["report"])

    return await graph.write(work)


async def intelligence(graph: Graph, scope: str | None, reference: str | None = None,
                       report_id: str | None = None) -> list[dict[str, Any]]:
    return await graph.rows(_INTELLIGENCE, scope=scope, reference=reference, id=report_id)


async def record_export(graph: Graph, report_id: str, scope: str | None,
                        audit: Callable[[dict[str, Any]], dict[str, Any]]
                        ) -> dict[str, Any] | None:
    """Read the sanitised report and log its disclosure together; None when not readable."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        row = await (await tx.run(_INTELLIGENCE, scope=scope, reference=None,
                                  id=report_id)).single()
        if row is None:
            return None
        await write_event(tx, audit(row.data()))
        return row.data()

    return await graph.write(work)
