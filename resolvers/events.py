"""Live case events over `graphql-transport-ws`, scoped like every query."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from resolvers.context import Info


@strawberry.type(description="Something happened to a case.")
class CaseEventType:
    case_reference: str = strawberry.field(description="The case.")
    force_code: str = strawberry.field(description="The case's responsible force.")
    kind: str = strawberry.field(description="What happened, e.g. REPORT_RECEIVED.")
    at: datetime = strawberry.field(description="When (UTC).")
    detail: str = strawberry.field(description="A reference or short note.")


@strawberry.type
class CaseSubscription:
    @strawberry.subscription(description="Case events as they happen: a force officer hears of "
                                         "their own force's cases only.")
    async def case_events(self, info: Info) -> AsyncGenerator[CaseEventType, None]:
        scope = info.context.principal.case_scope()
        async for event in info.context.events.subscribe(scope):
            yield CaseEventType(case_reference=event.case_reference, force_code=event.force,
                                kind=event.kind, at=event.at, detail=event.detail)
