"""Content captured as evidence, its referral to the platform, and preservation requests."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

import strawberry

from casework import content
from casework.content import PreservationTarget
from casework.errors import RuleViolation
from casework.platform_referrals import ReferralStatus, RefusalRate
from resolvers.context import Info
from resolvers.errors import UserError, user_errors
from resolvers.ids import case_reference
from resolvers.reads import consulted, rows_of_case

strawberry.enum(ReferralStatus, name="PlatformReferralStatus",
                description="Where a referral to a platform stands: SENT, then the platform's "
                            "answer, or NO_RESPONSE once the wait has run out.")
strawberry.enum(PreservationTarget, name="PreservationTargetKind",
                description="What a preservation request asks the platform to hold.")


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _optional_time(value: Any) -> datetime | None:
    return _native(value) if value is not None else None


@strawberry.type(description="Online content as it stood when captured: evidence, never "
                             "changed once stored.")
class Capture:
    id: strawberry.ID = strawberry.field(description="The capture's id.")
    url: str = strawberry.field(description="Where the content was.")
    text: str | None = strawberry.field(description="The text as posted, when captured.")
    captured_at: datetime = strawberry.field(description="When it was captured (UTC).")
    posted_at: datetime | None = strawberry.field(description="When it was posted, if known.")
    by: str = strawberry.field(description="Who recorded the capture.")
    at: datetime = strawberry.field(description="When the hub stored it (UTC).")
    sha256: str = strawberry.field(
        description="SHA-256 of the UTF-8 JSON {\"text\": text, \"url\": url}, keys sorted, "
                    "no spaces: lets anyone check the text and address are as captured.")
    file_sha256: str | None = strawberry.field(
        description="SHA-256 of the captured file (screenshot, video), when there is one.")
    file_name: str | None = strawberry.field(description="The captured file's name.")
    platform_id: str | None = strawberry.field(
        description="The platform the address belongs to, when recognised.")
    content_id: str | None = strawberry.field(
        description="The platform's own id for the content, when the address names one.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Capture:
        return cls(id=strawberry.ID(row["id"]), url=row["url"], text=row.get("text"),
                   captured_at=_native(row["capturedAt"]),
                   posted_at=_optional_time(row.get("postedAt")), by=row["by"],
                   at=_native(row["at"]), sha256=row["sha256"],
                   file_sha256=row.get("fileSha256"), file_name=row.get("fileName"),
                   platform_id=row.get("platform"), content_id=row.get("contentId"))


@strawberry.type(description="What a referral relies on: an offence, a terms-of-service "
                             "clause, or both.")
class LegalBasis:
    offence_code: str | None = strawberry.field(description="The offence, from the table.")
    offence_provision: str | None = strawberry.field(description="The offence's provision.")
    schedule7_priority: bool = strawberry.field(
        description="Whether the offence is an Online Safety Act 2023 Schedule 7 priority "
                    "offence (the platform must minimise how long the content stays up).")
    terms_clause: str | None = strawberry.field(description="The terms-of-service clause.")
    description: str = strawberry.field(description="The basis, in words.")


@strawberry.type(description="One status of a platform referral: who recorded it, when.")
class PlatformReferralStatusChange:
    status: ReferralStatus = strawberry.field(description="The status.")
    at: datetime = strawberry.field(description="When it took effect (UTC).")
    by: str = strawberry.field(description="Who recorded it.")
    note: str = strawberry.field(description="What the platform said, if noted.")


@strawberry.type(description="Captured content referred to its platform for action.")
class PlatformReferral:
    id: strawberry.ID = strawberry.field(description="The referral's id.")
    case_reference: str = strawberry.field(description="The case it belongs to.")
    platform_id: str = strawberry.field(description="The platform it was sent to.")
    content_url: str = strawberry.field(description="The content referred.")
    content_id: str | None = strawberry.field(description="The platform's id for the content.")
    status: ReferralStatus = strawberry.field(description="Where it stands now.")
    sent_at: datetime = strawberry.field(description="When it was sent (UTC).")
    by: str = strawberry.field(description="Who sent it.")
    legal_basis: LegalBasis = strawberry.field(description="What it relies on.")
    no_response_due: datetime = strawberry.field(
        description="When it counts as unanswered, if the platform stays silent.")
    history: list[PlatformReferralStatusChange] = strawberry.field(
        description="Every status, oldest first.")
    capture: Capture = strawberry.field(description="The capture it was referred from.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PlatformReferral:
        stored = row["referral"]
        return cls(
            id=strawberry.ID(stored["id"]), case_reference=row["caseReference"],
            platform_id=stored["platform"], content_url=stored["contentUrl"],
            content_id=stored.get("contentId"), status=ReferralStatus(stored["status"]),
            sent_at=_native(stored["sentAt"]), by=stored["by"],
            legal_basis=LegalBasis(offence_code=stored.get("offenceCode"),
                                   offence_provision=stored.get("offenceProvision"),
                                   schedule7_priority=stored["schedule7Priority"],
                                   terms_clause=stored.get("termsClause"),
                                   description=stored["legalBasis"]),
            no_response_due=_native(stored["noResponseDue"]),
            history=[PlatformReferralStatusChange(status=ReferralStatus(s["status"]),
                                                  at=_native(s["at"]), by=s["by"],
                                                  note=s.get("note") or "")
                     for s in row["history"]],
            capture=Capture.from_row(row["capture"]))


@strawberry.type(description="One renewal of a preservation request.")
class PreservationRenewal:
    at: datetime = strawberry.field(description="When it was renewed (UTC).")
    by: str = strawberry.field(description="Who renewed it.")
    reason: str = strawberry.field(description="Why.")
    expires_at: datetime = strawberry.field(description="The expiry it set.")


@strawberry.type(description="A request that a platform hold an account's or content's data "
                             "for an investigation, for a renewable period.")
class PreservationRequest:
    id: strawberry.ID = strawberry.field(description="The request's id.")
    case_reference: str = strawberry.field(description="The case it belongs to.")
    platform_id: str = strawberry.field(description="The platform asked.")
    target_kind: PreservationTarget = strawberry.field(description="Account or content.")
    target: str = strawberry.field(description="The account or content to hold.")
    requested_at: datetime = strawberry.field(description="When it was sent (UTC).")
    by: str = strawberry.field(description="Who sent it.")
    reason: str = strawberry.field(description="Why.")
    platform_reference: str | None = strawberry.field(
        description="The platform's reference for it, if given.")
    expires_at: datetime = strawberry.field(description="When the hold lapses unless renewed.")
    remind_at: datetime = strawberry.field(description="When the officer is reminded.")
    renewals: list[PreservationRenewal] = strawberry.field(
        description="Each renewal, oldest first.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PreservationRequest:
        stored = row["request"]
        return cls(
            id=strawberry.ID(stored["id"]), case_reference=row["caseReference"],
            platform_id=stored["platform"],
            target_kind=PreservationTarget(stored["targetKind"]), target=stored["target"],
            requested_at=_native(stored["requestedAt"]), by=stored["by"],
            reason=stored["reason"], platform_reference=stored.get("platformReference"),
            expires_at=_native(stored["expiresAt"]), remind_at=_native(stored["remindAt"]),
            renewals=[PreservationRenewal(at=_native(n["at"]), by=n["by"], reason=n["reason"],
                                          expires_at=_native(n["expiresAt"]))
                      for n in row["renewals"]])


@strawberry.type(description="How one platform answers the referrals you may see.")
class PlatformRefusalRate:
    platform_id: str = strawberry.field(description="The platform.")
    referred: int = strawberry.field(description="Referrals sent.")
    removed: int = strawberry.field(description="Content removed.")
    restricted: int = strawberry.field(description="Content restricted.")
    declined: int = strawberry.field(description="Referrals refused.")
    no_response: int = strawberry.field(description="Referrals marked unanswered.")
    open: int = strawberry.field(description="Referrals sent or acknowledged, not yet decided.")
    decided: int = strawberry.field(description="Referrals with an outcome: removed, "
                                                "restricted or declined.")
    refusal_rate: float | None = strawberry.field(
        description="Declined over decided; null when none is decided yet. Silence is counted "
                    "apart, since it is not a decision.")

    @classmethod
    def from_rate(cls, rate: RefusalRate) -> PlatformRefusalRate:
        return cls(platform_id=rate.platform, referred=rate.referred, removed=rate.removed,
                   restricted=rate.restricted, declined=rate.declined,
                   no_response=rate.no_response, open=rate.open,
                   decided=rate.removed + rate.restricted + rate.declined,
                   refusal_rate=rate.refusal_rate)


@strawberry.input(description="Content to store as evidence: its text, a file, or both.")
class CaptureContentInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    url: str = strawberry.field(description="Where the content is.")
    text: str | None = strawberry.field(default=None, description="The text as posted.")
    captured_at: datetime = strawberry.field(description="When it was captured.")
    posted_at: datetime | None = strawberry.field(default=None,
                                                  description="When it was posted, if known.")
    file_name: str | None = strawberry.field(default=None,
                                             description="The captured file's name.")
    file_sha256: str | None = strawberry.field(
        default=None, description="The file's SHA-256 (64 lower-case hex characters); checked "
                                  "against the file when it is sent too.")
    file_base64: str | None = strawberry.field(
        default=None, description="The file itself, base64-encoded: the hub computes its "
                                  "SHA-256 (the file is not stored).")


@strawberry.input(description="What a referral relies on; an offence, a clause, or both.")
class LegalBasisInput:
    offence_code: str | None = strawberry.field(default=None,
                                                description="An offence code from the table.")
    schedule7_priority: bool | None = strawberry.field(
        default=None, description="Whether it is a Schedule 7 priority offence; the table "
                                  "decides, and a different answer is refused.")
    terms_clause: str | None = strawberry.field(default=None,
                                                description="A terms-of-service clause.")


@strawberry.input(description="Refer captured content to its platform.")
class ReferToPlatformInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    capture_id: strawberry.ID = strawberry.field(description="A capture of this case.")
    platform_id: str = strawberry.field(description="The platform, e.g. x, tiktok.")
    legal_basis: LegalBasisInput = strawberry.field(description="What the referral relies on.")
    sent_at: datetime | None = strawberry.field(
        default=None, description="When it was sent, if not now.")


@strawberry.input(description="A platform's answer to a referral, or its silence.")
class RecordPlatformResponseInput:
    referral_id: strawberry.ID = strawberry.field(description="The referral.")
    status: ReferralStatus = strawberry.field(description="The new status.")
    at: datetime = strawberry.field(description="When the platform answered (or, for "
                                                "NO_RESPONSE, when silence was recorded).")
    note: str | None = strawberry.field(default=None, description="What the platform said.")


@strawberry.input(description="Ask a platform to hold an account's or content's data.")
class RequestPreservationInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    platform_id: str = strawberry.field(description="The platform asked.")
    target_kind: PreservationTarget = strawberry.field(description="Account or content.")
    target: str = strawberry.field(description="The account (handle or address) or content "
                                               "address to hold.")
    reason: str = strawberry.field(description="Why (recorded).")
    requested_at: datetime | None = strawberry.field(
        default=None, description="When the request was sent, if not now.")
    platform_reference: str | None = strawberry.field(
        default=None, description="The platform's reference for the request.")


@strawberry.input(description="Renew a preservation request before it lapses.")
class RenewPreservationInput:
    request_id: strawberry.ID = strawberry.field(description="The request.")
    reason: str = strawberry.field(description="Why the data is still needed.")
    at: datetime | None = strawberry.field(default=None,
                                           description="When it was renewed, if not now.")


@strawberry.type(description="The outcome of captureContent.")
class CaptureContentPayload:
    capture: Capture | None = strawberry.field(description="The capture stored.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="The outcome of referToPlatform and recordPlatformResponse.")
class PlatformReferralPayload:
    referral: PlatformReferral | None = strawberry.field(
        description="The referral as it now stands.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="The outcome of requestPreservation and renewPreservation.")
class PreservationPayload:
    request: PreservationRequest | None = strawberry.field(
        description="The request as it now stands.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


def _file(encoded: str | None) -> bytes | None:
    if encoded is None:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise RuleViolation.one(("input", "fileBase64"), "is not base64", "INVALID_FILE") \
            from None


@strawberry.type
class ContentQuery:
    @strawberry.field(description="The case's captured content, earliest first; null when the "
                                  "case does not exist or is outside your force.")
    async def captures(self, info: Info, case_id: strawberry.ID) -> list[Capture] | None:
        rows = await rows_of_case(info, case_id, content.case_captures)
        return None if rows is None else [Capture.from_row(row) for row in rows]

    @strawberry.field(description="The case's referrals to platforms, oldest first; null when "
                                  "the case does not exist or is outside your force.")
    async def platform_referrals(self, info: Info,
                                 case_id: strawberry.ID) -> list[PlatformReferral] | None:
        rows = await rows_of_case(info, case_id, content.case_referrals)
        return None if rows is None else [PlatformReferral.from_row(row) for row in rows]

    @strawberry.field(description="The case's preservation requests, soonest expiry first; null "
                                  "when the case does not exist or is outside your force.")
    async def preservation_requests(self, info: Info, case_id: strawberry.ID
                                    ) -> list[PreservationRequest] | None:
        rows = await rows_of_case(info, case_id, content.case_preservations)
        return None if rows is None else [PreservationRequest.from_row(row) for row in rows]

    @strawberry.field(description="Referrals unanswered past the configured wait, longest "
                                  "waiting first, for the cases you may read: to be marked "
                                  "NO_RESPONSE and chased.")
    async def overdue_platform_referrals(self, info: Info, platform_id: str | None = None
                                         ) -> list[PlatformReferral]:
        rows = await content.overdue_platform_referrals(info.context.graph,
                                                        info.context.principal, platform_id)
        consulted(info, {row["caseReference"] for row in rows})
        return [PlatformReferral.from_row(row) for row in rows]

    @strawberry.field(description="Per platform, how the referrals of the cases you may read "
                                  "were answered.")
    async def platform_refusal_rates(self, info: Info) -> list[PlatformRefusalRate]:
        rates = await content.platform_refusal_rates(info.context.graph,
                                                     info.context.principal)
        return [PlatformRefusalRate.from_rate(rate) for rate in rates]

    @strawberry.field(description="Preservation requests about to lapse, soonest first, for the "
                                  "cases you may read: inside the configured reminder window, "
                                  "or expiring within `withinDays` when given.")
    async def preservation_reminders(self, info: Info, within_days: int | None = None
                                     ) -> list[PreservationRequest]:
        rows = await content.preservation_reminders(info.context.graph,
                                                    info.context.principal, within_days)
        consulted(info, {row["caseReference"] for row in rows})
        return [PreservationRequest.from_row(row) for row in rows]


@strawberry.type
class ContentMutation:
    @strawberry.mutation(description="Store content as it stands now, as evidence; a capture "
                                     "is never changed afterwards.")
    async def capture_content(self, info: Info,
                              input: CaptureContentInput) -> CaptureContentPayload:
        try:
            row = await content.capture_content(
                info.context.graph, info.context.principal, case_reference(input.case_id),
                url=input.url, text=input.text, captured_at=input.captured_at,
                file_sha256=input.file_sha256, file_bytes=_file(input.file_base64),
                file_name=input.file_name, posted_at=input.posted_at)
        except RuleViolation as violation:
            return CaptureContentPayload(capture=None, user_errors=user_errors(violation))
        return CaptureContentPayload(capture=Capture.from_row(row), user_errors=[])

    @strawberry.mutation(description="Refer captured content to its platform; refused unless "
                                     "the content was captured on this case first.")
    async def refer_to_platform(self, info: Info,
                                input: ReferToPlatformInput) -> PlatformReferralPayload:
        basis = input.legal_basis
        try:
            row = await content.refer_to_platform(
                info.context.graph, info.context.principal, case_reference(input.case_id),
                capture_id=str(input.capture_id), platform_id=input.platform_id,
                offence_code=basis.offence_code, schedule7_priority=basis.schedule7_priority,
                terms_clause=basis.terms_clause, sent_at=input.sent_at)
        except RuleViolation as violation:
            return PlatformReferralPayload(referral=None, user_errors=user_errors(violation))
        return PlatformReferralPayload(referral=PlatformReferral.from_row(row), user_errors=[])

    @strawberry.mutation(description="Record a platform's answer to a referral, or its silence, "
                                     "in the order the rules allow.")
    async def record_platform_response(self, info: Info, input: RecordPlatformResponseInput
                                       ) -> PlatformReferralPayload:
        try:
            row = await content.record_platform_response(
                info.context.graph, info.context.principal, str(input.referral_id),
                ReferralStatus(input.status.value), input.at, input.note)
        except RuleViolation as violation:
            return PlatformReferralPayload(referral=None, user_errors=user_errors(violation))
        return PlatformReferralPayload(referral=PlatformReferral.from_row(row), user_errors=[])

    @strawberry.mutation(description="Record a request that a platform preserve data, for the "
                                     "configured period.")
    async def request_preservation(self, info: Info,
                                   input: RequestPreservationInput) -> PreservationPayload:
        try:
            row = await content.request_preservation(
                info.context.graph, info.context.principal, case_reference(input.case_id),
                platform_id=input.platform_id,
                target_kind=PreservationTarget(input.target_kind.value), target=input.target,
                reason=input.reason, requested_at=input.requested_at,
                platform_reference=input.platform_reference)
        except RuleViolation as violation:
            return PreservationPayload(request=None, user_errors=user_errors(violation))
        return PreservationPayload(request=PreservationRequest.from_row(row), user_errors=[])

    @strawberry.mutation(description="Renew a preservation request before it lapses: a fresh "
                                     "period from the renewal.")
    async def renew_preservation(self, info: Info,
                                 input: RenewPreservationInput) -> PreservationPayload:
        try:
            row = await content.renew_preservation(
                info.context.graph, info.context.principal, str(input.request_id),
                input.reason, input.at)
        except RuleViolation as violation:
            return PreservationPayload(request=None, user_errors=user_errors(violation))
        return PreservationPayload(request=PreservationRequest.from_row(row), user_errors=[])
