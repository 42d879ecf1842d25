"""Live case events: the subscription."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers.context import Info
from resolvers.events.types import CaseEventType


@strawberry.type
class EventsSubscription:
    @strawberry.subscription(description="Case events as they happen: a force officer hears of "
                                         "their own force's cases only.")
    async def case_events(self, info: Info) -> AsyncGenerator[CaseEventType, None]:
        scope = info.context.principal.case_scope()
        async for event in info.context.events.subscribe(scope):
            yield CaseEventType.from_event(event)
