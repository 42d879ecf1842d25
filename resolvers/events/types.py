"""The GraphQL types of events."""

from __future__ import annotations

from datetime import datetime

import strawberry

from casework.events import CaseEvent
from resolvers.enums import EventKind
from resolvers.reference.types import code_of_force, refers_to_force


@strawberry.type(description="Something happened to a case.")
class CaseEventType:
    case_reference: str = strawberry.field(description="The case.")
    force_code: str = code_of_force("The case's responsible force, or HUB.")
    force = refers_to_force("force_code", description="The case's responsible force; null "
                                                       "while the hub keeps the case.")
    kind: EventKind = strawberry.field(description="What happened.")
    at: datetime = strawberry.field(description="When (UTC).")
    detail: str = strawberry.field(description="A reference or short note.")

    @classmethod
    def from_event(cls, event: CaseEvent) -> CaseEventType:
        return cls(case_reference=event.case_reference, force_code=event.force,
                   kind=EventKind(event.kind), at=event.at, detail=event.detail)
