"""The GraphQL types of events."""

from __future__ import annotations

from datetime import datetime

import strawberry

from casework.events import CaseEvent


@strawberry.type(description="Something happened to a case.")
class CaseEventType:
    case_reference: str = strawberry.field(description="The case.")
    force_code: str = strawberry.field(description="The case's responsible force.")
    kind: str = strawberry.field(description="What happened, e.g. REPORT_RECEIVED.")
    at: datetime = strawberry.field(description="When (UTC).")
    detail: str = strawberry.field(description="A reference or short note.")

    @classmethod
    def from_event(cls, event: CaseEvent) -> CaseEventType:
        return cls(case_reference=event.case_reference, force_code=event.force,
                   kind=event.kind, at=event.at, detail=event.detail)
