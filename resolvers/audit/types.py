"""The GraphQL types of audit."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.audit import AuditEntry
from resolvers.enums import AuditAction


@strawberry.type(description="One logged act of processing. Entries are never changed.")
class AuditEvent:
    id: str = strawberry.field(description="Event id.")
    at: datetime = strawberry.field(description="When (UTC).")
    action: AuditAction = strawberry.field(description="What kind of processing.")
    actor: str = strawberry.field(description="Who (token subject).")
    role: str = strawberry.field(description="The actor's role.")
    force: str | None = strawberry.field(description="The actor's force, for force roles.")
    targets: list[str] = strawberry.field(
        description="Case and report references concerned; suspects read as `suspect:<id>`, "
                    "audit entries read as `audit:<id>`.")
    justification: str | None = strawberry.field(description="Why, as the actor stated it.")
    recipient: str | None = strawberry.field(description="Who received a disclosure.")
    operation: str | None = strawberry.field(description="The GraphQL operation, if any.")
    reason: str | None = strawberry.field(description="Why an attempt was refused (REFUSAL).")

    @classmethod
    def from_record(cls, entry: AuditEntry) -> AuditEvent:
        return cls(id=entry.id, at=entry.at, action=AuditAction(entry.action),
                   actor=entry.actor, role=entry.role, force=entry.force,
                   targets=list(entry.targets), justification=entry.justification,
                   recipient=entry.recipient, operation=entry.operation,
                   reason=entry.reason)
