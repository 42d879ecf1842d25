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
from typing import Any

from casework.access import Permission, Principal
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
from graph.content import Planned
from graph.driver import Graph
from linking.urls import canonical_content
from seeds.reference.platforms import platform_by_id

# A stated time a little ahead of the server's clock is a client clock running fast, not a
# claim about the future.
_CLOCK_SKEW = timedelta(minutes=5)
_NOT_FOUND = "NOT_FOUND"


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


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


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


def _audit(principal: Principal, action: str, at: datetime, targets: Iterable[str],
           justification: str, recipient: str | None = None) -> dict[str, Any]:
    event = {"id": str(uuid.uuid4()), "at": at, "actor": principal.subject,
             "role": principal.role.value, "force": principal.force, "action": action,
             "targets": list(targets), "justification": justification}
    return {**event, "recipient": recipient} if recipient else event


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


async def _amended(change: Awaitable[dict[str, Any] | None], field: tuple[str, ...],
                   what: str) -> dict[str, Any]:
    """The changed record, or why not: missing (or out of scope), or changed meanwhile."""
    try:
        stored = await change
    except content_graph.ChangedMeanwhile:
        raise RuleViolation.one(field, f"the {what} changed meanwhile: read it again",
                                "CHANGED_MEANWHILE") from None
    if stored is None:
        raise RuleViolation.one(field, f"no such {what}", _NOT_FOUND)
    return stored


def capture_from_row(row: dict[str, Any]) -> Capture:
    """A stored Capture node as the pure rules read it."""
    posted = row.get("postedAt")
    return Capture(content_url=row["url"], captured_at=_native(row["capturedAt"]),
                   captured_by=row["by"], text=row.get("text"), file_name=row.get("fileName"),
                   file_sha256=row.get("fileSha256"), platform=row.get("platform"),
                   sha256=row.get("sha256"), content_id=row.get("contentId"),
                   posted_at=_native(posted) if posted else None)


def _referral(row: dict[str, Any]) -> PlatformReferral:
    stored = row["referral"]
    code = stored.get("offenceCode")
    history = tuple(StatusChange(ReferralStatus(s["status"]), _native(s["at"]), s["by"],
                                 s.get("note") or "") for s in row["history"])
    return PlatformReferral(
        stored["platform"], stored["contentUrl"], stored.get("contentId"),
        LegalBasis(offence_by_code(code) if code else None, stored.get("termsClause")),
        capture_from_row(row["capture"]),
        Decided(stored["by"], _native(stored["sentAt"]), stored["reason"]), history)


def _preservation(row: dict[str, Any]) -> PreservationRequest:
    stored = row["request"]
    return PreservationRequest(
        stored["platform"], stored["target"],
        Decided(stored["by"], _native(stored["requestedAt"]), stored["reason"]),
        _native(stored["expiresAt"]), _native(stored["remindAt"]),
        stored.get("platformReference"),
        tuple(Decided(n["by"], _native(n["at"]), n["reason"]) for n in row["renewals"]))


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
                          posted_at: datetime | None = None) -> dict[str, Any]:
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
    capture_id = str(uuid.uuid4())
    record = {"id": capture_id, "url": capture.content_url, "text": capture.text,
              "capturedAt": capture.captured_at, "postedAt": capture.posted_at,
              "by": capture.captured_by, "at": now,
              "sha256": content_sha256(capture.content_url, capture.text),
              "fileSha256": capture.file_sha256, "fileName": capture.file_name,
              "platform": capture.platform, "contentId": capture.content_id}
    audit = _audit(principal, "COLLECTION", now, [reference, capture_id],
                   f"content at {capture.content_url} captured as evidence "
                   f"(SHA-256 {record['sha256']})")
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


async def refer_to_platform(graph: Graph, principal: Principal, reference: str, *,
                            capture_id: str, platform_id: str, offence_code: str | None,
                            schedule7_priority: bool | None, terms_clause: str | None,
                            sent_at: datetime | None = None,
                            rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Refer one of the case's captures to its platform; refused unless captured first.
    Returns the stored referral row (referral, capture, history, caseReference)."""
    scope = _decider(principal)
    rules = rules or current_rules()
    now = datetime.now(UTC)
    sent = _stated(sent_at, now, ("input", "sentAt"))
    platform = _platform(platform_id)

    def plan(row: dict[str, Any] | None) -> tuple[Planned, dict[str, Any]]:
        capture = capture_from_row(row) if row else None
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
        basis = referral.basis
        referral_id = str(uuid.uuid4())
        record = {"id": referral_id, "platform": referral.platform,
                  "contentUrl": referral.content_url, "contentId": referral.content_id,
                  "status": referral.status.value, "statusAt": referral.sent.at,
                  "sentAt": referral.sent.at, "by": referral.sent.by,
                  "reason": referral.sent.reason, "legalBasis": basis.describe(),
                  "offenceCode": basis.offence.code if basis.offence else None,
                  "offenceProvision": basis.offence.provision if basis.offence else None,
                  "schedule7Priority": basis.schedule7_priority,
                  "termsClause": basis.terms_clause,
                  "noResponseDue": referral_rules.no_response_due(referral, rules),
                  "recordedAt": now, "rulesVersion": rules.version}
        status = {"id": str(uuid.uuid4()), "status": referral.status.value,
                  "at": referral.sent.at, "by": referral.sent.by, "note": "",
                  "recordedAt": now}
        audit = _audit(principal, "DISCLOSURE", now, [reference, referral_id, capture_id],
                       referral.sent.reason, recipient=platform)
        return Planned(record, audit), status

    stored = await content_graph.refer_capture(graph, reference, scope, capture_id, plan)
    if stored is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", _NOT_FOUND)
    return stored


async def record_platform_response(graph: Graph, principal: Principal, referral_id: str,
                                   status: ReferralStatus, at: datetime, note: str | None = None,
                                   rules: CaseworkRules | None = None) -> dict[str, Any]:
    """The platform's answer, or the hub marking its silence once the wait has run out.
    Returns the referral as it now stands."""
    scope = _decider(principal)
    rules = rules or current_rules()
    now = datetime.now(UTC)
    when = _stated(at, now, ("input", "at"))

    def plan(row: dict[str, Any]) -> Planned:
        referral = _referral(row)
        due = referral_rules.no_response_due(referral, rules)
        if status is ReferralStatus.NO_RESPONSE and when < due:
            raise RuleViolation.one(("input", "status"), "the platform has until "
                                    f"{due.isoformat()} to answer", "NOT_YET_DUE")
        changed = referral_rules.record_status(referral, status, at=when, by=principal.subject,
                                               note=note or "")
        last = changed.history[-1]
        record = {"id": str(uuid.uuid4()), "status": last.status.value, "at": last.at,
                  "by": last.by, "note": last.note, "recordedAt": now}
        why = f"platform referral {referral.status.value} → {last.status.value}"
        audit = _audit(principal, "ALTERATION", now, [row["caseReference"], referral_id],
                       f"{why}: {last.note}" if last.note else why)
        return Planned(record, audit)

    return await _amended(content_graph.record_referral_status(graph, referral_id, scope, plan),
                          ("input", "referralId"), "referral")


async def request_preservation(graph: Graph, principal: Principal, reference: str, *,
                               platform_id: str, target_kind: PreservationTarget, target: str,
                               reason: str | None, requested_at: datetime | None = None,
                               platform_reference: str | None = None,
                               rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Record a request that the platform hold an account's or content's data for the period.
    Returns the stored request row (request, renewals, caseReference)."""
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
    request_id = str(uuid.uuid4())
    record = {"id": request_id, "platform": request.platform,
              "targetKind": target_kind.value, "target": request.target,
              "requestedAt": request.requested.at, "by": request.requested.by,
              "reason": request.requested.reason, "expiresAt": request.expires_at,
              "remindAt": request.remind_at, "platformReference": request.platform_reference,
              "recordedAt": now, "rulesVersion": rules.version}
    audit = _audit(principal, "DISCLOSURE", now, [reference, request_id],
                   f"preservation requested: {request.requested.reason}", recipient=platform)
    stored = await content_graph.create_preservation(graph, reference, scope,
                                                     Planned(record, audit))
    if stored is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", _NOT_FOUND)
    return stored


async def renew_preservation(graph: Graph, principal: Principal, request_id: str,
                             reason: str | None, at: datetime | None = None,
                             rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Renew before it lapses: a fresh period from the renewal. Returns the request as it now
    stands."""
    scope = _decider(principal)
    rules = rules or current_rules()
    now = datetime.now(UTC)
    when = _stated(at, now, ("input", "at"))

    def plan(row: dict[str, Any]) -> Planned:
        request = _preservation(row)
        latest = (request.renewed[-1] if request.renewed else request.requested).at
        if when < latest:
            raise RuleViolation.one(("input", "at"), "a renewal cannot predate the request or "
                                    "its last renewal", "INVALID_DATETIME")
        renewed = referral_rules.renew_preservation(request, by=principal.subject, at=when,
                                                    reason=reason, rules=rules)
        last = renewed.renewed[-1]
        record = {"id": str(uuid.uuid4()), "at": last.at, "by": last.by,
                  "reason": last.reason, "expiresAt": renewed.expires_at,
                  "remindAt": renewed.remind_at, "recordedAt": now}
        audit = _audit(principal, "DISCLOSURE", now, [row["caseReference"], request_id],
                       f"preservation renewed: {last.reason}", recipient=request.platform)
        return Planned(record, audit)

    return await _amended(content_graph.renew_preservation(graph, request_id, scope, plan),
                          ("input", "requestId"), "preservation request")


async def case_captures(graph: Graph, principal: Principal,
                        reference: str) -> list[dict[str, Any]] | None:
    """The case's captures, earliest first; None when missing or outside scope."""
    return await content_graph.captures(graph, reference, principal.case_scope())


async def case_referrals(graph: Graph, principal: Principal,
                         reference: str) -> list[dict[str, Any]] | None:
    """The case's platform referrals, oldest first; None when missing or outside scope."""
    scope = principal.case_scope()
    if not await content_graph.case_visible(graph, reference, scope):
        return None
    return await content_graph.referrals(graph, scope, reference=reference)


async def case_preservations(graph: Graph, principal: Principal,
                             reference: str) -> list[dict[str, Any]] | None:
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
                                     ) -> list[dict[str, Any]]:
    """Referrals still unanswered past the configured wait, longest waiting first, among the
    cases the caller may read."""
    rules = rules or current_rules()
    rows = await content_graph.referrals(graph, principal.case_scope(), platform=platform_id)
    pairs = [(row, _referral(row)) for row in rows]
    row_of = {id(referral): row for row, referral in pairs}
    late = referral_rules.overdue_referrals([referral for _, referral in pairs],
                                            now or datetime.now(UTC), rules)
    return [row_of[id(referral)] for referral in late]


async def platform_refusal_rates(graph: Graph, principal: Principal) -> list[RefusalRate]:
    """Per platform, over the referrals of the cases the caller may read only."""
    rows = await content_graph.referrals(graph, principal.case_scope())
    return referral_rules.refusal_rates(_referral(row) for row in rows)


async def preservation_reminders(graph: Graph, principal: Principal,
                                 within_days: int | None = None,
                                 now: datetime | None = None) -> list[dict[str, Any]]:
    """Requests about to lapse, soonest first: inside the configured reminder window, or
    expiring within `within_days` when given."""
    if within_days is not None and within_days < 0:
        raise RuleViolation.one(("withinDays",), "cannot be negative", "INVALID_NUMBER")
    rows = await content_graph.preservations(graph, principal.case_scope())
    pairs = [(row, _preservation(row)) for row in rows]
    if within_days is not None:
        pairs = [(row, replace(request, remind_at=request.expires_at
                               - timedelta(days=within_days))) for row, request in pairs]
    row_of = {id(request): row for row, request in pairs}
    due = referral_rules.preservation_reminders([request for _, request in pairs],
                                                now or datetime.now(UTC))
    return [row_of[id(request)] for request in due]
