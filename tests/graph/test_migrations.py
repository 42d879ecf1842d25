"""Migrations that mend data: what they keep and what they remove."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from graph.driver import Graph
from graph.migrations import MIGRATIONS, apply

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
