"""3x5x2 intelligence reports: complete grading, handling conditions, and sanitised export."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from casework.disclosures.intelligence import (
    EXPORT_FORMAT,
    HandlingCode,
    IntelligenceAssessment,
    IntelligenceInput,
    Marking,
    SourceEvaluation,
    SourceIdentity,
    export_intelligence,
    validate_intelligence,
)
from casework.errors import RuleViolation

SOURCE = SourceIdentity(kind="COMPLAINANT", name="Amira Haddad", contact="07700 900123")
REPORT = IntelligenceInput(
    reference="IR-2024-0042", originator="analyst-3",
    created_at=datetime(2024, 6, 5, 11, tzinfo=UTC),
    source_evaluation=SourceEvaluation.UNTESTED,
    intelligence_assessment=IntelligenceAssessment.KNOWN_INDIRECTLY_CORROBORATED,
    handling_code=HandlingCode.CONDITIONS,
    handling_conditions="Not to be disclosed to the subject",
    marking=Marking.OFFICIAL_SENSITIVE,
    sanitised_narrative="Account @raidleader88 is coordinating posts targeting a mosque in "
                        "the North West ahead of a planned march.",
    source=SOURCE, linked_entities=("case:HUB-2024-000123", "account:x:raidleader88",
                                    "case:HUB-2024-000123"),
    risk_assessment_required=True)


def codes(report: IntelligenceInput) -> list[tuple[str, str]]:
    with pytest.raises(RuleViolation) as refused:
        validate_intelligence(report)
    return [(e.field[-1], e.code) for e in refused.value.errors]


def test_the_export_holds_the_grading_and_never_the_source() -> None:
    exported = export_intelligence(validate_intelligence(REPORT))
    assert exported == {
        "format": EXPORT_FORMAT, "reference": "IR-2024-0042", "originator": "analyst-3",
        "createdAt": "2024-06-05T11:00:00+00:00", "marking": "OFFICIAL-SENSITIVE",
        "grading": {"source": "2", "intelligence": "B", "handling": "C",
                    "conditions": "Not to be disclosed to the subject"},
        "narrative": REPORT.sanitised_narrative,
        "linkedEntities": ["account:x:raidleader88", "case:HUB-2024-000123"],
        "riskAssessmentRequired": True}
    text = json.dumps(exported)
    assert "Haddad" not in text
    assert "07700" not in text


def test_handling_code_c_needs_its_conditions() -> None:
    assert codes(replace(REPORT, handling_conditions=" ")) == [
        ("handlingConditions", "CONDITIONS_REQUIRED")]


def test_conditions_without_code_c_are_refused() -> None:
    assert codes(replace(REPORT, handling_code=HandlingCode.PERMITTED)) == [
        ("handlingConditions", "CONDITIONS_NEED_CODE_C")]
    permitted = replace(REPORT, handling_code=HandlingCode.PERMITTED, handling_conditions=None)
    assert export_intelligence(validate_intelligence(permitted))["grading"]["conditions"] \
        is None


@pytest.mark.parametrize("leak", ["Reported by amira haddad on Tuesday.",
                                  "Call back on 07700 900123."])
def test_a_narrative_that_identifies_the_source_is_refused(leak: str) -> None:
    assert codes(replace(REPORT, sanitised_narrative=leak)) == [
        ("sanitisedNarrative", "SOURCE_IN_NARRATIVE")]


def test_every_missing_grade_is_reported() -> None:
    empty = IntelligenceInput(reference="IR-1", originator="analyst-3",
                              created_at=datetime(2024, 6, 5, tzinfo=UTC))
    assert codes(empty) == [
        ("sourceEvaluation", "REQUIRED"), ("intelligenceAssessment", "REQUIRED"),
        ("handlingCode", "REQUIRED"), ("marking", "REQUIRED"), ("source", "REQUIRED"),
        ("riskAssessmentRequired", "REQUIRED"), ("sanitisedNarrative", "REQUIRED")]
