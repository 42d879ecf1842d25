"""Where a case stands, and the only ways it may move on.

RECEIVED → TRIAGED → ASSESSED → ALLOCATED → WITH_FORCE, or ASSESSED → REFERRED (the matter goes
to a platform or another body without a force investigation), and CLOSED with an outcome. Also:
an urgent hand-off (from triage) sends a case straight to the local force; an assessed, allocated,
referred or force-held case may be re-assessed; an allocated case may be re-allocated and a
force may hand a case back. Before assessment a case may only close as merged or withdrawn, since
no one has yet decided what it is. A closed case stays closed: new information arrives as a new
referral, which the linker joins to it or relates to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from casework.decided import Decided, decided
from casework.errors import RuleViolation

if TYPE_CHECKING:
    from casework.config import CaseworkRules


class CaseState(StrEnum):
    RECEIVED = "RECEIVED"
    TRIAGED = "TRIAGED"
    ASSESSED = "ASSESSED"
    ALLOCATED = "ALLOCATED"
    WITH_FORCE = "WITH_FORCE"
    REFERRED = "REFERRED"
    CLOSED = "CLOSED"


class Outcome(StrEnum):
    MERGED = "MERGED"
    WITHDRAWN = "WITHDRAWN"
    NO_FURTHER_ACTION = "NO_FURTHER_ACTION"
    NOT_A_HATE_MATTER = "NOT_A_HATE_MATTER"
    NCHI_RECORDED = "NCHI_RECORDED"
    CONTENT_REMOVED = "CONTENT_REMOVED"
    SUSPECT_NOT_IDENTIFIED = "SUSPECT_NOT_IDENTIFIED"
    SUSPECT_ABROAD = "SUSPECT_ABROAD"
    FORCE_OUTCOME_RECORDED = "FORCE_OUTCOME_RECORDED"


_BEFORE_ASSESSMENT = frozenset({CaseState.RECEIVED, CaseState.TRIAGED})
_CLOSE_UNASSESSED = frozenset({Outcome.MERGED, Outcome.WITHDRAWN})
URGENT_HAND_OFF = "urgent hand-off"

_STEPS: dict[CaseState, dict[CaseState, str]] = {
    CaseState.RECEIVED: {CaseState.TRIAGED: "triage", CaseState.WITH_FORCE: URGENT_HAND_OFF,
                         CaseState.CLOSED: "close"},
    CaseState.TRIAGED: {CaseState.ASSESSED: "assessment", CaseState.WITH_FORCE: URGENT_HAND_OFF,
                        CaseState.CLOSED: "close"},
    CaseState.ASSESSED: {CaseState.ALLOCATED: "allocation", CaseState.REFERRED: "referral",
                         CaseState.ASSESSED: "re-assessment", CaseState.CLOSED: "close"},
    CaseState.ALLOCATED: {CaseState.WITH_FORCE: "transfer accepted",
                          CaseState.ALLOCATED: "re-allocation",
                          CaseState.ASSESSED: "re-assessment", CaseState.CLOSED: "close"},
    CaseState.WITH_FORCE: {CaseState.ALLOCATED: "handed back or transferred on",
                           CaseState.ASSESSED: "re-assessment", CaseState.CLOSED: "close"},
    CaseState.REFERRED: {CaseState.ASSESSED: "re-assessment", CaseState.CLOSED: "close"},
    CaseState.CLOSED: {},
}


@dataclass(frozen=True, slots=True)
class Transition:
    """A recorded move: the step's name, who/when/why, and the outcome when closing."""

    from_state: CaseState
    to_state: CaseState
    step: str
    decided: Decided
    outcome: Outcome | None = None


def allowed_targets(current: CaseState) -> frozenset[CaseState]:
    """The states a case may move to next (an urgent hand-off needs its triage flag)."""
    return frozenset(_STEPS[current])


def transition(current: CaseState, target: CaseState, reason: str | None, *, by: str,
               at: datetime, rules: CaseworkRules, outcome: Outcome | None = None,
               urgent_hand_off: bool = False,
               field: tuple[str, ...] = ("input", "caseId")) -> Transition:
    """The move, or RuleViolation: FORBIDDEN_TRANSITION, OUTCOME_REQUIRED and the like.

    `field` names the input that asked for the move: the target state when an officer chose
    it, otherwise the case, whose current state is what forbids the step."""
    step = _STEPS[current].get(target)
    if step is None:
        raise RuleViolation.one(field, f"a {current.value} case cannot move to {target.value}",
                                "FORBIDDEN_TRANSITION")
    if step == URGENT_HAND_OFF and not urgent_hand_off:
        raise RuleViolation.one(field, "only an urgent hand-off from triage sends an "
                                "unassessed case to a force", "FORBIDDEN_TRANSITION")
    if target is CaseState.CLOSED:
        if outcome is None:
            raise RuleViolation.one(("input", "outcome"), "closing a case needs an outcome",
                                    "OUTCOME_REQUIRED")
        if current in _BEFORE_ASSESSMENT and outcome not in _CLOSE_UNASSESSED:
            raise RuleViolation.one(("input", "outcome"), "before assessment a case can only "
                                    "close as merged or withdrawn", "OUTCOME_NEEDS_ASSESSMENT")
    elif outcome is not None:
        raise RuleViolation.one(("input", "outcome"), "only closing a case records an outcome",
                                "OUTCOME_NOT_ALLOWED")
    return Transition(current, target, step, decided(by, at, reason, rules), outcome)
