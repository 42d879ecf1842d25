"""What may be read of audit."""

from __future__ import annotations

import strawberry

from casework.access import Permission
from graph.audit import list_events
from resolvers.audit.types import AuditEvent
from resolvers.context import Info
from resolvers.enums import AuditAction
from resolvers.pagination import Connection, connection, keyset_cursor, keyset_window
from resolvers.reads import consulted, shows_items


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The audit log, newest first (supervisors only).")
    async def audit_events(self, info: Info, action: AuditAction | None = None,
                           actor: str | None = None, target: str | None = None,
                           first: int | None = None, after: str | None = None,
                           last: int | None = None,
                           before: str | None = None) -> Connection[AuditEvent]:
        info.context.principal.require(Permission.READ_AUDIT)
        window = keyset_window(first, after, last, before)
        entries, total = await list_events(info.context.graph,
                                           action.value if action else None, actor, target,
                                           window)
        if shows_items(info):  # a supervisor reading the log is itself logged
            consulted(info, (f"audit:{entry.id}" for entry in window.shown(entries)))
        return connection([AuditEvent.from_record(entry) for entry in entries], window, total,
                          lambda event: keyset_cursor(event.at, event.id))
