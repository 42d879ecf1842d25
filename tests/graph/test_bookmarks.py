"""Read-your-writes on a cluster: every session of a process shares one bookmark manager, so a
read routed to a reader waits for the writes this process has made."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from graph.driver import Graph


async def test_a_write_leaves_its_bookmark_and_the_next_read_sees_it(clean_graph: Graph) -> None:
    before = set(await clean_graph.bookmarks.get_bookmarks())

    async def create(tx: AsyncManagedTransaction) -> None:
        await tx.run("CREATE (:BookmarkProbe {name: 'after-write'})")

    await clean_graph.write(create)
    after = set(await clean_graph.bookmarks.get_bookmarks())
    assert after
    assert after != before
    rows = await clean_graph.rows("MATCH (p:BookmarkProbe) RETURN p.name AS name")
    assert rows == [{"name": "after-write"}]
