"""The case events outbox against Neo4j: events are handed out oldest first, each to one relay
at a time, until they are relayed; an event carries its case's force."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from neo4j import AsyncManagedTransaction

from graph.driver import Graph
from graph.events import (
    OutboxEvent,
    lease_pending,
    pending_count,
    relayed,
    write_case_event,
)
from tests.support.stores import LEEDS, open_case

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)
LEASE = timedelta(seconds=30)


async def drain(graph: Graph, now: datetime) -> None:
    """Relay whatever the module's intakes left, so a test sees its own events only."""
    while leased := await lease_pending(graph, now):
        await relayed(graph, [event.id for event in leased])


async def write(graph: Graph, event_id: str, case: str, at: datetime) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await write_case_event(tx, event_id, "TRIAGED", case, at, f"detail of {event_id}")

    await graph.write(work)


async def test_events_are_leased_oldest_first_once_until_their_lease_runs_out(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GE-1")
    await drain(store_graph, AT)
    for n, minutes in ((1, 2), (2, 0), (3, 1)):
        await write(store_graph, f"event-{n}", case, AT + timedelta(minutes=minutes))
    assert await pending_count(store_graph) == 3

    first = await lease_pending(store_graph, AT, limit=2, lease=LEASE)
    assert first == [
        OutboxEvent("event-2", case, LEEDS, "TRIAGED", AT, "detail of event-2"),
        OutboxEvent("event-3", case, LEEDS, "TRIAGED", AT + timedelta(minutes=1),
                    "detail of event-3")]
    # Another relay meanwhile gets only what the first does not hold.
    assert [e.id for e in await lease_pending(store_graph, AT, lease=LEASE)] == ["event-1"]
    assert await lease_pending(store_graph, AT + LEASE / 2) == []
    # A relay that died holding a lease: its events go to the next relay once it runs out.
    later = AT + LEASE + timedelta(seconds=1)
    assert [e.id for e in await lease_pending(store_graph, later, limit=2)] == [
        "event-2", "event-3"]


async def test_relayed_events_are_gone_for_good(store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GE-2")
    await drain(store_graph, AT + timedelta(days=1))
    await write(store_graph, "event-4", case, AT)
    await write(store_graph, "event-5", case, AT)
    await relayed(store_graph, ["event-4"])
    assert await pending_count(store_graph) == 1
    later = AT + timedelta(days=2)
    assert [e.id for e in await lease_pending(store_graph, later)] == ["event-5"]
    await relayed(store_graph, ["event-5", "event-never-written"])
    assert await pending_count(store_graph) == 0
    assert await lease_pending(store_graph, later + timedelta(days=1)) == []


async def test_an_event_for_a_case_that_does_not_exist_is_not_written(
        store_graph: Graph) -> None:
    await drain(store_graph, AT + timedelta(days=3))
    await write(store_graph, "event-6", "HUB-2026-999999", AT)
    assert await pending_count(store_graph) == 0
