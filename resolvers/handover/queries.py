"""What may be read of handover."""

from __future__ import annotations

from typing import Any

import strawberry

from casework.errors import RuleViolation
from casework.handover import service as handover
from resolvers.context import Info
from resolvers.handover.types import Transfer, VictimPreference
from resolvers.ids import case_reference


def _readable_reference(global_id: str) -> str | None:
    """A query's case id: a malformed one names no case, like one that does not exist."""
    try:
        return case_reference(global_id)
    except RuleViolation:
        return None


def _transfer(info: Info, row: dict[str, Any]) -> Transfer:
    """Case facts shown here are logged as consulted, like anything the loaders hand out."""
    info.context.loaders.consulted.add(row["case"]["reference"])
    return Transfer.from_row(row["transfer"], row["case"])


@strawberry.type
class HandoverQuery:
    @strawberry.field(description="A case's transfers, oldest first; null when the case does "
                                  "not exist or is outside your force.")
    async def transfers(self, info: Info, case_id: strawberry.ID) -> list[Transfer] | None:
        reference = _readable_reference(case_id)
        if reference is None:
            return None
        found = await handover.case_transfers(info.context.graph, info.context.principal,
                                              reference)
        if found is None:
            return None
        return [_transfer(info, {"transfer": row, "case": found["case"]})
                for row in found["transfers"]]

    @strawberry.field(description="Open transfers offered to your force (every force, for "
                                  "the hub): proposed and awaiting the force's answer, or "
                                  "disputed and awaiting the registrar; oldest first.")
    async def transfers_awaiting(self, info: Info) -> list[Transfer]:
        rows = await handover.transfers_awaiting(info.context.graph, info.context.principal)
        return [_transfer(info, row) for row in rows]

    @strawberry.field(description="Each victim of a case with how they agreed to be updated; "
                                  "null when the case does not exist or is outside your force.")
    async def victim_preferences(self, info: Info,
                                 case_id: strawberry.ID) -> list[VictimPreference] | None:
        reference = _readable_reference(case_id)
        if reference is None:
            return None
        rows = await handover.victim_preferences(info.context.graph, info.context.principal,
                                                 reference)
        if rows is None:
            return None
        info.context.loaders.consulted.add(reference)
        return [VictimPreference.from_row(row["victimId"], row["preference"],
                                          row["lastUpdateAt"], row["nextUpdateDue"])
                for row in rows]
