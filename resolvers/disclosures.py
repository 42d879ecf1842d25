"""Evidence packages for the responsible force, and intelligence reports for the NIM."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from casework import disclosures
from casework.errors import RuleViolation
from casework.evidence import LineOfEnquiry
from casework.intelligence import (
    HandlingCode,
    IntelligenceAssessment,
    IntelligenceInput,
    Marking,
    SourceEvaluation,
    SourceIdentity,
)
from resolvers.context import Info
from resolvers.errors import UserError, user_errors
from resolvers.ids import case_reference
from resolvers.reads import rows_of_case

strawberry.enum(SourceEvaluation, name="SourceEvaluation",
                description="3x5x2: how reliable the source is (1 reliable, 2 untested, "
                            "3 not reliable).")
strawberry.enum(IntelligenceAssessment, name="IntelligenceAssessment",
                description="3x5x2: how the source knows (A directly ... E suspected false).")
strawberry.enum(HandlingCode, name="HandlingCode",
                description="3x5x2: P may be disseminated; C only under stated conditions.")
strawberry.enum(Marking, name="ProtectiveMarking",
                description="Government Security Classification of the report.")


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


@strawberry.type(description="One generation of a case's evidence package: who, when, for "
                             "whom, why, and the hash of what was sent.")
class EvidencePackage:
    id: strawberry.ID = strawberry.field(description="The generation's id.")
    at: datetime = strawberry.field(description="When it was generated (UTC).")
    by: str = strawberry.field(description="Who generated it.")
    recipient_force: str = strawberry.field(description="The force it was generated for.")
    justification: str = strawberry.field(description="Why it was disclosed.")
    bundle_sha256: str = strawberry.field(
        description="SHA-256 of the JSON bundle: equal for every generation from unchanged "
                    "facts.")
    manifest: JSON = strawberry.field(description="SHA-256 of each part and of the bundle.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EvidencePackage:
        return cls(id=strawberry.ID(row["id"]), at=_native(row["at"]), by=row["by"],
                   recipient_force=row["recipientForce"], justification=row["justification"],
                   bundle_sha256=row["bundleSha256"],
                   manifest=JSON(json.loads(row["manifest"])))


@strawberry.input(description="Something the force can do next.")
class LineOfEnquiryInput:
    description: str = strawberry.field(description="The line of enquiry, in words.")
    positive: bool = strawberry.field(
        description="Whether it can realistically move the case on (a suspect identified, "
                    "platform data obtainable, a witness to see).")
    owner: str | None = strawberry.field(default=None, description="Who should pursue it.")


@strawberry.input(description="Generate the case's evidence package for a force.")
class GenerateEvidencePackageInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    lines_of_enquiry: list[LineOfEnquiryInput] = strawberry.field(
        description="At least one must be positive.")
    justification: str = strawberry.field(description="Why it is disclosed (logged).")
    recipient_force_code: str | None = strawberry.field(
        default=None, description="The force it is for; the case's responsible force if null.")


@strawberry.type(description="The outcome of generateEvidencePackage.")
class GenerateEvidencePackagePayload:
    package: EvidencePackage | None = strawberry.field(description="The generation recorded.")
    bundle: str | None = strawberry.field(
        description="The package: canonical JSON (format hub-evidence-package/1).")
    html: str | None = strawberry.field(description="The package, readable, with its hashes.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="A graded intelligence report (3x5x2); the source's identity is "
                             "held apart and never shown or exported.")
class IntelligenceReport:
    id: strawberry.ID = strawberry.field(description="The report's reference.")
    created_at: datetime = strawberry.field(description="When it was graded (UTC).")
    originator: str = strawberry.field(description="Who wrote it.")
    grading: str = strawberry.field(description="The 3x5x2 grading, e.g. 1AP or 2BC.")
    marking: Marking = strawberry.field(description="Its protective marking.")
    handling_conditions: str | None = strawberry.field(description="Conditions, with code C.")
    sanitised_narrative: str = strawberry.field(description="The sanitised intelligence.")
    linked_entities: list[str] = strawberry.field(description="Entities it concerns.")
    risk_assessment_required: bool = strawberry.field(
        description="Whether disseminating it needs a risk assessment first.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> IntelligenceReport:
        return cls(id=strawberry.ID(row["id"]), created_at=_native(row["createdAt"]),
                   originator=row["originator"], grading=row["grading"],
                   marking=Marking(row["marking"]),
                   handling_conditions=row.get("handlingConditions"),
                   sanitised_narrative=row["sanitisedNarrative"],
                   linked_entities=list(row.get("linkedEntities") or []),
                   risk_assessment_required=row["riskAssessmentRequired"])


@strawberry.input(description="Who or what the intelligence came from: kept apart, never sent.")
class SourceInput:
    kind: str = strawberry.field(description="Complainant, platform disclosure, open source...")
    name: str = strawberry.field(description="The source's name.")
    contact: str | None = strawberry.field(default=None, description="How to reach them.")


@strawberry.input(description="An intelligence report to grade and store.")
class RecordIntelligenceInput:
    case_id: strawberry.ID = strawberry.field(description="The case it arises from.")
    source_evaluation: SourceEvaluation | None = strawberry.field(
        default=None, description="1, 2 or 3.")
    intelligence_assessment: IntelligenceAssessment | None = strawberry.field(
        default=None, description="A to E.")
    handling_code: HandlingCode | None = strawberry.field(default=None, description="P or C.")
    handling_conditions: str | None = strawberry.field(
        default=None, description="Required with C, refused with P.")
    marking: Marking | None = strawberry.field(default=None, description="Protective marking.")
    sanitised_narrative: str | None = strawberry.field(
        default=None, description="The intelligence, with nothing that identifies the source.")
    source: SourceInput | None = strawberry.field(default=None, description="The source.")
    linked_entities: list[str] = strawberry.field(
        default_factory=list, description="Accounts, suspects, cases it concerns.")
    risk_assessment_required: bool | None = strawberry.field(
        default=None, description="Whether dissemination needs a risk assessment.")


@strawberry.type(description="The outcome of recordIntelligence.")
class RecordIntelligencePayload:
    report: IntelligenceReport | None = strawberry.field(description="The report stored.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="Send a report on, e.g. to a force's intelligence unit.")
class ExportIntelligenceInput:
    report_id: strawberry.ID = strawberry.field(description="The report.")
    recipient: str = strawberry.field(description="Who receives it (logged).")
    justification: str = strawberry.field(description="Why it is disclosed (logged).")


@strawberry.type(description="The outcome of exportIntelligence.")
class ExportIntelligencePayload:
    export: JSON | None = strawberry.field(
        description="The report in format hub-intelligence-report/1 (docs/INTELLIGENCE.md): "
                    "sanitised text and grading only.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type
class DisclosureQuery:
    @strawberry.field(description="Each evidence package generated for the case, oldest "
                                  "first; null when the case does not exist or is outside "
                                  "your force.")
    async def evidence_packages(self, info: Info,
                                case_id: strawberry.ID) -> list[EvidencePackage] | None:
        rows = await rows_of_case(info, case_id, disclosures.evidence_packages)
        return None if rows is None else [EvidencePackage.from_row(row) for row in rows]

    @strawberry.field(description="The case's intelligence reports, oldest first; null when "
                                  "the case does not exist or is outside your force.")
    async def intelligence_reports(self, info: Info, case_id: strawberry.ID
                                   ) -> list[IntelligenceReport] | None:
        rows = await rows_of_case(info, case_id, disclosures.intelligence_reports)
        return None if rows is None else [IntelligenceReport.from_row(row) for row in rows]


@strawberry.type
class DisclosureMutation:
    @strawberry.mutation(description="Generate the case's evidence package for the responsible "
                                     "force (positive line of enquiry required); recorded and "
                                     "logged as a disclosure.")
    async def generate_evidence_package(self, info: Info, input: GenerateEvidencePackageInput
                                        ) -> GenerateEvidencePackagePayload:
        lines = [LineOfEnquiry(line.description, line.positive, line.owner)
                 for line in input.lines_of_enquiry]
        try:
            built = await disclosures.generate_evidence_package(
                info.context.graph, info.context.principal, case_reference(input.case_id),
                lines, input.recipient_force_code, input.justification)
        except RuleViolation as violation:
            return GenerateEvidencePackagePayload(package=None, bundle=None, html=None,
                                                  user_errors=user_errors(violation))
        return GenerateEvidencePackagePayload(package=EvidencePackage.from_row(built),
                                              bundle=built["bundle"], html=built["html"],
                                              user_errors=[])

    @strawberry.mutation(description="Grade and store an intelligence report (3x5x2).")
    async def record_intelligence(self, info: Info, input: RecordIntelligenceInput
                                  ) -> RecordIntelligencePayload:
        principal = info.context.principal
        source = (SourceIdentity(input.source.kind, input.source.name, input.source.contact)
                  if input.source else None)
        form = IntelligenceInput(
            reference=f"INT-{uuid.uuid4().hex[:12].upper()}", originator=principal.subject,
            created_at=datetime.now(UTC), source_evaluation=input.source_evaluation,
            intelligence_assessment=input.intelligence_assessment,
            handling_code=input.handling_code, handling_conditions=input.handling_conditions,
            marking=input.marking, sanitised_narrative=input.sanitised_narrative,
            source=source, linked_entities=tuple(input.linked_entities),
            risk_assessment_required=input.risk_assessment_required)
        try:
            stored = await disclosures.record_intelligence(
                info.context.graph, principal, case_reference(input.case_id), form)
        except RuleViolation as violation:
            return RecordIntelligencePayload(report=None, user_errors=user_errors(violation))
        return RecordIntelligencePayload(report=IntelligenceReport.from_row(stored),
                                         user_errors=[])

    @strawberry.mutation(description="Send an intelligence report on: sanitised text only, "
                                     "logged as a disclosure with its recipient.")
    async def export_intelligence(self, info: Info, input: ExportIntelligenceInput
                                  ) -> ExportIntelligencePayload:
        try:
            exported = await disclosures.export_intelligence_report(
                info.context.graph, info.context.principal, str(input.report_id),
                input.recipient, input.justification)
        except RuleViolation as violation:
            return ExportIntelligencePayload(export=None, user_errors=user_errors(violation))
        return ExportIntelligencePayload(export=JSON(exported), user_errors=[])
