"""First look at a referral: does it belong with the local force right now, and did it arrive
while the hub was closed?

Truevision tells reporters to go to their local force instead when someone named is in immediate
danger, when they know the poster's real identity (not just a username), or when the material
concerns a future event (a march, a match). Reports that should not have come to the hub still
do, so the hub asks the same three questions; any "yes" hands the case to the local force at
once, with the time and the reasons. The hub works office hours only and is not an emergency
service, so arrivals outside them are flagged for the morning's first look.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from casework.calendar import is_working_day
from casework.decided import Decided, utc
from casework.errors import RuleViolation, UserError

if TYPE_CHECKING:
    from casework.config import CaseworkRules


class HandOffReason(StrEnum):
    IMMEDIATE_DANGER = "IMMEDIATE_DANGER"
    POSTER_IDENTITY_KNOWN = "POSTER_IDENTITY_KNOWN"
    FUTURE_EVENT = "FUTURE_EVENT"


_SAID = {
    HandOffReason.IMMEDIATE_DANGER: "someone named is in immediate danger",
    HandOffReason.POSTER_IDENTITY_KNOWN: "the reporter knows the poster's real identity",
    HandOffReason.FUTURE_EVENT: "the material concerns a future event",
}


@dataclass(frozen=True, slots=True)
class TriageAnswers:
    """The three re-routing questions; None means not yet answered."""

    immediate_danger: bool | None = None
    poster_identity_known: bool | None = None
    future_event: bool | None = None


@dataclass(frozen=True, slots=True)
class UrgentHandOff:
    """The case goes to `force` now; None when the local force is not yet known, which the
    officer must resolve by telephone rather than wait for allocation."""

    force: str | None
    reasons: tuple[HandOffReason, ...]
    decided: Decided


@dataclass(frozen=True, slots=True)
class Triage:
    answers: TriageAnswers
    out_of_hours: bool
    hand_off: UrgentHandOff | None
    triaged_by: str
    triaged_at: datetime

    @property
    def urgent(self) -> bool:
        return self.hand_off is not None


def out_of_hours(at: datetime, rules: CaseworkRules) -> bool:
    """Outside the configured hours (hub time zone), at a weekend, or on a bank holiday."""
    hours = rules.office_hours
    local = utc(at).astimezone(hours.zone)
    if not is_working_day(local.date(), rules):
        return True
    return not hours.opens <= local.time() < hours.closes


def triage(answers: TriageAnswers, received_at: datetime, triaged_by: str,
           triaged_at: datetime, local_force: str | None, rules: CaseworkRules) -> Triage:
    """The triage record; every question must be answered."""
    errors = [UserError(("input", name), "answer yes or no", "ANSWER_REQUIRED")
              for name, value in (("immediateDanger", answers.immediate_danger),
                                  ("posterIdentityKnown", answers.poster_identity_known),
                                  ("futureEvent", answers.future_event)) if value is None]
    if errors:
        raise RuleViolation(errors)
    reasons = tuple(reason for reason, value in (
        (HandOffReason.IMMEDIATE_DANGER, answers.immediate_danger),
        (HandOffReason.POSTER_IDENTITY_KNOWN, answers.poster_identity_known),
        (HandOffReason.FUTURE_EVENT, answers.future_event)) if value)
    hand_off = None
    if reasons:
        why = "; ".join(_SAID[r] for r in reasons)
        where = "" if local_force else " (local force not yet known: find it by telephone)"
        hand_off = UrgentHandOff(local_force, reasons, Decided(
            triaged_by, utc(triaged_at), f"Urgent hand-off to the local force{where}: {why}."))
    return Triage(answers, out_of_hours(received_at, rules), hand_off, triaged_by,
                  utc(triaged_at))
