"""Evidence packages for forces and intelligence for the National Intelligence Model.

Both are disclosures under DPA 2018 s.62: who sent what to whom, and why, is logged with the act.
An evidence package is reproducible: it is stamped with the time of the latest fact it holds,
not the time it was generated, so regenerating it from unchanged data gives the same bytes and
the same hashes; each generation (who, when, for whom, why) is recorded beside the package.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from casework.access import Permission, Principal
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
from graph import disclosures
from graph.content import Capture
from graph.driver import Graph
from graph.records import record_of

PACKAGER = "National Online Hate Crime Hub"


def native(value: Any) -> Any:
    """Neo4j's temporal values (and lists and maps of them) as Python's."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    if isinstance(value, list):
        return [native(item) for item in value]
    return value


def _latest(facts: dict[str, Any]) -> datetime:
    """The time of the newest fact in the package: its 'as of' stamp."""
    times = [facts["case"]["openedAt"]]
    times += [r["receivedAt"] for r in facts["referrals"]]
    times += [k["at"] for k in facts["captures"] if k.get("at")]
    times += [s["at"] for s in facts["assessment"] + facts["allocation"]]
    times += [p["statusAt"] for p in facts["platformRequests"] if p.get("statusAt")]
    return max(times)


def _suspects(named: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each named account with its suspect and the same-person links that identify them, with
    each link's evidence."""
    return [{**account, "links": [{**link, "evidence": json.loads(link["evidence"] or "[]")}
                                  for link in account["links"]]} for account in named]


def _justified(justification: str | None, rules: CaseworkRules) -> str:
    problem = reason_problem(justification, rules, ("input", "justification"))
    if problem:
        raise RuleViolation([problem])
    return (justification or "").strip()


def _audit(principal: Principal, at: datetime, targets: list[str], recipient: str,
           justification: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "at": at, "actor": principal.subject,
            "role": principal.role.value, "force": principal.force, "action": "DISCLOSURE",
            "targets": targets, "recipient": recipient, "justification": justification}


async def generate_evidence_package(graph: Graph, principal: Principal, reference: str,
                                    lines: list[LineOfEnquiry], recipient_force: str | None,
                                    justification: str | None,
                                    rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Build, record and disclose the case's package to its responsible force (or the force
    named); refused without a positive line of enquiry. Returns the record with the bundle
    (JSON text) and its HTML rendering."""
    principal.require(Permission.DISCLOSE)
    reason = _justified(justification, rules or current_rules())
    now = datetime.now(UTC)
    built: dict[str, Any] = {}

    def plan(stored: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        facts = native(stored)
        package = build_evidence_package(
            case=facts["case"], referrals=facts["referrals"],
            captures=[capture_from_record(record_of(Capture, k)) for k in facts["captures"]],
            suspect=_suspects(facts["suspects"]),
            assessment=(facts["assessment"] or [None])[0],
            allocation=(facts["allocation"] or [None])[0], lines_of_enquiry=lines,
            platform_requests=facts["platformRequests"], generated_by=PACKAGER,
            generated_at=_latest(facts))
        recipient = recipient_force or facts["case"]["force"]
        record = {"id": str(uuid.uuid4()), "at": now, "by": principal.subject,
                  "recipientForce": recipient, "justification": reason,
                  "bundleSha256": package.manifest["bundleSha256"],
                  "manifest": package.manifest_json.decode()}
        built.update(bundle=package.bundle.decode(), html=package.html)
        return record, _audit(principal, now, [reference, record["id"]], recipient,
                              f"evidence package: {reason}")

    record = await disclosures.record_package(graph, reference, principal.case_scope(), plan)
    if record is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    return {**record, **built}


async def evidence_packages(graph: Graph, principal: Principal,
                            reference: str) -> list[dict[str, Any]] | None:
    """The packages generated for a case, oldest first; None when it is not readable."""
    return await disclosures.packages(graph, reference, principal.case_scope())


async def record_intelligence(graph: Graph, principal: Principal, reference: str,
                              form: IntelligenceInput) -> dict[str, Any]:
    """Grade and store a report; the source's identity is kept in a node of its own, which
    nothing reads back and no export carries."""
    principal.require(Permission.DECIDE_CASEWORK)
    graded = validate_intelligence(form)
    now = datetime.now(UTC)
    exported = export_intelligence(graded)
    report = {"id": graded.reference, "createdAt": graded.created_at,
              "originator": graded.originator, "marking": exported["marking"],
              "sourceEvaluation": graded.source_evaluation.value,
              "intelligenceAssessment": graded.intelligence_assessment.value,
              "handlingCode": graded.handling_code.value,
              "handlingConditions": graded.handling_conditions,
              "sanitisedNarrative": graded.sanitised_narrative,
              "linkedEntities": list(graded.linked_entities),
              "riskAssessmentRequired": graded.risk_assessment_required,
              "grading": f"{graded.source_evaluation.value}"
                         f"{graded.intelligence_assessment.value}{graded.handling_code.value}",
              # What an export sends, fixed when graded (the format of
              # casework.disclosures.intelligence).
              "export": json.dumps(exported, sort_keys=True)}
    source = {"kind": graded.source.kind, "name": graded.source.name,
              "contact": graded.source.contact}
    audit = {"id": str(uuid.uuid4()), "at": now, "actor": principal.subject,
             "role": principal.role.value, "force": principal.force, "action": "COLLECTION",
             "targets": [reference, graded.reference],
             "justification": f"intelligence report graded {report['grading']}"}
    stored = await disclosures.record_intelligence(graph, reference, principal.case_scope(),
                                                   report, source, audit)
    if stored is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    return stored


async def intelligence_reports(graph: Graph, principal: Principal,
                               reference: str) -> list[dict[str, Any]]:
    return [row["report"] for row in await disclosures.intelligence(
        graph, principal.case_scope(), reference=reference)]


async def export_intelligence_report(graph: Graph, principal: Principal, report_id: str,
                                     recipient: str, justification: str | None,
                                     rules: CaseworkRules | None = None) -> dict[str, Any]:
    """The report as it leaves the hub (sanitised text only), its disclosure logged with it."""
    principal.require(Permission.DISCLOSE)
    reason = _justified(justification, rules or current_rules())
    if not recipient.strip():
        raise RuleViolation.one(("input", "recipient"), "say who receives it", "REQUIRED")
    now = datetime.now(UTC)
    row = await disclosures.record_export(
        graph, report_id, principal.case_scope(),
        lambda found: _audit(principal, now, [found["caseReference"], report_id],
                             recipient.strip(), f"intelligence export: {reason}"))
    if row is None:
        raise RuleViolation.one(("input", "reportId"), "no such report", "NOT_FOUND")
    exported: dict[str, Any] = json.loads(row["report"]["export"])
    return exported
