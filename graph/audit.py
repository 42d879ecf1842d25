"""The Data Protection Act 2018 s.62 log: append-only audit events in the graph.

Events are only ever created, never updated or deleted by the application; a supervisor reads
them. Erasure events hold metadata (who erased what, when), never the erased content.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from neo4j import AsyncManagedTransaction

from graph.driver import Graph
from graph.pages import Key, Window, newest_first

CREATE_EVENT = "CREATE (e:AuditEvent) SET e = $event"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One act of processing: who (subject, role, force), what kind, when, on which cases and
    reports, why, and to whom a disclosure went; or one attempt refused, and `reason` why."""

    id: str
    at: datetime
    actor: str
    role: str
    action: str
    force: str | None = None
    targets: tuple[str, ...] = ()
    justification: str | None = None
    recipient: str | None = None
    operation: str | None = None
    reason: str | None = None

    def properties(self) -> dict[str, Any]:
        """The event's node properties: absent values are not stored."""
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in asdict(self).items() if value is not None}


Change = TypeVar("Change")


@dataclass(frozen=True, slots=True)
class Planned(Generic[Change]):
    """What a decision writes: the change (a typed record) and its audit entry, which a store
    writes in one transaction."""

    record: Change
    audit: AuditEntry


async def write_event(tx: AsyncManagedTransaction, event: AuditEntry) -> None:
    """In the caller's transaction: the audited change and its entry stand or fall together."""
    await tx.run(CREATE_EVENT, event=event.properties())


async def record_event(graph: Graph, event: AuditEntry) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await write_event(tx, event)

    await graph.write(work)


async def list_events(graph: Graph, action: str | None, actor: str | None, target: str | None,
                      window: Window[Key]) -> tuple[list[AuditEntry], int]:
    """A page of the log, newest first, of one kind of processing, one actor or one target
    when given, and how many entries match in all."""
    return await newest_first(
        graph, AuditEntry,
        "MATCH (e:AuditEvent) WHERE ($action IS NULL OR e.action = $action) "
        "AND ($actor IS NULL OR e.actor = $actor) AND ($target IS NULL OR $target IN e.targets)",
        "e", "e {.*}", window, action=action, actor=actor, target=target)
