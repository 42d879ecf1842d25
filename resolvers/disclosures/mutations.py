"""The changes of disclosures: inputs, payloads with userErrors, mutations."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import strawberry
from strawberry.scalars import JSON

from casework.disclosures import service as disclosures
from casework.disclosures.evidence import LineOfEnquiry
from casework.disclosures.intelligence import IntelligenceInput, SourceIdentity
from resolvers.context import Info
from resolvers.disclosures.types import EvidencePackage, IntelligenceReport
from resolvers.enums import HandlingCode, IntelligenceAssessment, Marking, SourceEvaluation
from resolvers.errors import UserError, mutation
from resolvers.ids import case_reference


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
class DisclosuresMutation:
    @mutation(description="Generate the case's evidence package for the responsible "
                                     "force (positive line of enquiry required); recorded and "
                                     "logged as a disclosure.")
    async def generate_evidence_package(self, info: Info, input: GenerateEvidencePackageInput
                                        ) -> GenerateEvidencePackagePayload:
        lines = [LineOfEnquiry(line.description, line.positive, line.owner)
                 for line in input.lines_of_enquiry]
        built = await disclosures.generate_evidence_package(
            info.context.graph, info.context.principal, case_reference(input.case_id),
            lines, input.recipient_force_code, input.justification)
        return GenerateEvidencePackagePayload(package=EvidencePackage.from_record(built.record),
                                              bundle=built.bundle, html=built.html,
                                              user_errors=[])

    @mutation(description="Grade and store an intelligence report (3x5x2).")
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
        stored = await disclosures.record_intelligence(
            info.context.graph, principal, case_reference(input.case_id), form)
        return RecordIntelligencePayload(report=IntelligenceReport.from_record(stored),
                                         user_errors=[])

    @mutation(description="Send an intelligence report on: sanitised text only, "
                                     "logged as a disclosure with its recipient.")
    async def export_intelligence(self, info: Info, input: ExportIntelligenceInput
                                  ) -> ExportIntelligencePayload:
        exported = await disclosures.export_intelligence_report(
            info.context.graph, info.context.principal, str(input.report_id),
            input.recipient, input.justification)
        return ExportIntelligencePayload(export=JSON(exported), user_errors=[])
