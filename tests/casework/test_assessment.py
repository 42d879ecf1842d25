"""The assessment form: refused until complete, and refused when it contradicts itself."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from casework.config import CaseworkRules, with_overrides
from casework.errors import RuleViolation
from casework.strands import Strand
from casework.workflow.assessment import AssessmentInput, Decision, Perceiver, validate_assessment
from casework.workflow.nchi import GateAnswer, NchiGateInput
from tests.support.times import london

CONDUCT = date(2024, 2, 14)
NO = GateAnswer(False, "Considered against the Code: does not apply here")
GATE = NchiGateInput(trivial=NO, irrational=NO, malicious=NO, no_basis_for_hostility=NO,
                     lawful_expression=NO, school_or_school_age=NO, significant_harm_risk=NO,
                     future_offence_risk=NO)
CRIME = AssessmentInput(
    decided_by="officer-7", decided_at=london(2024, 2, 20, 14), decision=Decision.CRIME,
    strands=(Strand.RELIGION,), perceived_by=Perceiver.VICTIM, offences=("OSA2023-s181",),
    offence_in_law=True, credible_evidence_to_contrary=False,
    reasons="Threat to kill the victim because of her faith, posted publicly")
NCHI = replace(CRIME, decision=Decision.NON_CRIME_HATE_INCIDENT, offences=(),
               offence_in_law=False, perceived_by=Perceiver.OTHER_PERSON, nchi_gate=GATE,
               reasons="Hostile remark, short of any offence")


def refused_fields(form: AssessmentInput, rules: CaseworkRules,
                   conduct: date = CONDUCT) -> list[tuple[tuple[str, ...], str]]:
    with pytest.raises(RuleViolation) as refused:
        validate_assessment(form, conduct, rules)
    return [(e.field, e.code) for e in refused.value.errors]


def test_a_complete_crime_assessment_carries_who_when_why_and_flags(
        rules: CaseworkRules) -> None:
    assessment = validate_assessment(CRIME, CONDUCT, rules)
    assert assessment.decided.by == "officer-7"
    assert assessment.decided.at == datetime(2024, 2, 20, 14, tzinfo=UTC)
    assert assessment.decided.reason.startswith("Threat to kill")
    assert [o.code for o in assessment.offences] == ["OSA2023-s181"]
    assert assessment.hate_crime_flag
    assert assessment.online_flag
    assert assessment.nchi is None
    assert not assessment.keep_subject_data


def test_an_empty_form_lists_everything_missing(rules: CaseworkRules) -> None:
    empty = AssessmentInput(decided_by="officer-7", decided_at=london(2024, 2, 20))
    assert refused_fields(empty, rules) == [
        (("input", "decision"), "REQUIRED"), (("input", "offenceInLaw"), "REQUIRED"),
        (("input", "credibleEvidenceToContrary"), "REQUIRED"),
        (("input", "reasons"), "REASON_REQUIRED")]


def test_a_crime_needs_an_offence(rules: CaseworkRules) -> None:
    assert refused_fields(replace(CRIME, offences=()), rules) == [
        (("input", "offences"), "REQUIRED")]


def test_a_crime_needs_an_offence_in_force_on_the_date_of_conduct(
        rules: CaseworkRules) -> None:
    assert refused_fields(CRIME, rules, conduct=date(2024, 1, 30)) == [
        (("input", "offences", "0"), "OFFENCE_NOT_IN_FORCE")]
    old_law = replace(CRIME, offences=("MCA1988-s1-threat",))
    assert validate_assessment(old_law, date(2024, 1, 30), rules).offences[0].code == \
        "MCA1988-s1-threat"


def test_a_crime_needs_the_recording_test_met(rules: CaseworkRules) -> None:
    doubtful = replace(CRIME, offence_in_law=False, credible_evidence_to_contrary=True)
    assert refused_fields(doubtful, rules) == [
        (("input", "offenceInLaw"), "CONTRADICTS_DECISION"),
        (("input", "credibleEvidenceToContrary"), "CONTRADICTS_DECISION")]


@pytest.mark.parametrize("decision", [Decision.NON_CRIME_HATE_INCIDENT,
                                      Decision.NO_FURTHER_ACTION])
def test_when_the_recording_test_is_met_a_crime_must_be_recorded(
        rules: CaseworkRules, decision: Decision) -> None:
    met = replace(NCHI, decision=decision, offence_in_law=True,
                  credible_evidence_to_contrary=False)
    if decision is Decision.NO_FURTHER_ACTION:
        met = replace(met, strands=(), perceived_by=None)
    assert (("input", "decision"), "CRIME_TEST_MET") in refused_fields(met, rules)


def test_a_hate_decision_names_the_characteristic_and_who_perceived_it(
        rules: CaseworkRules) -> None:
    assert refused_fields(replace(CRIME, strands=(), perceived_by=None), rules) == [
        (("input", "strands"), "REQUIRED"), (("input", "perceivedBy"), "REQUIRED")]
    other = validate_assessment(replace(CRIME, strands=(), other_characteristic="Gypsy "
                                        "and Traveller heritage"), CONDUCT, rules)
    assert other.other_characteristic == "Gypsy and Traveller heritage"


def test_perceived_hostility_cannot_be_assessed_as_not_a_hate_matter(
        rules: CaseworkRules) -> None:
    denied = replace(CRIME, decision=Decision.NOT_A_HATE_MATTER)
    assert refused_fields(denied, rules) == [(("input", "decision"), "PERCEPTION_TEST")]
    plain = replace(denied, strands=(), perceived_by=None)
    assert validate_assessment(plain, CONDUCT, rules).decision is Decision.NOT_A_HATE_MATTER


def test_the_victim_need_not_belong_to_the_targeted_group(rules: CaseworkRules) -> None:
    outsider = validate_assessment(replace(CRIME, victim_in_targeted_group=False), CONDUCT,
                                   rules)
    assert outsider.victim_in_targeted_group is False


def test_an_nchi_passes_the_gate_and_keeps_no_subject_data_by_default(
        rules: CaseworkRules) -> None:
    assessment = validate_assessment(NCHI, CONDUCT, rules)
    assert assessment.nchi is not None
    assert not assessment.keep_subject_data
    assert not assessment.hate_crime_flag


def test_an_nchi_refused_by_the_gate_is_not_saved(rules: CaseworkRules) -> None:
    trivial = replace(GATE, trivial=GateAnswer(True, "A single mild insult in a game chat"))
    assert refused_fields(replace(NCHI, nchi_gate=trivial), rules) == [
        (("input", "nchiGate", "trivial"), "NCHI_EXCLUDED")]


def test_with_the_gate_switched_off_the_nchi_is_saved_without_subject_data(
        rules: CaseworkRules) -> None:
    off = with_overrides(rules, {"nchi": {"code_of_practice_gate": False}})
    assessment = validate_assessment(replace(NCHI, nchi_gate=None), CONDUCT, off)
    assert assessment.nchi is None
    assert not assessment.keep_subject_data


def test_when_nchis_are_abolished_the_decision_is_refused(rules: CaseworkRules) -> None:
    abolished = with_overrides(rules, {"nchi": {"recording_enabled": False}})
    assert refused_fields(NCHI, abolished) == [(("input", "decision"),
                                                "NCHI_RECORDING_DISABLED")]
