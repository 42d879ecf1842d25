"""What leaves the hub: evidence packages for forces and intelligence reports, with their log.

Each disclosure is recorded, and its DISCLOSURE audit entry written, in the one transaction that
reads what is disclosed: a package or export whose entry cannot be stored never happens. Reads
go through the case's scope like every other, so a force officer asking about another force's
case gets what they would get for a case that does not exist.

The facts of an evidence package are records whose fields are what the package shows (each
becomes a camelCase key of the bundle), so a field added here is a field added to the package.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import AuditEntry, Planned, write_event
from graph.cases import SCOPED_CASE
from graph.content import Capture
from graph.driver import Graph
from graph.records import properties, record_of, row_of


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """The case as its package shows it."""

    reference: str
    status: str
    force: str
    opened_at: datetime
    strands: tuple[str, ...]
    priority: str | None


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """A Truevision referral combined in the case."""

    truevision_ref: str
    received_at: datetime
    content_urls: tuple[str, ...] | None
    content_text: str | None
    platform: str | None
    suspect_handles: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class SamePersonLink:
    """A link (not rejected) from a named account to another, with its evidence (JSON)."""

    other: str
    status: str | None
    probability: float | None
    evidence: Any


@dataclass(frozen=True, slots=True)
class NamedAccount:
    """An account the referrals name, its suspect, and the links that identify them."""

    account: str
    platform: str | None
    handle: str | None
    suspect: str | None
    links: tuple[SamePersonLink, ...]


@dataclass(frozen=True, slots=True)
class AssessmentFacts:
    """The case's latest assessment."""

    decision: str | None
    strands: tuple[str, ...] | None
    offences: tuple[str, ...] | None
    reason: str | None
    by: str | None
    at: datetime
    hate_crime_flag: bool | None


@dataclass(frozen=True, slots=True)
class AllocationFacts:
    """The case's latest allocation, with its rule and reason."""

    force: str | None
    victim_force: str | None
    suspect_force: str | None
    rule: str | None
    reason: str | None
    by: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class PlatformRequest:
    """A referral of the case's content to its platform, where it stands."""

    platform: str
    content_url: str
    status: str
    status_at: datetime | None
    sent_at: datetime
    legal_basis: str | None


@dataclass(frozen=True, slots=True)
class EvidenceFacts:
    """Everything an evidence package holds about a case."""

    case: CaseFacts
    referrals: tuple[ReportFacts, ...]
    captures: tuple[Capture, ...]
    suspects: tuple[NamedAccount, ...]
    assessment: AssessmentFacts | None
    allocation: AllocationFacts | None
    platform_requests: tuple[PlatformRequest, ...]


@dataclass(frozen=True, slots=True)
class EvidencePackage:
    """One generation of a package: who, when, for whom, why, and the hashes of what was
    sent (`manifest`, JSON)."""

    id: str
    at: datetime
    by: str
    recipient_force: str
    justification: str
    bundle_sha256: str
    manifest: str


@dataclass(frozen=True, slots=True)
class IntelligenceReport:
    """A graded report as stored, sanitised: its source is held apart and never read back.
    `export` is the JSON an export sends, fixed when graded."""

    id: str
    case_reference: str
    created_at: datetime
    originator: str
    marking: str
    source_evaluation: str
    intelligence_assessment: str
    handling_code: str
    sanitised_narrative: str
    risk_assessment_required: bool
    grading: str
    export: str
    linked_entities: tuple[str, ...] = ()
    handling_conditions: str | None = None


@dataclass(frozen=True, slots=True)
class IntelligenceSource:
    """Who or what a report came from: written beside it, never read by the application."""

    kind: str
    name: str
    contact: str | None = None


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
WHERE """ + SCOPED_CASE + """ AND i.id = $id
RETURN c.reference AS caseReference, i {.*} AS report ORDER BY i.createdAt, i.id
"""


async def evidence_facts(graph: Graph, reference: str, scope: str | None
                         ) -> EvidenceFacts | None:
    """Everything an evidence package holds about the case; None when missing or out of scope."""
    rows = await graph.rows(_EVIDENCE_FACTS, reference=reference, scope=scope)
    return _facts(rows[0]) if rows else None


async def record_package(graph: Graph, reference: str, scope: str | None,
                         plan: Callable[[EvidenceFacts], Planned[EvidencePackage]]
                         ) -> EvidencePackage | None:
    """Read the case's facts, let `plan` build the package, and record it with its audit entry
    in the same transaction; returns the package record, None for no such case."""

    async def work(tx: AsyncManagedTransaction) -> EvidencePackage | None:
        row = await row_of(await tx.run(_EVIDENCE_FACTS, reference=reference, scope=scope))
        if row is None:
            return None
        planned = plan(_facts(row))
        await tx.run(_RECORD_PACKAGE, reference=reference, package=properties(planned.record))
        await write_event(tx, planned.audit)
        return planned.record

    return await graph.write(work)


async def packages(graph: Graph, reference: str, scope: str | None
                   ) -> list[EvidencePackage] | None:
    """The packages generated for the case, oldest first; None when missing or out of scope."""
    rows = await graph.rows(_PACKAGES, reference=reference, scope=scope)
    return [record_of(EvidencePackage, package) for package in rows[0]["packages"]] \
        if rows else None


async def record_intelligence(graph: Graph, report: IntelligenceReport,
                              source: IntelligenceSource, scope: str | None,
                              audit: AuditEntry) -> IntelligenceReport | None:
    """Store the report on its case, its source apart, with the audit entry; None when the
    case is missing or out of scope."""

    async def work(tx: AsyncManagedTransaction) -> IntelligenceReport | None:
        row = await row_of(await tx.run(
            _RECORD_INTELLIGENCE, reference=report.case_reference, scope=scope,
            report=properties(report, leave_out=("case_reference",)),
            source=properties(source)))
        if row is None:
            return None
        await write_event(tx, audit)
        return record_of(IntelligenceReport, row["report"], case_reference=report.case_reference)

    return await graph.write(work)


async def record_export(graph: Graph, report_id: str, scope: str | None,
                        audit: Callable[[IntelligenceReport], AuditEntry]
                        ) -> IntelligenceReport | None:
    """Read the sanitised report and log its disclosure together; None when not readable."""

    async def work(tx: AsyncManagedTransaction) -> IntelligenceReport | None:
        row = await row_of(await tx.run(_INTELLIGENCE, scope=scope, id=report_id))
        if row is None:
            return None
        report = _report(row)
        await write_event(tx, audit(report))
        return report

    return await graph.write(work)


def _report(row: Mapping[str, Any]) -> IntelligenceReport:
    return record_of(IntelligenceReport, row["report"], case_reference=row["caseReference"])


def _facts(row: Mapping[str, Any]) -> EvidenceFacts:
    latest_assessment, latest_allocation = row["assessment"], row["allocation"]
    return EvidenceFacts(
        case=record_of(CaseFacts, row["case"]),
        referrals=tuple(record_of(ReportFacts, report) for report in row["referrals"]),
        captures=tuple(record_of(Capture, capture) for capture in row["captures"]),
        suspects=tuple(record_of(NamedAccount, named, links=tuple(
            record_of(SamePersonLink, link, evidence=json.loads(link["evidence"] or "[]"))
            for link in named["links"])) for named in row["suspects"]),
        assessment=record_of(AssessmentFacts, latest_assessment[0])
        if latest_assessment else None,
        allocation=record_of(AllocationFacts, latest_allocation[0])
        if latest_allocation else None,
        platform_requests=tuple(record_of(PlatformRequest, request)
                                for request in row["platformRequests"]))
