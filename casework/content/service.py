"""Capturing content, referring it to its platform, and asking the platform to preserve data.

Orchestration like `casework.workflow.service`: the caller must decide casework, a case is read only
in the caller's scope (outside it, exactly like a case that does not exist), the pure rules of
`casework.content.captures` and `casework.content.platform_referral` decide, and `graph.content`
writes the record and its audit event in one transaction. Times the officer states (when the content
was captured, when the referral was sent) are taken as given, since the work often happens outside
the hub first; they must carry a zone and cannot lie in the future.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from casework.access import Permission, Principal
from casework.audit import AuditAction, audit_entry
from casework.config import CaseworkRules, current_rules
from casework.content import platform_referral as referral_rules
from casework.content.captures import Capture, check_capture, sha256_hex
from casework.content.platform_referral import (
    LegalBasis,
    PlatformReferral,
    PreservationRequest,
    ReferralStatus,
    RefusalRate,
    StatusChange,
)
from casework.decided import Decided, utc
from casework.errors import RuleViolation, UserError
from casework.offences import offence_by_code
from graph import content as content_graph
from graph.audit import Planned
from graph.driver import Graph
from linking.urls import canonical_content
from seeds.reference.platforms import platform_by_id

# A stated time a little ahead of the server's clock is a client clock running fast, not a
# claim about the future.
_CLOCK_SKEW = timedelta(minutes=5)
_NOT_FOUND = "NOT_FOUND"
Stored = TypeVar("Stored")


class PreservationTarget(StrEnum):
    """What a preservation request asks the platform to hold."""

    ACCOUNT = "ACCOUNT"
    CONTENT = "CONTENT"


def content_sha256(url: str, text: str | None) -> str:
    """What lets anyone check the stored text and address were not changed: the SHA-256 of
    the UTF-8 JSON `{"text": ..., "url": ...}`, keys sorted, no spaces, non-ASCII kept."""
    canonical = json.dumps({"text": text, "url": url}, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)
    return sha256_hex(canonical.encode("utf-8"))


def _stated(at: datetime | None, now: datetime, field: tuple[str, ...]) -> datetime:
    if at is None:
        return now
    if at.tzinfo is None or at.utcoffset() is None:
        raise RuleViolation.one(field, "must include a UTC offset", "INVALID_DATETIME")
    if at > now + _CLOCK_SKEW:
        raise RuleViolation.one(field, "cannot be in the future", "INVALID_DATETIME")
    return utc(at)


def _platform(platform_id: str) -> str:
    if platform_by_id(platform_id) is None:
        raise RuleViolation.one(("input", "platformId"), f"{platform_id!r} is not a platform "
                                "the hub knows", "UNKNOWN_PLATFORM")
    return platform_id


def _moved(errors: Iterable[UserError],
           paths: dict[tuple[str, ...], tuple[str, ...]]) -> list[UserError]:
    """The pure rule's errors pointed at this API's input fields (a matched prefix is replaced
    whole: the rule's sub-fields of a capture are the one `captureId` here)."""
    moved = []
    for error in errors:
        target = next((new for old, new in paths.items() if error.field[:len(old)] == old),
                      error.field)
        moved.append(replace(error, field=target))
    return moved


def _decider(principal: Principal) -> str | None:
    """Permission first, before anything is read, so a refusal cannot depend on what exists."""
    principal.require(Permission.DECIDE_CASEWORK)
    return principal.case_scope()


async def _amended(change: Awaitable[Stored | None], field: tuple[str, ...],
                   what: str) -> Stored:
    """The changed record, or why not: missing (or out of scope), or changed meanwhile."""
    try:
        stored = await change
    except content_graph.ChangedMeanwhile:
        raise RuleViolation.one(field, f"the {what} changed meanwhile: read it again",
                                "CHANGED_MEANWHILE") from None
    if stored is None:
        raise RuleViolation.one(field, f"no such {what}", _NOT_FOUND)
    return stored


def capture_from_record(stored: content_graph.Capture) -> Capture:
    """A stored capture as the pure rules read it."""
    return Capture(content_url=stored.url, captured_at=stored.captured_at, captured_by=stored.by,
                   text=stored.text, file_name=stored.file_name,
                   file_sha256=stored.file_sha256, platform=stored.platform,
                   sha256=stored.sha256, content_id=stored.content_id,
                   posted_at=stored.posted_at)


def _referral(stored: content_graph.PlatformReferral) -> PlatformReferral:
    """A stored referral as the pure rules read it."""
    code = stored.offence_code
    return PlatformReferral(
        stored.platform, stored.content_url, stored.content_id,
        LegalBasis(offence_by_code(code) if code else None, stored.terms_clause),
        capture_from_record(stored.capture), Decided(stored.by, stored.sent_at, stored.reason),
        tuple(StatusChange(ReferralStatus(change.status), change.at, change.by, change.note)
              for change in stored.history))


def _preservation(stored: content_graph.PreservationRequest) -> PreservationRequest:
    """A stored preservation request as the pure rules read it."""
    return PreservationRequest(
        stored.platform, stored.target, Decided(stored.by, stored.requested_at, stored.reason),
        stored.expires_at, stored.remind_at, stored.platform_reference,
        tuple(Decided(renewal.by, renewal.at, renewal.reason) for renewal in stored.renewals))


def _file_sha256(stated: str | None, data: bytes | None) -> str | None:
    """The file's hash as the hub computed it when the file came with the capture."""
    if data is None:
        return stated
    computed = sha256_hex(data)
    if stated is not None and stated != computed:
        raise RuleViolation.one(("input", "fileSha256"), "does not match the file sent",
                                "HASH_MISMATCH")
    return computed


async def capture_content(graph: Graph, principal: Principal, reference: str, *, url: str,
                          text: str | None, captured_at: datetime,
                          file_sha256: str | None = None, file_bytes: bytes | None = None,
                          file_name: str | None = None,
                          posted_at: datetime | None = None) -> content_graph.Capture:
    """Store what the content was when captured; the stored capture is never changed."""
    scope = _decider(principal)
    now = datetime.now(UTC)
    captured = _stated(captured_at, now, ("input", "capturedAt"))
    posted = _stated(posted_at, now, ("input", "postedAt")) if posted_at else None
    key = canonical_content(url)
    if key is not None and platform_by_id(key.platform) is None:
        key = None  # an ordinary web page: no platform of the hub's to check referrals against
    try:
        capture = check_capture(Capture(
            content_url=url.strip(), captured_at=captured, captured_by=principal.subject,
            text=text if text and text.strip() else None, file_name=file_name,
            file_sha256=_file_sha256(file_sha256, file_bytes),
            platform=key.platform if key else None,
            content_id=key.id if key and key.resolved else None, posted_at=posted), ("input",))
    except RuleViolation as violation:
        raise RuleViolation(_moved(violation.errors,
                                   {("input", "contentUrl"): ("input", "url")})) from None
    record = content_graph.Capture(
        id=str(uuid.uuid4()), url=capture.content_url, captured_at=capture.captured_at,
        by=capture.captured_by, at=now, sha256=content_sha256(capture.content_url, capture.text),
        text=capture.text, posted_at=capture.posted_at, file_sha256=capture.file_sha256,
        file_name=capture.file_name, platform=capture.platform, content_id=capture.content_id)
    audit = audit_entry(principal, AuditAction.COLLECTION, now, targets=[reference, record.id],
                        justification=f"content at {capture.content_url} captured as evidence "
                                      f"(SHA-256 {record.sha256})")
    if not await content_graph.create_capture(graph, reference, scope, Planned(record, audit)):
        raise RuleViolation.one(("input", "caseId"), "no such case", _NOT_FOUND)
    return record


def _basis_problems(offence_code: str | None, schedule7_priority: bool | None) -> list[UserError]:
    """Whether an offence is a Schedule 7 priority offence is the table's to say; a caller who
    states it must agree with the table."""
    field = ("input", "legalBasis", "schedule7Priority")
    offence = offence_by_code(offence_code) if offence_code else None
    if schedule7_priority and not offence_code:
        return [UserError(field, "name the priority offence", "SCHEDULE7_MISMATCH")]
    if offence is not None and schedule7_priority is not None \
            and schedule7_priority != offence.schedule7_priority:
        says = "is" if offence.schedule7_priority else "is not"
        return [UserError(field, f"{offence.code} {says} a Schedule 7 priority offence",
                          "SCHEDULE7_MISMATCH")]
    return []


def _platform_problems(capture: Capture | None, platform: str) -> list[UserError]:
    if capture is None or capture.platform is None or capture.platform == platform:
        return []
    return [UserError(("input", "platformId"), f"the captured content is on {capture.platform}",
                      "CAPTURE_OF_OTHER_PLATFORM")]


_REFERRAL_FIELDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("input", "capture"): ("input", "captureId"),
    ("input", "offenceCode"): ("input", "legalBasis", "offenceCode"),
    ("input", "platform"): ("input", "platformId")}


def _new_referral(referral: PlatformReferral, reference: str, capture: content_graph.Capture,
                  now: datetime, rules: CaseworkRules) -> content_graph.PlatformReferral:
    """A referral the rules allowed, as stored on the case with its first status."""
    basis, sent = referral.basis, referral.sent
    first = content_graph.StatusChange(id=str(uuid.uuid4()), status=referral.status.value,
                                       at=sent.at, by=sent.by, recorded_at=now)
    return content_graph.PlatformReferral(
        id=str(uuid.uuid4()), case_reference=reference, platform=referral.platform,
        content_url=referral.content_url, status=first.status, status_at=first.at,
        sent_at=sent.at, by=sent.by, reason=sent.reason, legal_basis=basis.describe(),
        schedule7_priority=basis.schedule7_priority,
        no_response_due=referral_rules.no_response_due(referral, rules), recorded_at=now,
        rules_version=rules.version, capture=capture, history=(first,),
        content_id=referral.content_id,
        offence_code=basis.offence.code if basis.offence else None,
        offence_provision=basis.offence.provision if basis.offence else None,
        terms_clause=basis.terms_clause)


async def refer_to_platform(graph: Graph, principal: Principal, reference: str, *,
                            capture_id: str, platform_id: str, offence_code: str | None,
                            schedule7_priority: bool | None, terms_clause: str | None,
                            sent_at: datetime | None = None,
                            rules: CaseworkRules | None = None) -> content_graph.PlatformReferral:
    """Refer one of the case's captures to its platform; refused unless captured first.
    Returns the referral as stored, with its capture and first status."""
    scope = _decider(principal)
    rules = rules or current_rules()
    now = datetime.now(UTC)
    sent = _stated(sent_at, now, ("input", "sentAt"))
    platform = _platform(platform_id)

    def plan(stored: content_graph.Capture | None
             ) -> Planned[content_graph.PlatformReferral]:
        capture = capture_from_record(stored) if stored else None
        extra = _basis_problems(offence_code, schedule7_priority) + \
            _platform_problems(capture, platform)
        conduct: date = (capture.posted_at or capture.captured_at).date() if capture \
            else sent.date()
        try:
            referral = referral_rules.refer_content(
                platform=platform, content_url=capture.content_url if capture else "",
                content_id=capture.content_id if capture else None, capture=capture,
                offence_code=offence_code, terms_clause=terms_clause, conduct_date=conduct,
                by=principal.subject, at=sent, rules=rules)
        except RuleViolation as violation:
            raise RuleViolation(_moved(violation.errors, _REFERRAL_FIELDS) + extra) from None
        if extra:
            raise RuleViolation(extra)
        assert stored is not None  # refer_content refuses a referral without a capture
        record = _new_referral(referral, reference, stored, now, rules)
        return Planned(record, audit_entry(
            principal, AuditAction.DISCLOSURE, now, targets=[reference, record.id, capture_id],
            justification=referral.sent.reason, recipient=platform))

    stored = await content_graph.refer_capture(graph, reference, scope, capture_id, plan)
    if stored is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", _NOT_FOUND)
    return stored


async def record_platform_response(graph: Graph, principal: Principal, referral_id: str,
                                   status: ReferralStatus, at: datetime, note: str | None = None,
                                   rules: CaseworkRules | None = None
                                   ) -> content_graph.PlatformReferral:
    """The platform's answer, or the hub marking its silence once the wait has run out.
    Returns the referral as it now stands."""
    scope = _decider(principal)
    rules = rules or current_rules()
    now = datetime.now(UTC)
    when = _stated(at, now, ("input", "at"))

    def plan(stored: content_graph.PlatformReferral) -> Planned[content_graph.StatusChange]:
        referral = _referral(stored)
        due = referral_rules.no_response_due(referral, rules)
        if status is ReferralStatus.NO_RESPONSE and when < due:
            raise RuleViolation.one(("input", "status"), "the platform has until "
                                    f"{due.isoformat()} to answer", "NOT_YET_DUE")
        changed = referral_rules.record_status(referral, status, at=when, by=principal.subject,
                                               note=note or "")
        last = changed.history[-1]
        record = content_graph.StatusChange(id=str(uuid.uuid4()), status=last.status.value,
                                            at=last.at, by=last.by, recorded_at=now,
                                            note=last.note)
        why = f"platform referral {referral.status.value} → {last.status.value}"
        return Planned(record, audit_entry(
            principal, AuditAction.ALTERATION, now,
            targets=[stored.case_reference, referral_id],
            justification=f"{why}: {last.note}" if last.note else why))

    return await _amended(content_graph.record_referral_status(graph, referral_id, scope, plan),
                          ("input", "referralId"), "referral")


async def request_preservation(graph: Graph, principal: Principal, reference: str, *,
                               platform_id: str, target_kind: PreservationTarget, target: str,
                               reason: str | None, requested_at: datetime | None = None,
                               platform_reference: str | None = None,
                               rules: CaseworkRules | None = None
                               ) -> content_graph.PreservationRequest:
    """Record a request that the platform hold an account's or content's data for the period.
    Returns the request as stored."""
    scope = _decider(principal)
    rules = rules or current_rules()
    now = datetime.now(UTC)
    requested = _stated(requested_at, now, ("input", "requestedAt"))
    platform = _platform(platform_id)
    if not target.strip():
        raise RuleViolation.one(("input", "target"), "is required", "REQUIRED")
    request = referral_rules.request_preservation(
        platform=platform, target=target.strip(), by=principal.subject, at=requested,
        reason=reason, rules=rules, platform_reference=(platform_reference or "").strip() or None)
    asked = request.requested
    record = content_graph.PreservationRequest(
        id=str(uuid.uuid4()), case_reference=reference, platform=request.platform,
        target_kind=target_kind.value, target=request.target, requested_at=asked.at,
        by=asked.by, reason=asked.reason, expires_at=request.expires_at,
        remind_at=request.remind_at, recorded_at=now, rules_version=rules.version,
        platform_reference=request.platform_reference)
    audit = audit_entry(principal, AuditAction.DISCLOSURE, now, targets=[reference, record.id],
                        justification=f"preservation requested: {asked.reason}",
                        recipient=platform)
    stored = await content_graph.create_preservation(graph, reference, scope,
                                                     Planned(record, audit))
    if stored is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", _NOT_FOUND)
    return stored


async def renew_preservation(graph: Graph, principal: Principal, request_id: str,
                             reason: str | None, at: datetime | None = None,
                             rules: CaseworkRules | None = None
                             ) -> content_graph.PreservationRequest:
    """Renew before it lapses: a fresh period from the renewal. Returns the request as it now
    stands."""
    scope = _decider(principal)
    rules = rules or current_rules()
    now = datetime.now(UTC)
    when = _stated(at, now, ("input", "at"))

    def plan(stored: content_graph.PreservationRequest
             ) -> Planned[content_graph.PreservationRenewal]:
        request = _preservation(stored)
        latest = (request.renewed[-1] if request.renewed else request.requested).at
        if when < latest:
            raise RuleViolation.one(("input", "at"), "a renewal cannot predate the request or "
                                    "its last renewal", "INVALID_DATETIME")
        renewed = referral_rules.renew_preservation(request, by=principal.subject, at=when,
                                                    reason=reason, rules=rules)
        last = renewed.renewed[-1]
        record = content_graph.PreservationRenewal(
            id=str(uuid.uuid4()), at=last.at, by=last.by, reason=last.reason,
            expires_at=renewed.expires_at, remind_at=renewed.remind_at, recorded_at=now)
        return Planned(record, audit_entry(
            principal, AuditAction.DISCLOSURE, now, targets=[stored.case_reference, request_id],
            justification=f"preservation renewed: {last.reason}", recipient=request.platform))

    return await _amended(content_graph.renew_preservation(graph, request_id, scope, plan),
                          ("input", "requestId"), "preservation request")


async def case_captures(graph: Graph, principal: Principal,
                        reference: str) -> list[content_graph.Capture] | None:
    """The case's captures, earliest first; None when missing or outside scope."""
    return await content_graph.captures(graph, reference, principal.case_scope())


async def case_referrals(graph: Graph, principal: Principal,
                         reference: str) -> list[content_graph.PlatformReferral] | None:
    """The case's platform referrals, oldest first; None when missing or outside scope."""
    scope = principal.case_scope()
    if not await content_graph.case_visible(graph, reference, scope):
        return None
    return await content_graph.referrals(graph, scope, reference=reference)


async def case_preservations(graph: Graph, principal: Principal,
                             reference: str
                             ) -> list[content_graph.PreservationRequest] | None:
    """The case's preservation requests, soonest expiry first; None when missing or outside
    scope."""
    scope = principal.case_scope()
    if not await content_graph.case_visible(graph, reference, scope):
        return None
    return await content_graph.preservations(graph, scope, reference=reference)


async def overdue_platform_referrals(graph: Graph, principal: Principal,
                                     platform_id: str | None = None,
                                     now: datetime | None = None,
                                     rules: CaseworkRules | None = None
                                     ) -> list[content_graph.PlatformReferral]:
    """Referrals still unanswered past the configured wait, longest waiting first, among the
    cases the caller may read."""
    rules = rules or current_rules()
    stored = await content_graph.referrals(graph, principal.case_scope(), platform=platform_id)
    pairs = [(record, _referral(record)) for record in stored]
    stored_as = {id(referral): record for record, referral in pairs}
    late = referral_rules.overdue_referrals([referral for _, referral in pairs],
                                            now or datetime.now(UTC), rules)
    return [stored_as[id(referral)] for referral in late]


async def platform_refusal_rates(graph: Graph, principal: Principal) -> list[RefusalRate]:
    """Per platform, over the referrals of the cases the caller may read only."""
    stored = await content_graph.referrals(graph, principal.case_scope())
    return referral_rules.refusal_rates(_referral(record) for record in stored)


async def preservation_reminders(graph: Graph, principal: Principal,
                                 within_days: int | None = None,
                                 now: datetime | None = None
                                 ) -> list[content_graph.PreservationRequest]:
    """Requests about to lapse, soonest first: inside the configured reminder window, or
    expiring within `within_days` when given."""
    if within_days is not None and within_days < 0:
        raise RuleViolation.one(("withinDays",), "cannot be negative", "INVALID_NUMBER")
    stored = await content_graph.preservations(graph, principal.case_scope())
    pairs = [(record, _preservation(record)) for record in stored]
    if within_days is not None:
        pairs = [(record, replace(request, remind_at=request.expires_at
                                  - timedelta(days=within_days))) for record, request in pairs]
    stored_as = {id(request): record for record, request in pairs}
    due = referral_rules.preservation_reminders([request for _, request in pairs],
                                                now or datetime.now(UTC))
    return [stored_as[id(request)] for request in due]
