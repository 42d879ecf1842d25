"""The 2023 Code of Practice gate for recording a non-crime hate incident (NCHI).

The Code (in force 3 June 2023, under PCSCA 2022 s.60) governs the personal data of the
*subject*, the person complained about, and was written after Miller v College of Policing: an
NCHI is not recorded when the report is trivial, irrational or malicious, when there is no basis
to conclude the act was intentionally hostile, or merely because lawful debate, humour, satire
or a personally held view caused offence; incidents in schools or between school-age children
are never recorded. Even when one is recorded, the subject's identity is kept only if the
additional threshold test finds a real risk of significant harm to people with the
characteristic, or of a future criminal offence against them.

Each exclusion must be answered yes or no with a reason, so that the record shows the officer
considered it. The regime is under review, so whether the gate applies at all, and the review
period, are configuration (`[nchi]` in rules.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from casework.decided import reason_problem, utc
from casework.errors import RuleViolation, UserError

if TYPE_CHECKING:
    from casework.config import CaseworkRules


class Exclusion(StrEnum):
    """A ground on which an NCHI must not be recorded; the value is its input field name."""

    TRIVIAL = "trivial"
    IRRATIONAL = "irrational"
    MALICIOUS = "malicious"
    NO_BASIS_FOR_HOSTILITY = "noBasisForHostility"
    LAWFUL_EXPRESSION = "lawfulExpression"
    SCHOOL_OR_SCHOOL_AGE = "schoolOrSchoolAge"


_REFUSAL = {
    Exclusion.TRIVIAL: "the report is trivial",
    Exclusion.IRRATIONAL: "the report is irrational",
    Exclusion.MALICIOUS: "the report is malicious",
    Exclusion.NO_BASIS_FOR_HOSTILITY: "there is no basis to conclude the act was "
                                      "intentionally hostile",
    Exclusion.LAWFUL_EXPRESSION: "it is lawful debate, humour, satire or a personally held "
                                 "view, and causing offence is not in itself a ground",
    Exclusion.SCHOOL_OR_SCHOOL_AGE: "it was reported in a school or is between school-age "
                                    "children",
}


@dataclass(frozen=True, slots=True)
class GateAnswer:
    """Yes (`applies`) or no, with the officer's reason; None means not yet answered."""

    applies: bool | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class NchiGateInput:
    """The gate as the officer answered it.

    `record_without_subject` asks for the least intrusive record (no subject identity or
    location) even when the threshold test would allow keeping it.
    """

    trivial: GateAnswer | None = None
    irrational: GateAnswer | None = None
    malicious: GateAnswer | None = None
    no_basis_for_hostility: GateAnswer | None = None
    lawful_expression: GateAnswer | None = None
    school_or_school_age: GateAnswer | None = None
    significant_harm_risk: GateAnswer | None = None
    future_offence_risk: GateAnswer | None = None
    record_without_subject: bool = False

    def exclusion(self, which: Exclusion) -> GateAnswer | None:
        return {Exclusion.TRIVIAL: self.trivial, Exclusion.IRRATIONAL: self.irrational,
                Exclusion.MALICIOUS: self.malicious,
                Exclusion.NO_BASIS_FOR_HOSTILITY: self.no_basis_for_hostility,
                Exclusion.LAWFUL_EXPRESSION: self.lawful_expression,
                Exclusion.SCHOOL_OR_SCHOOL_AGE: self.school_or_school_age}[which]


@dataclass(frozen=True, slots=True)
class NchiRecord:
    """What the gate lets the hub record.

    `keep_subject_data` False means the NCHI is recorded without the subject's identity or
    location: the caller must not store them. `exclusions_considered` keeps each "no" with its
    reason; `threshold_reasons` says why subject data may be kept (empty when it may not).
    """

    exclusions_considered: tuple[tuple[Exclusion, str], ...]
    keep_subject_data: bool
    threshold_reasons: tuple[str, ...]
    review_on: date


def _answer(answer: GateAnswer | None, at: tuple[str, ...], errors: list[UserError]) -> bool:
    if answer is None or answer.applies is None:
        errors.append(UserError(at, "answer yes or no", "ANSWER_REQUIRED"))
        return False
    return answer.applies


def nchi_gate(gate: NchiGateInput | None, decided_at: datetime, rules: CaseworkRules,
              field: tuple[str, ...] = ("input", "nchiGate")) -> NchiRecord:
    """Pass the gate or raise RuleViolation with every unanswered, unreasoned or "yes" item."""
    if gate is None:
        raise RuleViolation.one(field, "answer the NCHI Code of Practice questions",
                                "NCHI_GATE_REQUIRED")
    errors: list[UserError] = []
    considered: list[tuple[Exclusion, str]] = []
    for which in Exclusion:
        at = (*field, which.value)
        answer = gate.exclusion(which)
        applies = _answer(answer, at, errors)
        problem = reason_problem(answer.reason if answer else None, rules, (*at, "reason"))
        if problem:
            errors.append(problem)
        if applies:
            errors.append(UserError(at, f"an NCHI is not recorded when {_REFUSAL[which]}",
                                    "NCHI_EXCLUDED"))
        elif answer is not None and not problem:
            considered.append((which, (answer.reason or "").strip()))
    reasons: list[str] = []
    for name, answer in (("significantHarmRisk", gate.significant_harm_risk),
                         ("futureOffenceRisk", gate.future_offence_risk)):
        at = (*field, name)
        if _answer(answer, at, errors) and answer is not None:
            problem = reason_problem(answer.reason, rules, (*at, "reason"))
            if problem:
                errors.append(problem)
            else:
                reasons.append((answer.reason or "").strip())
    if errors:
        raise RuleViolation(errors)
    keep = bool(reasons) and not gate.record_without_subject
    return NchiRecord(
        exclusions_considered=tuple(considered),
        keep_subject_data=keep,
        threshold_reasons=tuple(reasons) if keep else (),
        review_on=utc(decided_at).date() + timedelta(days=rules.nchi.review_after_days),
    )


def require_nchi_approver(role: str, rules: CaseworkRules,
                          field: tuple[str, ...] = ("input",)) -> None:
    """Only the configured roles may approve recording an NCHI (the rank is UNCONFIRMED)."""
    if role not in rules.nchi.approver_roles:
        allowed = ", ".join(rules.nchi.approver_roles)
        raise RuleViolation.one(field, f"recording an NCHI needs approval by: {allowed}",
                                "NCHI_APPROVER_REQUIRED")
