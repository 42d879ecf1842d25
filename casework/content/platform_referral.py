"""Asking a platform to act on content, and asking it to preserve data for an investigation.

A referral cites a legal basis (an offence, flagged when it is an Online Safety Act Schedule 7
priority offence, for which a platform must minimise how long the content stays up) or a
terms-of-service clause, and must follow a capture of the content: after removal the capture is
the only evidence. Platforms answer late or not at all and refuse a share of referrals (20-30%
in CTIRU's experience), so the log keeps every status with its time, and refusal rates are
computed per platform.

Preservation requests hold a snapshot for a period (typically 90 days, renewable); the officer
is reminded before it lapses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from casework.content.captures import Capture, capture_problems, same_content
from casework.decided import Decided, decided, utc
from casework.errors import RuleViolation, UserError
from casework.offences import Offence, offence_problems

if TYPE_CHECKING:
    from casework.config import CaseworkRules


class ReferralStatus(StrEnum):
    SENT = "SENT"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    REMOVED = "REMOVED"
    RESTRICTED = "RESTRICTED"
    DECLINED = "DECLINED"
    NO_RESPONSE = "NO_RESPONSE"


OUTCOMES = frozenset({ReferralStatus.REMOVED, ReferralStatus.RESTRICTED, ReferralStatus.DECLINED})
_OPEN = frozenset({ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED})
# A platform may answer after being marked NO_RESPONSE; its late answer is still recorded.
_NEXT: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.SENT: frozenset({ReferralStatus.ACKNOWLEDGED, *OUTCOMES,
                                    ReferralStatus.NO_RESPONSE}),
    ReferralStatus.ACKNOWLEDGED: frozenset({*OUTCOMES, ReferralStatus.NO_RESPONSE}),
    ReferralStatus.NO_RESPONSE: frozenset({ReferralStatus.ACKNOWLEDGED, *OUTCOMES}),
    ReferralStatus.REMOVED: frozenset(),
    ReferralStatus.RESTRICTED: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """An offence the content amounts to, a terms-of-service clause it breaks, or both."""

    offence: Offence | None
    terms_clause: str | None

    @property
    def schedule7_priority(self) -> bool:
        return self.offence is not None and self.offence.schedule7_priority

    def describe(self) -> str:
        parts = []
        if self.offence is not None:
            priority = " (OSA 2023 Schedule 7 priority offence)" if self.schedule7_priority \
                else ""
            parts.append(f"{self.offence.provision}: {self.offence.title}{priority}")
        if self.terms_clause:
            parts.append(f"terms of service: {self.terms_clause}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: ReferralStatus
    at: datetime
    by: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlatformReferral:
    """One content item referred to its platform, with every status it has had."""

    platform: str
    content_url: str
    content_id: str | None
    basis: LegalBasis
    capture: Capture
    sent: Decided
    history: tuple[StatusChange, ...]

    @property
    def status(self) -> ReferralStatus:
        return self.history[-1].status

    @property
    def first_answer_at(self) -> datetime | None:
        """When the platform first answered (an acknowledgement or an outcome)."""
        return next((c.at for c in self.history
                     if c.status not in (ReferralStatus.SENT, ReferralStatus.NO_RESPONSE)),
                    None)

    @property
    def response_time(self) -> timedelta | None:
        answered = self.first_answer_at
        return answered - self.sent.at if answered else None


def refer_content(*, platform: str, content_url: str, content_id: str | None,
                  capture: Capture | None, offence_code: str | None, terms_clause: str | None,
                  conduct_date: date, by: str, at: datetime,
                  rules: CaseworkRules) -> PlatformReferral:
    """A referral ready to send, or RuleViolation; above all, no capture, no referral."""
    errors = capture_problems(capture, ("input", "capture"))
    if capture is not None and not errors:
        if utc(capture.captured_at) > utc(at):
            errors.append(UserError(("input", "capture", "capturedAt"), "the content must be "
                                    "captured before it is referred", "CAPTURE_AFTER_REFERRAL"))
        if not same_content(capture.content_url, content_url):
            errors.append(UserError(("input", "capture", "contentUrl"), "the capture is of "
                                    "other content than the referral", "CAPTURE_OF_OTHER_CONTENT"))
    if not platform.strip():
        errors.append(UserError(("input", "platform"), "is required", "REQUIRED"))
    clause = (terms_clause or "").strip() or None
    offence: Offence | None = None
    if offence_code:
        found, problems = offence_problems([offence_code], conduct_date, ("input",))
        errors.extend(replace(p, field=("input", "offenceCode")) for p in problems)
        offence = found[0] if found else None
    elif clause is None:
        errors.append(UserError(("input", "offenceCode"), "cite an offence or a terms-of-service "
                                "clause", "LEGAL_BASIS_REQUIRED"))
    if errors:
        raise RuleViolation(errors)
    assert capture is not None
    basis = LegalBasis(offence, clause)
    sent = decided(by, at, f"Referred for action under {basis.describe()}.", rules)
    return PlatformReferral(platform.strip(), content_url.strip(), content_id, basis, capture,
                            sent, (StatusChange(ReferralStatus.SENT, sent.at, sent.by),))


def record_status(referral: PlatformReferral, status: ReferralStatus, *, at: datetime,
                  by: str, note: str = "") -> PlatformReferral:
    """The platform's answer (or the hub marking silence), in an allowed order."""
    if status not in _NEXT[referral.status]:
        raise RuleViolation.one(("input", "status"), f"a {referral.status.value} referral "
                                f"cannot become {status.value}", "FORBIDDEN_TRANSITION")
    if utc(at) < referral.history[-1].at:
        raise RuleViolation.one(("input", "at"), "a status cannot predate the previous one",
                                "INVALID_DATETIME")
    return replace(referral, history=(*referral.history,
                                      StatusChange(status, utc(at), by, note.strip())))


def no_response_due(referral: PlatformReferral, rules: CaseworkRules) -> datetime:
    return referral.sent.at + timedelta(days=rules.platform_referrals.no_response_after_days)


def overdue_referrals(referrals: Iterable[PlatformReferral], now: datetime,
                      rules: CaseworkRules) -> list[PlatformReferral]:
    """Referrals still open past the configured wait: to be marked NO_RESPONSE and chased."""
    late = [r for r in referrals
            if r.status in _OPEN and no_response_due(r, rules) <= utc(now)]
    return sorted(late, key=lambda r: (r.sent.at, r.content_url))


@dataclass(frozen=True, slots=True)
class RefusalRate:
    """Per platform: `refusal_rate` is declined over answered with an outcome (None: none yet);
    silence is counted apart, since it is not a decision."""

    platform: str
    referred: int
    removed: int
    restricted: int
    declined: int
    no_response: int
    open: int

    @property
    def refusal_rate(self) -> float | None:
        decided_count = self.removed + self.restricted + self.declined
        return self.declined / decided_count if decided_count else None


def refusal_rates(referrals: Iterable[PlatformReferral]) -> list[RefusalRate]:
    counts: dict[str, dict[ReferralStatus, int]] = defaultdict(lambda: defaultdict(int))
    for referral in referrals:
        counts[referral.platform][referral.status] += 1
    return [RefusalRate(platform, sum(by.values()), by[ReferralStatus.REMOVED],
                        by[ReferralStatus.RESTRICTED], by[ReferralStatus.DECLINED],
                        by[ReferralStatus.NO_RESPONSE],
                        by[ReferralStatus.SENT] + by[ReferralStatus.ACKNOWLEDGED])
            for platform, by in sorted(counts.items())]


@dataclass(frozen=True, slots=True)
class PreservationRequest:
    """A request that the platform hold data (`target`: account or content) for the period;
    `renewed` lists each renewal, the last of which set the current expiry."""

    platform: str
    target: str
    requested: Decided
    expires_at: datetime
    remind_at: datetime
    platform_reference: str | None = None
    renewed: tuple[Decided, ...] = ()


def _period(start: datetime, rules: CaseworkRules) -> tuple[datetime, datetime]:
    settings = rules.preservation
    expires = start + timedelta(days=settings.period_days)
    return expires, expires - timedelta(days=settings.reminder_days_before_expiry)


def request_preservation(*, platform: str, target: str, by: str, at: datetime,
                         reason: str | None, rules: CaseworkRules,
                         platform_reference: str | None = None) -> PreservationRequest:
    requested = decided(by, at, reason, rules)
    expires, remind = _period(requested.at, rules)
    return PreservationRequest(platform, target, requested, expires, remind,
                               platform_reference)


def renew_preservation(request: PreservationRequest, *, by: str, at: datetime,
                       reason: str | None, rules: CaseworkRules) -> PreservationRequest:
    """A renewal runs a fresh period from its own date; a lapsed request cannot be renewed."""
    renewed = decided(by, at, reason, rules)
    if renewed.at >= request.expires_at:
        raise RuleViolation.one(("input",), "the preservation has lapsed: send a new request",
                                "PRESERVATION_LAPSED")
    expires, remind = _period(renewed.at, rules)
    return replace(request, expires_at=expires, remind_at=remind,
                   renewed=(*request.renewed, renewed))


def preservation_reminders(requests: Iterable[PreservationRequest],
                           now: datetime) -> list[PreservationRequest]:
    """Requests inside their reminder window and not yet lapsed, soonest expiry first."""
    at = utc(now)
    return sorted((r for r in requests if r.remind_at <= at < r.expires_at),
                  key=lambda r: (r.expires_at, r.platform, r.target))
