"""What may be read of workflow."""

from __future__ import annotations

import strawberry

from casework.workflow import service as workflow
from resolvers.context import Info
from resolvers.reads import moved_to_case
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
                                  "for the cases you may read.")
    async def overdue_victim_updates(self, info: Info) -> list[VictimUpdateDue]:
        late = await workflow.overdue_victim_updates(info.context.graph,
                                                     info.context.principal)
        return [VictimUpdateDue.from_clock(reference, clock) for reference, clock in late]
