"""What may be read of content."""

from __future__ import annotations

import strawberry

from casework.content import service as content
from resolvers.content.types import (
    Capture,
    PlatformReferral,
    PlatformRefusalRate,
    PreservationRequest,
)
from resolvers.context import Info
from resolvers.reads import consulted, rows_of_case


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
