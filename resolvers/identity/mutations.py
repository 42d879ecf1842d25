"""The changes of identity: inputs, payloads with userErrors, mutations."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import strawberry

from casework.access import Permission
from casework.identity import relinking
from casework.identity import service as identity_rules
from graph import identity
from graph.audit import AuditEntry
from resolvers.context import Info
from resolvers.enums import SamePersonStatus, UserErrorCode
from resolvers.errors import UserError, mutation
from resolvers.identity.types import RelinkJob
from resolvers.ids import business_key


@strawberry.input(description="An analyst's decision on whether two accounts are one person.")
class DecideSamePersonInput:
    account_id: strawberry.ID = strawberry.field(description="One account.")
    other_account_id: strawberry.ID = strawberry.field(description="The other account.")
    same_person: bool = strawberry.field(
        description="True to confirm (or assert) one person; false to reject.")
    reason: str = strawberry.field(description="Why (recorded; binds later relinking).")


@strawberry.type(description="The outcome of decideSamePerson.")
class DecideSamePersonPayload:
    status: SamePersonStatus | None = strawberry.field(
        description="CONFIRMED or REJECTED, as decided.")
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


@strawberry.input(description="A request to relink every account into suspects.")
class StartRelinkInput:
    reason: str = strawberry.field(description="Why (recorded in the audit log).")


@strawberry.type(description="The outcome of startRelink.")
class StartRelinkPayload:
    job: RelinkJob | None = strawberry.field(description="The job, queued; follow it with "
                                                         "relinkJob.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type
class IdentityMutation:
    @mutation(description="Start a relink of every account in the background (an analyst or "
                          "supervisor); refused while one is running.")
    async def start_relink(self, info: Info, input: StartRelinkInput) -> StartRelinkPayload:
        graph = info.context.graph
        job = await relinking.start_relink(graph, info.context.principal, input.reason)
        info.context.background.start(relinking.run_relink(graph, job.id),
                                      name=f"relink-{job.id}")
        return StartRelinkPayload(job=RelinkJob.from_record(job), user_errors=[])

    @mutation(description="Confirm, reject or assert that two accounts are one person.")
    async def decide_same_person(self, info: Info,
                                 input: DecideSamePersonInput) -> DecideSamePersonPayload:
        status = await identity_rules.decide(
            info.context.graph, info.context.principal,
            business_key(input.account_id, "Account", "accountId"),
            business_key(input.other_account_id, "Account", "otherAccountId"),
            input.same_person, input.reason)
        return DecideSamePersonPayload(status=SamePersonStatus(status), user_errors=[])

    @mutation(description="Record that a platform banned an account.")
    async def record_account_ban(self, info: Info,
                                 input: RecordAccountBanInput) -> RecordAccountBanPayload:
        principal = info.context.principal
        principal.require(Permission.DECIDE_LINKS)
        key = business_key(input.account_id, "Account", "accountId")
        audit = AuditEntry(str(uuid.uuid4()), datetime.now(UTC), principal.subject,
                           principal.role.value, "ALTERATION", force=principal.force,
                           justification=f"ban recorded: {input.source}")
        recorded = await identity.record_ban(info.context.graph, key, input.banned_at,
                                             input.source, audit)
        return RecordAccountBanPayload(recorded=recorded, user_errors=[] if recorded else [
            UserError(field=["input", "accountId"], message="no such account",
                      code=UserErrorCode("NOT_FOUND"))])
