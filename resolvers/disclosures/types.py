"""The GraphQL types of disclosures."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from resolvers.enums import Marking


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
