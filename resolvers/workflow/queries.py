"""What may be read of workflow."""

from __future__ import annotations

import strawberry

from casework.workflow import service as workflow
from resolvers.context import Info
from resolvers.pagination import Connection, listed
from resolvers.reads import moved_to_case, paged_as
from resolvers.workflow.types import StatusChange, VictimUpdateDue


@strawberry.type
class WorkflowQuery:
    @strawberry.field(description="Every status change of a case, oldest first; null when it "
                                  "does not exist or is outside your force.",
                      deprecation_reason=moved_to_case("history"))
    async def case_history(self, info: Info, reference: str) -> list[StatusChange] | None:
        changes = await workflow.case_history(info.context.graph, info.context.principal,
                                              reference)
        if changes is None:
            await info.context.loaders.refused_if_elsewhere([reference])
            return None
        return [StatusChange.from_record(c) for c in changes]

    @strawberry.field(description="Updates owed to victims and now late, most overdue first, "
                                  "for the cases you may read, a page at a time.")
    async def overdue_victim_updates_connection(
            self, info: Info, first: int | None = None, after: str | None = None,
            last: int | None = None, before: str | None = None
    ) -> Connection[VictimUpdateDue]:
        late = await workflow.overdue_victim_updates(info.context.graph,
                                                     info.context.principal)
        # A clock is one victim's, started by one trigger at one time, on one case.
        return listed([((clock.due, f"{reference} {clock.victim_id} {clock.trigger.value} "
                                    f"{clock.trigger_at.isoformat()}"),
                        VictimUpdateDue.from_clock(reference, clock))
                       for reference, clock in late], "DUE_AT", first, after, last, before)

    @strawberry.field(description="Updates owed to victims and now late, most overdue first, "
                                  "for the cases you may read.",
                      deprecation_reason=paged_as("overdueVictimUpdatesConnection"))
    async def overdue_victim_updates(self, info: Info) -> list[VictimUpdateDue]:
        late = await workflow.overdue_victim_updates(info.context.graph,
                                                     info.context.principal)
        return [VictimUpdateDue.from_clock(reference, clock) for reference, clock in late]
