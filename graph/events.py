"""The case events outbox: an event is written in its change's own transaction and relayed to
NATS afterwards, so it is never lost between commit and publish nor sent for a rolled-back
change.

Relaying processes lease a batch of the oldest entries (so two processes rarely publish one
entry twice; when they do, JetStream drops the repeat by the entry's id) and delete what they
have published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.driver import Graph
from graph.records import rows_of

# The event carries the case's force as the change leaves it: its subscribers are that force's.
_WRITE: LiteralString = """
MATCH (c:Case {reference: $reference})
CREATE (:OutboxEvent {id: $id, caseReference: c.reference, force: c.force, kind: $kind,
                      at: $at, detail: $detail})
"""

_LEASE: LiteralString = """
MATCH (o:OutboxEvent) WHERE o.leasedUntil IS NULL OR o.leasedUntil < $now
WITH o ORDER BY o.at, o.id LIMIT $limit
SET o.leasedUntil = $until
RETURN o.id AS id, o.caseReference AS caseReference, o.force AS force, o.kind AS kind,
       o.at AS at, o.detail AS detail
"""

_DONE: LiteralString = "UNWIND $ids AS id MATCH (o:OutboxEvent {id: id}) DELETE o"


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    """An event waiting to be relayed: its id, the case, the case's force, kind, time, note."""

    id: str
    case_reference: str
    force: str
    kind: str
    at: datetime
    detail: str


async def write_case_event(tx: AsyncManagedTransaction, event_id: str, kind: str,
                           reference: str, at: datetime, detail: str) -> None:
    """In the change's transaction: the change and its event stand or fall together."""
    await tx.run(_WRITE, id=event_id, kind=kind, reference=reference, at=at, detail=detail)


async def lease_pending(graph: Graph, now: datetime, limit: int = 200,
                        lease: timedelta = timedelta(seconds=30)) -> list[OutboxEvent]:
    """The oldest events no other relay holds, leased to the caller for `lease`."""

    async def work(tx: AsyncManagedTransaction) -> list[OutboxEvent]:
        rows = await rows_of(await tx.run(_LEASE, now=now, until=now + lease, limit=limit))
        return [OutboxEvent(row["id"], row["caseReference"], row["force"], row["kind"],
                            row["at"], row["detail"]) for row in rows]

    return await graph.write(work)


async def relayed(graph: Graph, ids: list[str]) -> None:
    """Forget events that have been published."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_DONE, ids=ids)

    await graph.write(work)


async def pending_count(graph: Graph) -> int:
    """How many events wait to be relayed (the outbox backlog)."""
    rows = await graph.rows("MATCH (o:OutboxEvent) RETURN count(o) AS n")
    return int(rows[0]["n"])
