"""The audit store against Neo4j: entries are written whole and read back by who, what, whom."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graph.audit import AuditEntry, list_events, record_event
from graph.driver import Graph
from graph.pages import Window

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)


def entry(n: int, actor: str, action: str, *targets: str) -> AuditEntry:
    return AuditEntry(f"e-{n}", AT + timedelta(minutes=n), actor, "HUB_OFFICER", action,
                      targets=targets, justification="checking the hub behaves")


async def test_entries_read_back_whole_newest_first_and_filtered(clean_graph: Graph) -> None:
    written = [entry(0, "alice", "COLLECTION", "HUB-2026-000001"),
               entry(1, "bob", "CONSULTATION", "HUB-2026-000001", "HUB-2026-000002"),
               entry(2, "alice", "CONSULTATION", "HUB-2026-000002")]
    for event in written:
        await record_event(clean_graph, event)

    assert await list_events(clean_graph, None, None, None, Window(10)) == (written[::-1], 3)
    assert await list_events(clean_graph, "CONSULTATION", "alice", None, Window(10)) == (
        [written[2]], 1)
    assert await list_events(clean_graph, None, None, "HUB-2026-000001", Window(10)) == (
        [written[1], written[0]], 2)
    older, total = await list_events(clean_graph, None, None, None,
                                     Window(1, after=(written[2].at, "e-2")))
    assert (older, total) == ([written[1], written[0]], 3)  # the page and one more


async def test_an_entry_with_no_force_or_recipient_stores_no_such_properties(
        clean_graph: Graph) -> None:
    await record_event(clean_graph, entry(0, "alice", "COLLECTION"))
    stored = await clean_graph.rows("MATCH (e:AuditEvent {id: 'e-0'}) RETURN keys(e) AS keys")
    assert sorted(stored[0]["keys"]) == ["action", "actor", "at", "id", "justification", "role",
                                         "targets"]
