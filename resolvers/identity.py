"""Suspect identity for analysts: accounts, the links between them, suspects and their reach."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from casework import identity as identity_rules
from casework.access import Permission
from casework.errors import RuleViolation
from graph import identity
from resolvers.cases import Evidence
from resolvers.context import Info
from resolvers.errors import UserError, user_errors
from resolvers.ids import business_key
from resolvers.pagination import Connection, Edge, PageInfo, page_size


@strawberry.type(description="An analyst's or the linker's view that two accounts are one person.")
class SamePersonLink:
    other_account_id: strawberry.ID = strawberry.field(description="The other account.")
    probability: float | None = strawberry.field(description="The linker's probability.")
    status: str = strawberry.field(description="SUGGESTED, CONFIRMED or REJECTED.")
    evidence: list[Evidence] = strawberry.field(description="Evidence and weights.")
    decided_by: str | None = strawberry.field(description="The analyst who decided, if any.")
    reason: str | None = strawberry.field(description="The analyst's reason.")


def _account_gid(key: str) -> strawberry.ID:
    return strawberry.ID(relay.to_base64("Account", key))


@strawberry.type(description="An account on a platform, as named in referrals or disclosed.")
class Account(relay.Node):
    key: relay.NodeID[str]
    platform: str | None = strawberry.field(description="Platform id.")
    handle: str | None = strawberry.field(description="Handle as seen.")
    display_name: str | None = strawberry.field(description="Display name.")
    banned_at: datetime | None = strawberry.field(description="When the platform banned it.")
    suspect_id: strawberry.ID | None = strawberry.field(description="The suspect it belongs to.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Account:
        banned = row.get("bannedAt")
        return cls(key=row["id"], platform=row.get("platform"), handle=row.get("handle"),
                   display_name=row.get("displayName"),
                   banned_at=banned.to_native() if banned else None,
                   suspect_id=strawberry.ID(relay.to_base64("Suspect", row["suspect"]))
                   if row.get("suspect") else None)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # strawberry declares overloads
        cls, *, info: Info, node_ids: Any, required: bool = False,
    ) -> list[Account | None]:
        rows = await info.context.loaders.account.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Accounts linked to this one as the same person.")
    async def same_person(self, info: Info, min_probability: float = 0.0) -> list[SamePersonLink]:
        rows = await info.context.loaders.same_person.load(self.key) or []
        return [SamePersonLink(
            other_account_id=_account_gid(row["other"]), probability=row.get("probability"),
            status=row["status"], decided_by=row.get("decidedBy"), reason=row.get("reason"),
            evidence=[Evidence(**e) for e in json.loads(row.get("evidence") or "[]")])
            for row in rows if (row.get("probability") or 1.0) >= min_probability]


@strawberry.type(description="A person believed to be behind one or more accounts.")
class Suspect(relay.Node):
    key: relay.NodeID[str]
    account_ids: list[strawberry.ID] = strawberry.field(description="Their accounts.")

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # strawberry declares overloads
        cls, *, info: Info, node_ids: Any, required: bool = False,
    ) -> list[Suspect | None]:
        rows = await info.context.loaders.suspect.load_many(list(node_ids))
        return [cls(key=row["id"], account_ids=[_account_gid(a) for a in row["accounts"]])
                if row else None for row in rows]


@strawberry.enum(description="How to rank suspects.")
class SuspectRanking(Enum):
    VICTIMS = "VICTIMS"
    CASES = "CASES"
    PLATFORMS = "PLATFORMS"


@strawberry.type(description="A suspect and their reach, within your scope.")
class SuspectReach:
    suspect_id: strawberry.ID = strawberry.field(description="The suspect.")
    victims: int = strawberry.field(description="Distinct victims targeted.")
    cases: int = strawberry.field(description="Cases naming their accounts.")
    platforms: int = strawberry.field(description="Platforms they use.")
    account_ids: list[strawberry.ID] = strawberry.field(description="Their accounts.")


@strawberry.type(description="A banned account whose person came back under another account.")
class BanReturn:
    banned_account_id: strawberry.ID = strawberry.field(description="The banned account.")
    banned_at: datetime = strawberry.field(description="When it was banned.")
    returned_account_id: strawberry.ID = strawberry.field(description="The new account.")
    first_seen: datetime = strawberry.field(description="First referral naming the new one.")
    suspect_id: strawberry.ID = strawberry.field(description="The suspect behind both.")


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="Suspects ranked by victims, cases or platforms.")
    async def suspects(self, info: Info, rank_by: SuspectRanking = SuspectRanking.VICTIMS,
                       first: int | None = None, after: str | None = None
                       ) -> Connection[SuspectReach]:
        info.context.principal.require(Permission.READ_NETWORKS)
        size = page_size(first)
        offset = int(after) if after and after.isdigit() else 0
        rows, total = await identity.ranked_suspects(
            info.context.graph, rank_by.value, info.context.principal.case_scope(), size, offset)
        edges = [Edge(node=SuspectReach(
            suspect_id=strawberry.ID(relay.to_base64("Suspect", row["id"])),
            victims=row["victims"], cases=row["cases"], platforms=row["platforms"],
            account_ids=[_account_gid(a) for a in row["accounts"]]),
            cursor=str(offset + n + 1)) for n, row in enumerate(rows[:size])]
        return Connection(edges=edges, total_count=total, page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None))

    @strawberry.field(description="Accounts that came back after a ban: same person, new handle.")
    async def returned_after_ban(self, info: Info, first: int = 50) -> list[BanReturn]:
        info.context.principal.require(Permission.READ_NETWORKS)
        rows = await identity.returned_after_ban(
            info.context.graph, info.context.principal.case_scope(), page_size(first))
        return [BanReturn(banned_account_id=_account_gid(r["banned"]),
                          banned_at=r["bannedAt"].to_native(),
                          returned_account_id=_account_gid(r["returned"]),
                          first_seen=r["firstSeen"].to_native(),
                          suspect_id=strawberry.ID(relay.to_base64("Suspect", r["suspect"])))
                for r in rows]


@strawberry.input(description="An analyst's decision on whether two accounts are one person.")
class DecideSamePersonInput:
    account_id: strawberry.ID = strawberry.field(description="One account.")
    other_account_id: strawberry.ID = strawberry.field(description="The other account.")
    same_person: bool = strawberry.field(
        description="True to confirm (or assert) one person; false to reject.")
    reason: str = strawberry.field(description="Why (recorded; binds later relinking).")


@strawberry.type(description="The outcome of decideSamePerson.")
class DecideSamePersonPayload:
    status: str | None = strawberry.field(description="CONFIRMED or REJECTED.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="A platform's ban of an account.")
class RecordAccountBanInput:
    account_id: strawberry.ID = strawberry.field(description="The banned account.")
    banned_at: datetime = strawberry.field(description="When the ban took effect.")
    source: str = strawberry.field(description="How the hub learnt of it.")


@strawberry.type(description="The outcome of recordAccountBan.")
class RecordAccountBanPayload:
    recorded: bool = strawberry.field(description="Whether the ban was recorded.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="Confirm, reject or assert that two accounts are one person.")
    async def decide_same_person(self, info: Info,
                                 input: DecideSamePersonInput) -> DecideSamePersonPayload:
        try:
            status = await identity_rules.decide(
                info.context.graph, info.context.principal,
                business_key(input.account_id, "Account", "accountId"),
                business_key(input.other_account_id, "Account", "otherAccountId"),
                input.same_person, input.reason)
        except RuleViolation as violation:
            return DecideSamePersonPayload(status=None, user_errors=user_errors(violation))
        return DecideSamePersonPayload(status=status, user_errors=[])

    @strawberry.mutation(description="Record that a platform banned an account.")
    async def record_account_ban(self, info: Info,
                                 input: RecordAccountBanInput) -> RecordAccountBanPayload:
        principal = info.context.principal
        principal.require(Permission.DECIDE_LINKS)
        try:
            key = business_key(input.account_id, "Account", "accountId")
        except RuleViolation as violation:
            return RecordAccountBanPayload(recorded=False, user_errors=user_errors(violation))
        audit = {"id": str(uuid.uuid4()), "at": datetime.now(UTC), "actor": principal.subject,
                 "role": principal.role.value, "force": principal.force,
                 "action": "ALTERATION", "justification": f"ban recorded: {input.source}"}
        recorded = await identity.record_ban(info.context.graph, key, input.banned_at,
                                             input.source, audit)
        return RecordAccountBanPayload(recorded=recorded, user_errors=[] if recorded else [
            UserError(field=["input", "accountId"], message="no such account", code="NOT_FOUND")])
