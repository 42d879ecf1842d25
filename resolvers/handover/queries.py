"""What may be read of handover."""

from __future__ import annotations

import strawberry

from casework.handover import service as handover
from graph.handover import CaseTransfer
from resolvers.context import Info
from resolvers.handover.types import Transfer, VictimPreference
from resolvers.pagination import Connection, listed, shown_as
from resolvers.reads import consulted, moved_to_case, paged_as, readable_case, records_of_case


def shown(info: Info, offered: CaseTransfer) -> Transfer:
    """The transfer as shown: its case's facts are logged as consulted, like anything the
    loaders hand out."""
    consulted(info, {offered.case.reference})
    return Transfer.from_record(offered)


@strawberry.type
class HandoverQuery:
    @strawberry.field(description="A case's transfers, oldest first; null when the case does "
                                  "not exist or is outside your force.",
                      deprecation_reason=moved_to_case("transfers"))
    async def transfers(self, info: Info, case_id: strawberry.ID) -> list[Transfer] | None:
        return await records_of_case(info, case_id, handover.case_transfers,
                                     Transfer.from_record)

    @strawberry.field(description="Open transfers offered to your force (every force, for "
                                  "the hub): proposed and awaiting the force's answer, or "
                                  "disputed and awaiting the registrar; oldest first, a page at "
                                  "a time.")
    async def transfers_awaiting_connection(
            self, info: Info, first: int | None = None, after: str | None = None,
            last: int | None = None, before: str | None = None) -> Connection[Transfer]:
        found = await handover.transfers_awaiting(info.context.graph, info.context.principal)
        page = listed([((offered.transfer.proposed_at, offered.transfer.id), offered)
                       for offered in found], "PROPOSED_AT", first, after, last, before)
        return shown_as(page, lambda offered: shown(info, offered))

    @strawberry.field(description="Open transfers offered to your force (every force, for "
                                  "the hub): proposed and awaiting the force's answer, or "
                                  "disputed and awaiting the registrar; oldest first.",
                      deprecation_reason=paged_as("transfersAwaitingConnection"))
    async def transfers_awaiting(self, info: Info) -> list[Transfer]:
        found = await handover.transfers_awaiting(info.context.graph, info.context.principal)
        return [shown(info, offered) for offered in found]

    @strawberry.field(description="Each victim of a case with how they agreed to be updated; "
                                  "null when the case does not exist or is outside your force.",
                      deprecation_reason=moved_to_case("victimPreferences"))
    async def victim_preferences(self, info: Info,
                                 case_id: strawberry.ID) -> list[VictimPreference] | None:
        reference = readable_case(case_id)
        if reference is None:
            return None
        agreed = await handover.victim_preferences(info.context.graph, info.context.principal,
                                                   reference)
        if agreed is None:
            await info.context.loaders.refused_if_elsewhere([reference])
            return None
        consulted(info, {reference})
        return [VictimPreference.from_record(victim) for victim in agreed]
