"""What may be read of handover."""

from __future__ import annotations

import strawberry

from casework.handover import service as handover
from graph.handover import CaseTransfer
from resolvers.context import Info
from resolvers.handover.types import Transfer, VictimPreference
from resolvers.reads import consulted, moved_to_case, readable_case, records_of_case


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
                                  "disputed and awaiting the registrar; oldest first.")
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
