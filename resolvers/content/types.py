"""The GraphQL types of content."""

from __future__ import annotations

from datetime import datetime

import strawberry

from casework.content.platform_referral import RefusalRate
from graph import content
from resolvers.enums import PreservationTarget, ReferralStatus
from resolvers.reference.types import refers_to_platform


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
    platform = refers_to_platform("platform_id", description="The platform the address "
                                                            "belongs to, when recognised.")
    content_id: str | None = strawberry.field(
        description="The platform's own id for the content, when the address names one.")

    @classmethod
    def from_record(cls, capture: content.Capture) -> Capture:
        return cls(id=strawberry.ID(capture.id), url=capture.url, text=capture.text,
                   captured_at=capture.captured_at, posted_at=capture.posted_at, by=capture.by,
                   at=capture.at, sha256=capture.sha256, file_sha256=capture.file_sha256,
                   file_name=capture.file_name, platform_id=capture.platform,
                   content_id=capture.content_id)


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
    platform = refers_to_platform("platform_id", description="The platform it was sent to.")
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
    def from_record(cls, referral: content.PlatformReferral) -> PlatformReferral:
        return cls(
            id=strawberry.ID(referral.id), case_reference=referral.case_reference,
            platform_id=referral.platform, content_url=referral.content_url,
            content_id=referral.content_id, status=ReferralStatus(referral.status),
            sent_at=referral.sent_at, by=referral.by,
            legal_basis=LegalBasis(offence_code=referral.offence_code,
                                   offence_provision=referral.offence_provision,
                                   schedule7_priority=referral.schedule7_priority,
                                   terms_clause=referral.terms_clause,
                                   description=referral.legal_basis),
            no_response_due=referral.no_response_due,
            history=[PlatformReferralStatusChange(status=ReferralStatus(change.status),
                                                  at=change.at, by=change.by, note=change.note)
                     for change in referral.history],
            capture=Capture.from_record(referral.capture))


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
    platform = refers_to_platform("platform_id", description="The platform asked.")
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
    def from_record(cls, request: content.PreservationRequest) -> PreservationRequest:
        return cls(
            id=strawberry.ID(request.id), case_reference=request.case_reference,
            platform_id=request.platform, target_kind=PreservationTarget(request.target_kind),
            target=request.target, requested_at=request.requested_at, by=request.by,
            reason=request.reason, platform_reference=request.platform_reference,
            expires_at=request.expires_at, remind_at=request.remind_at,
            renewals=[PreservationRenewal(at=renewal.at, by=renewal.by, reason=renewal.reason,
                                          expires_at=renewal.expires_at)
                      for renewal in request.renewals])


@strawberry.type(description="How one platform answers the referrals you may see.")
class PlatformRefusalRate:
    platform_id: str = strawberry.field(description="The platform.")
    platform = refers_to_platform("platform_id", description="The platform.")
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
