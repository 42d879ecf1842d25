"""Intelligence reports in the National Intelligence Model's 3x5x2 grading.

Grading: source evaluation 1 reliable, 2 untested, 3 not reliable; intelligence assessment
A known directly to the source, B known indirectly but corroborated, C known indirectly, D not
known, E suspected false; handling P (lawful sharing permitted) or C (permitted with conditions,
which must be stated). The source's identity is held apart from the sanitised narrative, and
only the sanitised report ever leaves the hub: a narrative that names its source is refused.

Export format (`export_intelligence`), version `hub-intelligence-report/1`, a JSON object:
    format                  "hub-intelligence-report/1"
    reference               the hub's report reference
    originator              who wrote the report
    createdAt               ISO 8601, UTC
    marking                 OFFICIAL | OFFICIAL-SENSITIVE | SECRET (Government Security
                            Classifications)
    grading                 {"source": "1".."3", "intelligence": "A".."E",
                             "handling": "P" | "C", "conditions": text or null}
    narrative               the sanitised text
    linkedEntities          ids of linked cases, persons, accounts, content (sorted)
    riskAssessmentRequired  true when a risk assessment must accompany the report
The source identity is never part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from casework.decided import utc
from casework.errors import RuleViolation, UserError

EXPORT_FORMAT = "hub-intelligence-report/1"
_IDENTIFYING_MINIMUM = 3


class SourceEvaluation(StrEnum):
    RELIABLE = "1"
    UNTESTED = "2"
    NOT_RELIABLE = "3"


class IntelligenceAssessment(StrEnum):
    KNOWN_DIRECTLY = "A"
    KNOWN_INDIRECTLY_CORROBORATED = "B"
    KNOWN_INDIRECTLY = "C"
    NOT_KNOWN = "D"
    SUSPECTED_FALSE = "E"


class HandlingCode(StrEnum):
    PERMITTED = "P"
    CONDITIONS = "C"


class Marking(StrEnum):
    OFFICIAL = "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
    SECRET = "SECRET"


@dataclass(frozen=True, slots=True)
class SourceIdentity:
    """Who or what the intelligence came from (complainant, platform disclosure, open source,
    officer): held apart, seen only by the intelligence unit."""

    kind: str
    name: str
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class IntelligenceInput:
    """The report as written; None means the field was left empty."""

    reference: str
    originator: str
    created_at: datetime
    source_evaluation: SourceEvaluation | None = None
    intelligence_assessment: IntelligenceAssessment | None = None
    handling_code: HandlingCode | None = None
    handling_conditions: str | None = None
    marking: Marking | None = None
    sanitised_narrative: str | None = None
    source: SourceIdentity | None = None
    linked_entities: tuple[str, ...] = ()
    risk_assessment_required: bool | None = None


@dataclass(frozen=True, slots=True)
class IntelligenceReport:
    reference: str
    originator: str
    created_at: datetime
    source_evaluation: SourceEvaluation
    intelligence_assessment: IntelligenceAssessment
    handling_code: HandlingCode
    handling_conditions: str | None
    marking: Marking
    sanitised_narrative: str
    source: SourceIdentity
    linked_entities: tuple[str, ...]
    risk_assessment_required: bool


def _names_source(narrative: str, source: SourceIdentity) -> bool:
    text = narrative.casefold()
    return any(len(part.strip()) >= _IDENTIFYING_MINIMUM and part.strip().casefold() in text
               for part in (source.name, source.contact or ""))


def validate_intelligence(report: IntelligenceInput) -> IntelligenceReport:
    """A gradable, sanitised report, or RuleViolation listing every gap."""
    errors: list[UserError] = []
    for name, value in (("sourceEvaluation", report.source_evaluation),
                        ("intelligenceAssessment", report.intelligence_assessment),
                        ("handlingCode", report.handling_code), ("marking", report.marking),
                        ("source", report.source),
                        ("riskAssessmentRequired", report.risk_assessment_required)):
        if value is None:
            errors.append(UserError(("input", name), "is required", "REQUIRED"))
    narrative = (report.sanitised_narrative or "").strip()
    if not narrative:
        errors.append(UserError(("input", "sanitisedNarrative"), "is required", "REQUIRED"))
    elif report.source is not None and _names_source(narrative, report.source):
        errors.append(UserError(("input", "sanitisedNarrative"), "the narrative identifies the "
                                "source: sanitise it", "SOURCE_IN_NARRATIVE"))
    conditions = (report.handling_conditions or "").strip() or None
    if report.handling_code is HandlingCode.CONDITIONS and conditions is None:
        errors.append(UserError(("input", "handlingConditions"), "handling code C needs its "
                                "conditions", "CONDITIONS_REQUIRED"))
    if report.handling_code is HandlingCode.PERMITTED and conditions is not None:
        errors.append(UserError(("input", "handlingConditions"), "conditions need handling "
                                "code C", "CONDITIONS_NEED_CODE_C"))
    if errors:
        raise RuleViolation(errors)
    assert report.source_evaluation is not None
    assert report.intelligence_assessment is not None
    assert report.handling_code is not None
    assert report.marking is not None
    assert report.source is not None
    assert report.risk_assessment_required is not None
    return IntelligenceReport(
        report.reference, report.originator, utc(report.created_at), report.source_evaluation,
        report.intelligence_assessment, report.handling_code, conditions, report.marking,
        narrative, report.source, tuple(sorted(set(report.linked_entities))),
        report.risk_assessment_required)


def export_intelligence(report: IntelligenceReport) -> dict[str, Any]:
    """The report for NIM and force systems, in the format above: sanitised text only."""
    return {
        "format": EXPORT_FORMAT,
        "reference": report.reference,
        "originator": report.originator,
        "createdAt": report.created_at.isoformat(),
        "marking": report.marking.value,
        "grading": {"source": report.source_evaluation.value,
                    "intelligence": report.intelligence_assessment.value,
                    "handling": report.handling_code.value,
                    "conditions": report.handling_conditions},
        "narrative": report.sanitised_narrative,
        "linkedEntities": list(report.linked_entities),
        "riskAssessmentRequired": report.risk_assessment_required,
    }
