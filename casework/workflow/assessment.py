"""Crime or non-crime hate incident: the hub's assessment, refused until it is complete.

The National Crime Recording Standard records a crime when, on the balance of probabilities,
the report amounts to an offence in law and there is no credible evidence to the contrary; the
perception test makes it a hate matter when the victim or anyone else perceives hostility on a
characteristic, whether or not the victim belongs to the targeted group. So the form asks for
both, and a decision that contradicts its own answers is refused rather than saved: that is
where mis-recording would otherwise start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from casework.decided import Decided, reason_problem, utc
from casework.errors import RuleViolation, UserError
from casework.offences import TABLE_VERSION, Offence, offence_problems
from casework.strands import Strand
from casework.workflow.nchi import NchiGateInput, NchiRecord, nchi_gate

if TYPE_CHECKING:
    from casework.config import CaseworkRules

MAX_OTHER_CHARACTERISTIC = 100


class Decision(StrEnum):
    CRIME = "CRIME"
    NON_CRIME_HATE_INCIDENT = "NON_CRIME_HATE_INCIDENT"
    NOT_A_HATE_MATTER = "NOT_A_HATE_MATTER"
    NO_FURTHER_ACTION = "NO_FURTHER_ACTION"


class Perceiver(StrEnum):
    """Who perceived the hostility: the perception test accepts anyone."""

    VICTIM = "VICTIM"
    OTHER_PERSON = "OTHER_PERSON"


_HATE = frozenset({Decision.CRIME, Decision.NON_CRIME_HATE_INCIDENT})


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    """The assessment form as submitted; None means the question was left unanswered.

    `decided_by` and `decided_at` come from the principal and the server clock, not the form.
    """

    decided_by: str
    decided_at: datetime
    decision: Decision | None = None
    strands: tuple[Strand, ...] = ()
    other_characteristic: str | None = None
    perceived_by: Perceiver | None = None
    victim_in_targeted_group: bool | None = None
    offences: tuple[str, ...] = ()
    offence_in_law: bool | None = None
    credible_evidence_to_contrary: bool | None = None
    reasons: str | None = None
    nchi_gate: NchiGateInput | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """A complete, consistent assessment, ready to store.

    `nchi` is the gate's record for an NCHI when the gate is switched on. `keep_subject_data`
    says whether the subject's identity may be stored with an NCHI: only when the gate's
    threshold test allowed it, so never when the gate was off or the decision is not an NCHI.
    """

    decision: Decision
    strands: tuple[Strand, ...]
    other_characteristic: str | None
    perceived_by: Perceiver | None
    victim_in_targeted_group: bool | None
    offences: tuple[Offence, ...]
    offence_in_law: bool
    credible_evidence_to_contrary: bool
    conduct_date: date
    decided: Decided
    nchi: NchiRecord | None
    offence_table_version: str = TABLE_VERSION

    @property
    def hate_crime_flag(self) -> bool:
        return self.decision is Decision.CRIME

    @property
    def online_flag(self) -> bool:
        """Every hub case concerns online material, so every assessment carries the flag."""
        return True

    @property
    def keep_subject_data(self) -> bool:
        return self.nchi is not None and self.nchi.keep_subject_data


def _required(value: object, name: str, message: str, errors: list[UserError]) -> None:
    if value is None:
        errors.append(UserError(("input", name), message, "REQUIRED"))


def _check_recording_test(form: AssessmentInput, errors: list[UserError]) -> None:
    """The decision must follow from the NCRS answers."""
    crime_test_met = form.offence_in_law is True and form.credible_evidence_to_contrary is False
    if form.decision is Decision.CRIME:
        if form.offence_in_law is False:
            errors.append(UserError(("input", "offenceInLaw"), "a crime is recorded only when "
                                    "the report amounts to an offence in law",
                                    "CONTRADICTS_DECISION"))
        if form.credible_evidence_to_contrary is True:
            errors.append(UserError(("input", "credibleEvidenceToContrary"),
                                    "a crime is not recorded when there is credible evidence "
                                    "to the contrary", "CONTRADICTS_DECISION"))
    elif form.decision in (Decision.NON_CRIME_HATE_INCIDENT, Decision.NO_FURTHER_ACTION) \
            and crime_test_met:
        errors.append(UserError(("input", "decision"), "the recording test is met (an offence "
                                "in law, no credible evidence to the contrary): record a crime",
                                "CRIME_TEST_MET"))


def _check_hostility(form: AssessmentInput, errors: list[UserError]) -> None:
    """A hate decision names the characteristic; a non-hate one cannot, by the perception test."""
    characteristic = bool(form.strands) or bool(form.other_characteristic)
    if form.decision in _HATE:
        if not characteristic:
            errors.append(UserError(("input", "strands"), "name the characteristic the "
                                    "hostility was perceived to target", "REQUIRED"))
        _required(form.perceived_by, "perceivedBy", "say who perceived the hostility", errors)
    elif form.decision is not None and (characteristic or form.perceived_by is not None):
        errors.append(UserError(("input", "decision"), "hostility was perceived on a "
                                "characteristic, so by the perception test this is a hate "
                                "matter", "PERCEPTION_TEST"))


def validate_assessment(form: AssessmentInput, conduct_date: date,
                        rules: CaseworkRules) -> Assessment:
    """A complete assessment, or RuleViolation with every missing or contradictory part."""
    if not form.decided_by.strip():
        raise ValueError("an assessment needs the decider's subject")
    errors: list[UserError] = []
    _required(form.decision, "decision", "choose a decision", errors)
    _required(form.offence_in_law, "offenceInLaw", "answer whether, on the balance of "
              "probabilities, the report amounts to an offence in law", errors)
    _required(form.credible_evidence_to_contrary, "credibleEvidenceToContrary",
              "answer whether there is credible evidence to the contrary", errors)
    reason = reason_problem(form.reasons, rules, ("input", "reasons"))
    if reason:
        errors.append(reason)
    other = (form.other_characteristic or "").strip() or None
    if other and len(other) > MAX_OTHER_CHARACTERISTIC:
        errors.append(UserError(("input", "otherCharacteristic"),
                                f"must be at most {MAX_OTHER_CHARACTERISTIC} characters",
                                "TOO_LONG"))
    _check_hostility(form, errors)
    _check_recording_test(form, errors)
    offences, problems = offence_problems(form.offences, conduct_date, ("input", "offences"))
    errors.extend(problems)
    if form.decision is Decision.CRIME and not form.offences:
        errors.append(UserError(("input", "offences"), "name at least one offence in force on "
                                f"{conduct_date.isoformat()}", "REQUIRED"))
    nchi: NchiRecord | None = None
    if form.decision is Decision.NON_CRIME_HATE_INCIDENT:
        if not rules.nchi.recording_enabled:
            errors.append(UserError(("input", "decision"), "NCHIs are no longer recorded: "
                                    "submit an intelligence report instead",
                                    "NCHI_RECORDING_DISABLED"))
        elif rules.nchi.code_of_practice_gate:
            try:
                nchi = nchi_gate(form.nchi_gate, form.decided_at, rules)
            except RuleViolation as refused:
                errors.extend(refused.errors)
    if errors:
        raise RuleViolation(errors)
    assert form.decision is not None
    assert form.offence_in_law is not None
    assert form.credible_evidence_to_contrary is not None
    return Assessment(
        decision=form.decision, strands=tuple(dict.fromkeys(form.strands)),
        other_characteristic=other, perceived_by=form.perceived_by,
        victim_in_targeted_group=form.victim_in_targeted_group, offences=tuple(offences),
        offence_in_law=form.offence_in_law,
        credible_evidence_to_contrary=form.credible_evidence_to_contrary,
        conduct_date=conduct_date,
        decided=Decided(form.decided_by, utc(form.decided_at), (form.reasons or "").strip()),
        nchi=nchi)
