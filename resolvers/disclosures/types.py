"""The GraphQL types of disclosures."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from graph import disclosures
from resolvers.enums import Marking


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
    def from_record(cls, package: disclosures.EvidencePackage) -> EvidencePackage:
        return cls(id=strawberry.ID(package.id), at=package.at, by=package.by,
                   recipient_force=package.recipient_force,
                   justification=package.justification, bundle_sha256=package.bundle_sha256,
                   manifest=JSON(json.loads(package.manifest)))


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
    def from_record(cls, report: disclosures.IntelligenceReport) -> IntelligenceReport:
        return cls(id=strawberry.ID(report.id), created_at=report.created_at,
                   originator=report.originator, grading=report.grading,
                   marking=Marking(report.marking),
                   handling_conditions=report.handling_conditions,
                   sanitised_narrative=report.sanitised_narrative,
                   linked_entities=list(report.linked_entities),
                   risk_assessment_required=report.risk_assessment_required)
