"""The changes of content: inputs, payloads with userErrors, mutations."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

import strawberry

from casework.content import service as content
from casework.errors import RuleViolation
from resolvers.content.types import Capture, PlatformReferral, PreservationRequest
from resolvers.context import Info
from resolvers.enums import PreservationTarget, ReferralStatus
from resolvers.errors import UserError, mutation
from resolvers.ids import case_reference


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
class ContentMutation:
    @mutation(description="Store content as it stands now, as evidence; a capture "
                                     "is never changed afterwards.")
    async def capture_content(self, info: Info,
                              input: CaptureContentInput) -> CaptureContentPayload:
        capture = await content.capture_content(
            info.context.graph, info.context.principal, case_reference(input.case_id),
            url=input.url, text=input.text, captured_at=input.captured_at,
            file_sha256=input.file_sha256, file_bytes=_file(input.file_base64),
            file_name=input.file_name, posted_at=input.posted_at)
        return CaptureContentPayload(capture=Capture.from_record(capture), user_errors=[])

    @mutation(description="Refer captured content to its platform; refused unless "
                                     "the content was captured on this case first.")
    async def refer_to_platform(self, info: Info,
                                input: ReferToPlatformInput) -> PlatformReferralPayload:
        basis = input.legal_basis
        referral = await content.refer_to_platform(
            info.context.graph, info.context.principal, case_reference(input.case_id),
            capture_id=str(input.capture_id), platform_id=input.platform_id,
            offence_code=basis.offence_code, schedule7_priority=basis.schedule7_priority,
            terms_clause=basis.terms_clause, sent_at=input.sent_at)
        return PlatformReferralPayload(referral=PlatformReferral.from_record(referral),
                                       user_errors=[])

    @mutation(description="Record a platform's answer to a referral, or its silence, "
                                     "in the order the rules allow.")
    async def record_platform_response(self, info: Info, input: RecordPlatformResponseInput
                                       ) -> PlatformReferralPayload:
        referral = await content.record_platform_response(
            info.context.graph, info.context.principal, str(input.referral_id),
            ReferralStatus(input.status.value), input.at, input.note)
        return PlatformReferralPayload(referral=PlatformReferral.from_record(referral),
                                       user_errors=[])

    @mutation(description="Record a request that a platform preserve data, for the "
                                     "configured period.")
    async def request_preservation(self, info: Info,
                                   input: RequestPreservationInput) -> PreservationPayload:
        request = await content.request_preservation(
            info.context.graph, info.context.principal, case_reference(input.case_id),
            platform_id=input.platform_id,
            target_kind=input.target_kind, target=input.target,
            reason=input.reason, requested_at=input.requested_at,
            platform_reference=input.platform_reference)
        return PreservationPayload(request=PreservationRequest.from_record(request),
                                   user_errors=[])

    @mutation(description="Renew a preservation request before it lapses: a fresh "
                                     "period from the renewal.")
    async def renew_preservation(self, info: Info,
                                 input: RenewPreservationInput) -> PreservationPayload:
        request = await content.renew_preservation(
            info.context.graph, info.context.principal, str(input.request_id),
            input.reason, input.at)
        return PreservationPayload(request=PreservationRequest.from_record(request),
                                   user_errors=[])
