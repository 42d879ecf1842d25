"""What may be read of audit."""

from __future__ import annotations

import strawberry

from casework.access import Permission
from graph.audit import list_events
from resolvers.audit.types import AuditEvent
from resolvers.context import Info
from resolvers.enums import AuditAction
from resolvers.pagination import Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size


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
