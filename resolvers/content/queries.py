"""What may be read of content."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from casework.content import service as content
from resolvers.content.types import (
    Capture,
    PlatformReferral,
    PlatformRefusalRate,
    PreservationRequest,
)
from resolvers.context import Info
from resolvers.pagination import Connection, listed, shown_as
from resolvers.reads import consulted, moved_to_case, paged_as, records_of_case

T = TypeVar("T")


def _shown(info: Info, page: Connection[Any], show: Callable[[Any], T]) -> Connection[T]:
    """A page of a work queue as shown: the cases of its items are logged as consulted."""
    consulted(info, {edge.node.case_reference for edge in page.edges})
    return shown_as(page, show)


@strawberry.type
class ContentQuery:
    @strawberry.field(description="The case's captured content, earliest first; null when the "
                                  "case does not exist or is outside your force.",
                      deprecation_reason=moved_to_case("captures"))
    async def captures(self, info: Info, case_id: strawberry.ID) -> list[Capture] | None:
        return await records_of_case(info, case_id, content.case_captures, Capture.from_record)

    @strawberry.field(description="The case's referrals to platforms, oldest first; null when "
                                  "the case does not exist or is outside your force.",
                      deprecation_reason=moved_to_case("platformReferrals"))
    async def platform_referrals(self, info: Info,
                                 case_id: strawberry.ID) -> list[PlatformReferral] | None:
        return await records_of_case(info, case_id, content.case_referrals,
                                     PlatformReferral.from_record)

    @strawberry.field(description="The case's preservation requests, soonest expiry first; null "
                                  "when the case does not exist or is outside your force.",
                      deprecation_reason=moved_to_case("preservationRequests"))
    async def preservation_requests(self, info: Info, case_id: strawberry.ID
                                    ) -> list[PreservationRequest] | None:
        return await records_of_case(info, case_id, content.case_preservations,
                                     PreservationRequest.from_record)

    @strawberry.field(description="Referrals unanswered past the configured wait, longest "
                                  "waiting first, for the cases you may read: to be marked "
                                  "NO_RESPONSE and chased. A page at a time.")
    async def overdue_platform_referrals_connection(
            self, info: Info, platform_id: str | None = None, first: int | None = None,
            after: str | None = None, last: int | None = None, before: str | None = None
    ) -> Connection[PlatformReferral]:
        referrals = await content.overdue_platform_referrals(info.context.graph,
                                                             info.context.principal, platform_id)
        page = listed([((referral.sent_at, referral.id), referral) for referral in referrals],
                      "SENT_AT", first, after, last, before)
        return _shown(info, page, PlatformReferral.from_record)

    @strawberry.field(description="Referrals unanswered past the configured wait, longest "
                                  "waiting first, for the cases you may read: to be marked "
                                  "NO_RESPONSE and chased.",
                      deprecation_reason=paged_as("overduePlatformReferralsConnection"))
    async def overdue_platform_referrals(self, info: Info, platform_id: str | None = None
                                         ) -> list[PlatformReferral]:
        referrals = await content.overdue_platform_referrals(info.context.graph,
                                                             info.context.principal, platform_id)
        consulted(info, {referral.case_reference for referral in referrals})
        return [PlatformReferral.from_record(referral) for referral in referrals]

    @strawberry.field(description="Per platform, how the referrals of the cases you may read "
                                  "were answered.")
    async def platform_refusal_rates(self, info: Info) -> list[PlatformRefusalRate]:
        rates = await content.platform_refusal_rates(info.context.graph,
                                                     info.context.principal)
        return [PlatformRefusalRate.from_rate(rate) for rate in rates]

    @strawberry.field(description="Preservation requests about to lapse, soonest first, for the "
                                  "cases you may read: inside the configured reminder window, "
                                  "or expiring within `withinDays` when given. A page at a "
                                  "time.")
    async def preservation_reminders_connection(
            self, info: Info, within_days: int | None = None, first: int | None = None,
            after: str | None = None, last: int | None = None, before: str | None = None
    ) -> Connection[PreservationRequest]:
        requests = await content.preservation_reminders(info.context.graph,
                                                        info.context.principal, within_days)
        page = listed([((request.expires_at, request.id), request) for request in requests],
                      "EXPIRES_AT", first, after, last, before)
        return _shown(info, page, PreservationRequest.from_record)

    @strawberry.field(description="Preservation requests about to lapse, soonest first, for the "
                                  "cases you may read: inside the configured reminder window, "
                                  "or expiring within `withinDays` when given.",
                      deprecation_reason=paged_as("preservationRemindersConnection"))
    async def preservation_reminders(self, info: Info, within_days: int | None = None
                                     ) -> list[PreservationRequest]:
        requests = await content.preservation_reminders(info.context.graph,
                                                        info.context.principal, within_days)
        consulted(info, {request.case_reference for request in requests})
        return [PreservationRequest.from_record(request) for request in requests]
