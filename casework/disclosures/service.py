"""Evidence packages for forces and intelligence for the National Intelligence Model.

Both are disclosures under DPA 2018 s.62: who sent what to whom, and why, is logged with the act.
An evidence package is reproducible: it is stamped with the time of the latest fact it holds,
not the time it was generated, so regenerating it from unchanged data gives the same bytes and
the same hashes; each generation (who, when, for whom, why) is recorded beside the package.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from casework.access import Permission, Principal
from casework.audit import AuditAction, audit_entry
from casework.config import CaseworkRules, current_rules
from casework.content.service import capture_from_record
from casework.decided import reason_problem
from casework.disclosures.evidence import LineOfEnquiry, build_evidence_package
from casework.disclosures.intelligence import (
    IntelligenceInput,
    export_intelligence,
    validate_intelligence,
)
from casework.errors import RuleViolation
from graph import case_screen, disclosures
from graph.audit import Planned
from graph.disclosures import EvidenceFacts, EvidencePackage, IntelligenceReport
from graph.driver import Graph

PACKAGER = "National Online Hate Crime Hub"


@dataclass(frozen=True, slots=True)
class GeneratedPackage:
    """A generation as recorded, with what was sent: the bundle (canonical JSON) and its
    readable page."""

    record: EvidencePackage
    bundle: str
    html: str


def _latest(facts: EvidenceFacts) -> datetime:
    """The time of the newest fact in the package: its 'as of' stamp."""
    times = [facts.case.opened_at]
    times += [report.received_at for report in facts.referrals]
    times += [capture.at for capture in facts.captures]
    times += [decision.at for decision in (facts.assessment, facts.allocation) if decision]
    times += [request.status_at for request in facts.platform_requests if request.status_at]
    return max(times)


def _justified(justification: str | None, rules: CaseworkRules) -> str:
    problem = reason_problem(justification, rules, ("input", "justification"))
    if problem:
        raise RuleViolation([problem])
    return (justification or "").strip()


async def generate_evidence_package(graph: Graph, principal: Principal, reference: str,
                                    lines: list[LineOfEnquiry], recipient_force: str | None,
                                    justification: str | None,
                                    rules: CaseworkRules | None = None) -> GeneratedPackage:
    """Build, record and disclose the case's package to its responsible force (or the force
    named); refused without a positive line of enquiry."""
    principal.require(Permission.DISCLOSE)
    reason = _justified(justification, rules or current_rules())
    now = datetime.now(UTC)
    built: list[GeneratedPackage] = []

    def plan(facts: EvidenceFacts) -> Planned[EvidencePackage]:
        package = build_evidence_package(
            case=facts.case, referrals=facts.referrals,
            captures=[capture_from_record(capture) for capture in facts.captures],
            suspect=facts.suspects, assessment=facts.assessment, allocation=facts.allocation,
            lines_of_enquiry=lines, platform_requests=facts.platform_requests,
            generated_by=PACKAGER, generated_at=_latest(facts))
        recipient = recipient_force or facts.case.force
        record = EvidencePackage(id=str(uuid.uuid4()), at=now, by=principal.subject,
                                 recipient_force=recipient, justification=reason,
                                 bundle_sha256=package.manifest["bundleSha256"],
                                 manifest=package.manifest_json.decode())
        built[:] = [GeneratedPackage(record, package.bundle.decode(), package.html)]
        return Planned(record, audit_entry(
            principal, AuditAction.DISCLOSURE, now, targets=[reference, record.id],
            justification=f"evidence package: {reason}", recipient=recipient))

    if await disclosures.record_package(graph, reference, principal.case_scope(), plan) is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    return built[0]


async def evidence_packages(graph: Graph, principal: Principal,
                            reference: str) -> list[EvidencePackage] | None:
    """The packages generated for a case, oldest first; None when it is not readable."""
    return await disclosures.packages(graph, reference, principal.case_scope())


async def record_intelligence(graph: Graph, principal: Principal, reference: str,
                              form: IntelligenceInput) -> IntelligenceReport:
    """Grade and store a report; the source's identity is kept in a node of its own, which
    nothing reads back and no export carries."""
    principal.require(Permission.DECIDE_CASEWORK)
    graded = validate_intelligence(form)
    now = datetime.now(UTC)
    exported = export_intelligence(graded)
    grading = (f"{graded.source_evaluation.value}{graded.intelligence_assessment.value}"
               f"{graded.handling_code.value}")
    report = IntelligenceReport(
        id=graded.reference, case_reference=reference, created_at=graded.created_at,
        originator=graded.originator, marking=exported["marking"],
        source_evaluation=graded.source_evaluation.value,
        intelligence_assessment=graded.intelligence_assessment.value,
        handling_code=graded.handling_code.value,
        sanitised_narrative=graded.sanitised_narrative,
        risk_assessment_required=graded.risk_assessment_required, grading=grading,
        # What an export sends, fixed when graded (the format of
        # casework.disclosures.intelligence).
        export=json.dumps(exported, sort_keys=True),
        linked_entities=graded.linked_entities, handling_conditions=graded.handling_conditions)
    source = disclosures.IntelligenceSource(graded.source.kind, graded.source.name,
                                            graded.source.contact)
    audit = audit_entry(principal, AuditAction.COLLECTION, now,
                        targets=[reference, graded.reference],
                        justification=f"intelligence report graded {grading}")
    stored = await disclosures.record_intelligence(graph, report, source,
                                                   principal.case_scope(), audit)
    if stored is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    return stored


async def intelligence_reports(graph: Graph, principal: Principal,
                               reference: str) -> list[IntelligenceReport] | None:
    """The case's reports, oldest first; None when it is not readable, as its siblings say.
    Read as the case screen reads them, so the two cannot drift."""
    found = await case_screen.parts_of_cases(graph, [reference], principal.case_scope(),
                                             {"intelligenceReports"})
    return found[reference]["intelligenceReports"] if reference in found else None


async def export_intelligence_report(graph: Graph, principal: Principal, report_id: str,
                                     recipient: str, justification: str | None,
                                     rules: CaseworkRules | None = None) -> dict[str, Any]:
    """The report as it leaves the hub (sanitised text only), its disclosure logged with it:
    the JSON of format hub-intelligence-report/1."""
    principal.require(Permission.DISCLOSE)
    reason = _justified(justification, rules or current_rules())
    if not recipient.strip():
        raise RuleViolation.one(("input", "recipient"), "say who receives it", "REQUIRED")
    now = datetime.now(UTC)
    report = await disclosures.record_export(
        graph, report_id, principal.case_scope(),
        lambda found: audit_entry(principal, AuditAction.DISCLOSURE, now,
                                  targets=[found.case_reference, report_id],
                                  justification=f"intelligence export: {reason}",
                                  recipient=recipient.strip()))
    if report is None:
        raise RuleViolation.one(("input", "reportId"), "no such report", "NOT_FOUND")
    return json.loads(report.export)
