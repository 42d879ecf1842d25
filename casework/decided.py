"""Who decided, when, and why: what every decision the hub records must carry.

A decision without a reason cannot be reviewed by a supervisor, a Force Crime Registrar or a
court, so a missing or token reason is a user error. Who and when come from the server (the
authenticated principal and its clock), so their absence is a programming error instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from casework.errors import RuleViolation, UserError

if TYPE_CHECKING:
    from casework.config import CaseworkRules


@dataclass(frozen=True, slots=True)
class Decided:
    """The decider's subject, the UTC time of the decision, and the reason given."""

    by: str
    at: datetime
    reason: str


def utc(at: datetime) -> datetime:
    """An aware time in UTC; a naive one is refused because its zone can only be guessed."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{at!r} has no time zone")
    return at.astimezone(UTC)


def reason_problem(reason: str | None, rules: CaseworkRules,
                   field: tuple[str, ...]) -> UserError | None:
    """What is wrong with a reason, if anything, for callers that collect every problem."""
    minimum = rules.decisions.minimum_reason_characters
    if len((reason or "").strip()) < minimum:
        return UserError(field, f"give a reason of at least {minimum} characters",
                         "REASON_REQUIRED")
    return None


def decided(by: str, at: datetime, reason: str | None, rules: CaseworkRules,
            field: tuple[str, ...] = ("input", "reason")) -> Decided:
    """A decision record, or RuleViolation pointing at `field` when the reason is too thin."""
    if not by.strip():
        raise ValueError("a decision needs the decider's subject")
    problem = reason_problem(reason, rules, field)
    if problem is not None:
        raise RuleViolation([problem])
    return Decided(by.strip(), utc(at), (reason or "").strip())
