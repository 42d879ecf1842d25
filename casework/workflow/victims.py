"""Victims' Code update clocks, one per victim per event ("one crime per victim").

Right 6: the police tell the victim, with reasons, within 5 working days (1 for victims entitled
to enhanced rights) of a decision not to investigate, an arrest, an interview under caution, a
release without charge, or bail or release under investigation and changes to them. Hate crime
is on the Code's "most serious crime" list, so its victims default to enhanced rights. The hub
also keeps complainants informed at other milestones (received, allocated, charged, platform
outcome); those clocks are the hub's service standard, not Code rights, and are marked so.

NCHI complainants are not "victims of a criminal offence" under the Code; whether they get the
hub's service-standard clock is configuration (`victim_updates.nchi_complainants`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from casework.calendar import add_working_days
from casework.config import NchiComplainantClock
from casework.decided import reason_problem, utc
from casework.errors import RuleViolation, UserError

if TYPE_CHECKING:
    from casework.config import CaseworkRules


class UpdateTrigger(StrEnum):
    REPORT_RECEIVED = "REPORT_RECEIVED"
    CRIME_NOT_RECORDED = "CRIME_NOT_RECORDED"
    NCHI_RECORDED = "NCHI_RECORDED"
    DECISION_NOT_TO_INVESTIGATE = "DECISION_NOT_TO_INVESTIGATE"
    ALLOCATED = "ALLOCATED"
    TRANSFER_ACCEPTED = "TRANSFER_ACCEPTED"
    ARREST = "ARREST"
    INTERVIEW_UNDER_CAUTION = "INTERVIEW_UNDER_CAUTION"
    RELEASED_WITHOUT_CHARGE = "RELEASED_WITHOUT_CHARGE"
    BAIL_OR_RUI_CHANGE = "BAIL_OR_RUI_CHANGE"
    CHARGED = "CHARGED"
    REFERRAL_OUTCOME = "REFERRAL_OUTCOME"
    CASE_CLOSED = "CASE_CLOSED"


RIGHT_6_TRIGGERS = frozenset({
    UpdateTrigger.DECISION_NOT_TO_INVESTIGATE, UpdateTrigger.ARREST,
    UpdateTrigger.INTERVIEW_UNDER_CAUTION, UpdateTrigger.RELEASED_WITHOUT_CHARGE,
    UpdateTrigger.BAIL_OR_RUI_CHANGE,
})


class Standing(StrEnum):
    """Victim of crime (including a report not yet assessed: recording is victim-oriented), or
    complainant of a non-crime hate incident."""

    VICTIM_OF_CRIME = "VICTIM_OF_CRIME"
    NCHI_COMPLAINANT = "NCHI_COMPLAINANT"


class Channel(StrEnum):
    EMAIL = "EMAIL"
    TELEPHONE = "TELEPHONE"
    TEXT_MESSAGE = "TEXT_MESSAGE"
    LETTER = "LETTER"
    IN_PERSON = "IN_PERSON"


@dataclass(frozen=True, slots=True)
class VictimCircumstances:
    """What decides the entitlement: Code enhanced rights go to victims of the most serious
    crime (hate crime among them), persistently targeted, and vulnerable or intimidated."""

    standing: Standing = Standing.VICTIM_OF_CRIME
    hate_crime: bool = True
    vulnerable_or_intimidated: bool = False
    persistently_targeted: bool = False


@dataclass(frozen=True, slots=True)
class UpdatePreference:
    """How and how often the victim agreed to be updated; the hub must say why if it cannot."""

    channel: Channel
    every_working_days: int | None = None


@dataclass(frozen=True, slots=True)
class VictimClock:
    """One update owed to one victim; `statutory` marks a Right 6 duty."""

    victim_id: str
    trigger: UpdateTrigger
    trigger_at: datetime
    due: datetime
    enhanced: bool
    statutory: bool
    met_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VictimUpdate:
    """An update given; `preference_unmet_reason` explains a channel other than the agreed one."""

    victim_id: str
    at: datetime
    by: str
    channel: Channel
    summary: str
    preference_unmet_reason: str | None = None


def is_enhanced(circumstances: VictimCircumstances, rules: CaseworkRules) -> bool:
    if circumstances.standing is Standing.NCHI_COMPLAINANT:
        return False
    return ((circumstances.hate_crime and rules.victim_updates.hate_crime_victims_enhanced)
            or circumstances.vulnerable_or_intimidated or circumstances.persistently_targeted)


def victim_update_due(trigger_at: datetime, enhanced: bool, rules: CaseworkRules) -> datetime:
    """When the update is due, in working days by the convention of `casework.calendar`."""
    days = rules.victim_updates
    return add_working_days(trigger_at, days.enhanced_working_days if enhanced
                            else days.standard_working_days, rules)


def start_clock(victim_id: str, trigger: UpdateTrigger, trigger_at: datetime,
                circumstances: VictimCircumstances, rules: CaseworkRules) -> VictimClock | None:
    """The clock an event starts for one victim; None when no update is owed."""
    nchi = circumstances.standing is Standing.NCHI_COMPLAINANT
    if nchi and rules.victim_updates.nchi_complainants is NchiComplainantClock.NONE:
        return None
    enhanced = is_enhanced(circumstances, rules)
    return VictimClock(victim_id, trigger, utc(trigger_at),
                       victim_update_due(trigger_at, enhanced, rules), enhanced,
                       statutory=not nchi and trigger in RIGHT_6_TRIGGERS)


def overdue(clocks: Iterable[VictimClock], now: datetime) -> list[VictimClock]:
    """Unmet clocks past their deadline, most overdue first (the dashboard's order)."""
    late = [c for c in clocks if c.met_at is None and c.due < utc(now)]
    return sorted(late, key=lambda c: (c.due, c.victim_id, c.trigger.value))


def record_update(clocks: Sequence[VictimClock], update: VictimUpdate,
                  preference: UpdatePreference | None,
                  rules: CaseworkRules) -> list[VictimClock]:
    """Every open clock of this victim started by then is met by the update.

    An update by another channel than the agreed one needs a reason, which is kept.
    """
    errors: list[UserError] = []
    if not update.summary.strip():
        errors.append(UserError(("input", "summary"), "say what the victim was told",
                                "REQUIRED"))
    if preference is not None and update.channel is not preference.channel:
        problem = reason_problem(update.preference_unmet_reason, rules,
                                 ("input", "preferenceUnmetReason"))
        if problem:
            errors.append(UserError(problem.field, f"the victim asked for "
                                    f"{preference.channel.value}: {problem.message}",
                                    problem.code))
    if errors:
        raise RuleViolation(errors)
    at = utc(update.at)
    return [replace(c, met_at=at)
            if c.victim_id == update.victim_id and c.met_at is None and c.trigger_at <= at
            else c for c in clocks]


def next_periodic_update(last_contact: datetime, preference: UpdatePreference,
                         rules: CaseworkRules) -> datetime | None:
    """When the agreed regular update falls due, if the victim asked for one."""
    if preference.every_working_days is None:
        return None
    return add_working_days(last_contact, preference.every_working_days, rules)
