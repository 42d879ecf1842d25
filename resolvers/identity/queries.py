"""What may be read of identity."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from casework.access import Permission
from casework.network.search import handle_search
from graph import identity, relink_jobs
from resolvers.context import Info
from resolvers.enums import SuspectRanking
from resolvers.identity.types import (
    BanReturn,
    RelinkJob,
    SuspectReach,
    _account_gid,
)
from resolvers.pagination import Connection, connection, page_size, position_cursor, position_window
from resolvers.reads import consulted, shows_items


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="Suspects ranked by victims, cases or platforms. Needs a "
                                  "justification in the X-Hub-Justification header, as "
                                  "`network` does; each suspect shown is logged as consulted.")
    async def suspects(self, info: Info, rank_by: SuspectRanking = SuspectRanking.VICTIMS,
                       first: int | None = None, after: str | None = None,
                       last: int | None = None,
                       before: str | None = None,
                       search: Annotated[str | None, strawberry.argument(description=(
                           "Only suspects with an account (within your scope) whose handle "
                           "starts as this does, on any platform, folded as handles are "
                           "linked (`@Mike_Smith` finds `mike.smith`)."))] = None,
                       ) -> Connection[SuspectReach]:
        info.context.principal.require(Permission.READ_NETWORKS)
        window = position_window(first, after, last, before)
        handle = handle_search(search) if search is not None else None
        rows, total = await identity.ranked_suspects(
            info.context.graph, rank_by.value, info.context.principal.case_scope(), window,
            handle)
        if shows_items(info):
            consulted(info, (f"suspect:{row['id']}" for row in window.shown(rows)))
        suspects = [SuspectReach(
            suspect_id=strawberry.ID(relay.to_base64("Suspect", row["id"])),
            victims=row["victims"], cases=row["cases"], platforms=row["platforms"],
            account_ids=[_account_gid(a) for a in row["accounts"]]) for row in rows]
        position = {s.suspect_id: row["position"] for s, row in zip(suspects, rows, strict=True)}
        return connection(suspects, window, total,
                          lambda suspect: position_cursor(position[suspect.suspect_id]))

    @strawberry.field(description="A relink job: its status, progress, who started it and when.")
    async def relink_job(self, info: Info, id: strawberry.ID) -> RelinkJob | None:
        info.context.principal.require(Permission.RELINK)
        row = await relink_jobs.job(info.context.graph, str(id))
        return RelinkJob.from_record(row) if row else None

    @strawberry.field(description="The latest relink jobs, newest first.")
    async def relink_jobs(self, info: Info, first: int = 20) -> list[RelinkJob]:
        info.context.principal.require(Permission.RELINK)
        return [RelinkJob.from_record(row)
                for row in await relink_jobs.recent(info.context.graph, page_size(first))]

    @strawberry.field(description="Accounts that came back after a ban: same person, new handle. "
                                  "Needs a justification in the X-Hub-Justification header, "
                                  "as `network` does.")
    async def returned_after_ban(self, info: Info, first: int = 50) -> list[BanReturn]:
        info.context.principal.require(Permission.READ_NETWORKS)
        rows = await identity.returned_after_ban(
            info.context.graph, info.context.principal.case_scope(), page_size(first))
        return [BanReturn(banned_account_id=_account_gid(r["banned"]),
                          banned_at=r["bannedAt"],
                          returned_account_id=_account_gid(r["returned"]),
                          first_seen=r["firstSeen"],
                          suspect_id=strawberry.ID(relay.to_base64("Suspect", r["suspect"])))
                for r in rows]
