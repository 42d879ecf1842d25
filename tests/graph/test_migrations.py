"""Migrations that mend data: what they keep and what they remove."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from graph.driver import Graph
from graph.migrations import MIGRATIONS, apply
from tests.support.stores import open_case, unmaintained_cases

RELATIONS = """
MATCH (a:Case)-[x:RELATED_TO]->(b:Case)
RETURN a.reference AS a, b.reference AS b, x.kind AS kind ORDER BY a, b, kind
"""


async def test_a_relation_written_both_ways_is_kept_once(clean_graph: Graph) -> None:
    written = [  # B named A first; A later named B back, and is also B's raid
        {"a": "HUB-B", "b": "HUB-A", "kind": "SAME_SUSPECT", "at": "2026-01-01T10:00Z"},
        {"a": "HUB-A", "b": "HUB-B", "kind": "SAME_SUSPECT", "at": "2026-01-02T10:00Z"},
        {"a": "HUB-A", "b": "HUB-B", "kind": "SAME_RAID_TEXT", "at": "2026-01-02T10:00Z"},
        {"a": "HUB-C", "b": "HUB-A", "kind": "SAME_SUSPECT", "at": "2026-01-03T10:00Z"},
    ]

    async def create(tx: AsyncManagedTransaction) -> None:
        await tx.run("UNWIND $written AS x "
                     "MERGE (a:Case {reference: x.a}) MERGE (b:Case {reference: x.b}) "
                     "CREATE (a)-[:RELATED_TO {kind: x.kind, at: datetime(x.at)}]->(b)",
                     written=written)

    await clean_graph.write(create)
    [mend] = [m for m in MIGRATIONS if m.name == "one relation per pair of related cases"]
    await apply(clean_graph, mend)
    assert await clean_graph.rows(RELATIONS) == [
        {"a": "HUB-A", "b": "HUB-B", "kind": "SAME_RAID_TEXT"},
        {"a": "HUB-B", "b": "HUB-A", "kind": "SAME_SUSPECT"},
        {"a": "HUB-C", "b": "HUB-A", "kind": "SAME_SUSPECT"},
    ]


async def test_cases_stored_before_they_were_sorted_get_their_count_and_last_change(
        clean_graph: Graph) -> None:
    leeds = await open_case(clean_graph, "TV-MIG-1")
    await open_case(clean_graph, "TV-MIG-2")

    async def forget(tx: AsyncManagedTransaction) -> None:
        # As a case stored before the sort keys were kept, which then changed status.
        await tx.run("MATCH (c:Case) REMOVE c.reportCount, c.updatedAt")
        await tx.run("MATCH (c:Case {reference: $r}) CREATE (c)-[:HAS_STATUS_CHANGE]->"
                     "(:StatusChange {at: datetime('2026-11-25T12:00:00Z')})", r=leeds)

    await clean_graph.write(forget)
    assert len(await unmaintained_cases(clean_graph)) == 2
    [sorted_] = [m for m in MIGRATIONS if m.name == "cases sorted and searched"]
    await apply(clean_graph, sorted_)
    assert await unmaintained_cases(clean_graph) == []
    rows = await clean_graph.rows("MATCH (c:Case) RETURN c.reference AS c, c.reportCount AS n,"
                                  " toString(c.updatedAt) AS at ORDER BY c")
    assert {row["c"]: row["at"] for row in rows}[leeds] == "2026-11-25T12:00:00Z"
    assert [row["n"] for row in rows] == [1, 1]
