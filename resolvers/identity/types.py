"""The GraphQL types of identity."""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from graph import relink_jobs
from resolvers.cases.types import Evidence
from resolvers.context import Info
from resolvers.enums import SamePersonStatus
from resolvers.pagination import Connection, listed
from resolvers.reads import paged_as
from resolvers.reference.types import refers_to_platform


@strawberry.type(description="An analyst's or the linker's view that two accounts are one person.")
class SamePersonLink:
    other_account_id: strawberry.ID = strawberry.field(description="The other account.")
    probability: float | None = strawberry.field(description="The linker's probability.")
    status: SamePersonStatus = strawberry.field(description="Where the view stands.")
    evidence: list[Evidence] = strawberry.field(description="Evidence and weights.")
    decided_by: str | None = strawberry.field(description="The analyst who decided, if any.")
    reason: str | None = strawberry.field(description="The analyst's reason.")


def _account_gid(key: str) -> strawberry.ID:
    return strawberry.ID(relay.to_base64("Account", key))


@strawberry.type(description="An account on a platform, as named in referrals or disclosed.")
class Account(relay.Node):
    key: relay.NodeID[str]
    platform: str | None = strawberry.field(
        description="Platform id.",
        deprecation_reason="Read `onPlatform { id name }` beside it, the Platform object.")
    on_platform = refers_to_platform("platform", description=(
        "The platform the account is on; null when the referral did not say which. (Named "
        "`onPlatform` because `platform` was already its id as a string.)"))
    handle: str | None = strawberry.field(description="Handle as seen.")
    display_name: str | None = strawberry.field(description="Display name.")
    banned_at: datetime | None = strawberry.field(description="When the platform banned it.")
    suspect_id: strawberry.ID | None = strawberry.field(description="The suspect it belongs to.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Account:
        return cls(key=row["id"], platform=row.get("platform"), handle=row.get("handle"),
                   display_name=row.get("displayName"), banned_at=row.get("bannedAt"),
                   suspect_id=strawberry.ID(relay.to_base64("Suspect", row["suspect"]))
                   if row.get("suspect") else None)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # strawberry declares overloads
        cls, *, info: Info, node_ids: Any, required: bool = False,
    ) -> list[Account | None]:
        rows = await info.context.loaders.account.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Accounts linked to this one as the same person, at least "
                                  "as likely as `minProbability`, a page at a time, by the "
                                  "other account.")
    async def same_person_connection(
            self, info: Info, min_probability: float = 0.0, first: int | None = None,
            after: str | None = None, last: int | None = None, before: str | None = None
    ) -> Connection[SamePersonLink]:
        links = await _same_person(info, self.key, min_probability)
        return listed([((str(link.other_account_id), str(link.other_account_id)), link)
                       for link in links], "ACCOUNT", first, after, last, before)

    @strawberry.field(description="Accounts linked to this one as the same person.",
                      deprecation_reason=paged_as("samePersonConnection"))
    async def same_person(self, info: Info, min_probability: float = 0.0) -> list[SamePersonLink]:
        return await _same_person(info, self.key, min_probability)


async def _same_person(info: Info, account: str,
                       min_probability: float) -> list[SamePersonLink]:
    """The account's same-person links at least as likely as `min_probability`."""
    rows = await info.context.loaders.same_person.load(account) or []
    return [SamePersonLink(
        other_account_id=_account_gid(row["other"]), probability=row.get("probability"),
        status=SamePersonStatus(row["status"]), decided_by=row.get("decidedBy"),
        reason=row.get("reason"),
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


@strawberry.enum(description="Where a relink job is.")
class RelinkStatus(Enum):
    QUEUED = strawberry.enum_value("QUEUED", description="Started, not yet at work.")
    RUNNING = strawberry.enum_value("RUNNING", description="At work; see stage and done.")
    SUCCEEDED = strawberry.enum_value("SUCCEEDED", description="Written; see its counts.")
    FAILED = strawberry.enum_value("FAILED", description="Ended without writing; see failure.")


@strawberry.type(description="A relink of every account into suspects, run in the background; "
                             "one at a time.")
class RelinkJob:
    id: strawberry.ID = strawberry.field(description="The job.")
    status: RelinkStatus = strawberry.field(description="Where it is.")
    stage: str | None = strawberry.field(
        description="What it is doing: READING, LINKING or WRITING.")
    done: int = strawberry.field(
        description="How far this stage is: accounts read or linked, suspects written.")
    total: int | None = strawberry.field(description="How far it goes, once known.")
    started_by: str = strawberry.field(description="Who started it.")
    reason: str | None = strawberry.field(description="Why it was started.")
    started_at: datetime = strawberry.field(description="When it was started.")
    finished_at: datetime | None = strawberry.field(description="When it ended.")
    failure: str | None = strawberry.field(description="Why it failed.")
    accounts: int | None = strawberry.field(description="Accounts linked (when it succeeded).")
    links: int | None = strawberry.field(description="Same-person links suggested.")
    suspects: int | None = strawberry.field(description="Suspects written.")
    skipped_decisions: int | None = strawberry.field(
        description="Analysts' decisions made while it ran that contradicted others made "
                    "meanwhile, so were not applied again (when it succeeded); they stay "
                    "recorded for an analyst to settle.")
    skipped_pairs: list[str] = strawberry.field(
        description="Those decisions, each as `account STATUS account`.")

    @classmethod
    def from_record(cls, job: relink_jobs.RelinkJob) -> RelinkJob:
        return cls(id=strawberry.ID(job.id), status=RelinkStatus(job.status), stage=job.stage,
                   done=job.done or 0, total=job.total, started_by=job.started_by,
                   reason=job.reason, started_at=job.started_at, finished_at=job.finished_at,
                   failure=job.failure, accounts=job.accounts, links=job.links,
                   suspects=job.suspects, skipped_decisions=job.skipped_decisions,
                   skipped_pairs=list(job.skipped_pairs))
