"""The audit log, for supervisors: who collected, consulted, disclosed, combined or erased what."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from casework.access import Permission
from graph.audit import list_events
from resolvers.context import Info
from resolvers.pagination import Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size


@strawberry.enum(description="Kinds of processing that DPA 2018 s.62 requires to be logged.")
class AuditAction(Enum):
    COLLECTION = "COLLECTION"
    ALTERATION = "ALTERATION"
    CONSULTATION = "CONSULTATION"
    DISCLOSURE = "DISCLOSURE"
    COMBINATION = "COMBINATION"
    ERASURE = "ERASURE"


@strawberry.type(description="One logged act of processing. Entries are never changed.")
class AuditEvent:
    id: str = strawberry.field(description="Event id.")
    at: datetime = strawberry.field(description="When (UTC).")
    action: AuditAction = strawberry.field(description="What kind of processing.")
    actor: str = strawberry.field(description="Who (token subject).")
    role: str = strawberry.field(description="The actor's role.")
    force: str | None = strawberry.field(description="The actor's force, for force roles.")
    targets: list[str] = strawberry.field(description="Case and report references concerned.")
    justification: str | None = strawberry.field(description="Why, as the actor stated it.")
    recipient: str | None = strawberry.field(description="Who received a disclosure.")
    operation: str | None = strawberry.field(description="The GraphQL operation, if any.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditEvent:
        return cls(id=row["id"], at=row["at"].to_native(), action=AuditAction(row["action"]),
                   actor=row["actor"], role=row["role"], force=row.get("force"),
                   targets=list(row.get("targets") or []),
                   justification=row.get("justification"), recipient=row.get("recipient"),
                   operation=row.get("operation"))


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The audit log, newest first (supervisors only).")
    async def audit_events(self, info: Info, action: AuditAction | None = None,
                           actor: str | None = None, target: str | None = None,
                           first: int | None = None,
                           after: str | None = None) -> Connection[AuditEvent]:
        info.context.principal.require(Permission.READ_AUDIT)
        size = page_size(first)
        rows, total = await list_events(info.context.graph, action.value if action else None,
                                        actor, target, size, decode_cursor(after))
        page = [AuditEvent.from_row(row) for row in rows[:size]]
        edges = [Edge(node=e, cursor=encode_cursor(e.at, e.id)) for e in page]
        return Connection(edges=edges, total_count=total, page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None))
