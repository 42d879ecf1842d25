"""The hub's advice to forces, and the best-practice library every force may search.

An advice note is addressed to a force (`(:Advice)-[:TO_FORCE]->(:Force)`) or written on a case
(`(:Case)-[:HAS_ADVICE]->(:Advice)`); a note on a case is read under the case's scope, so it
follows the case when the case changes force. Library entries (`:Practice`) hold no case data
and are open to every reader, found through the `practice_text` full-text index.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph

_ON_CASE: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
CREATE (a:Advice) SET a = $note
CREATE (c)-[:HAS_ADVICE]->(a)
RETURN a {.*, caseReference: c.reference} AS note
"""

_TO_FORCE: LiteralString = """
MATCH (f:Force {code: $note.forceCode})
CREATE (a:Advice) SET a = $note
CREATE (a)-[:TO_FORCE]->(f)
RETURN a {.*, caseReference: null} AS note
"""

# A note to a force is that force's; a note on a case belongs to whichever force has the case.
_NOTES: LiteralString = """
MATCH (a:Advice)
OPTIONAL MATCH (c:Case)-[:HAS_ADVICE]->(a)
WITH a, c, coalesce(c.force, a.forceCode) AS force
WHERE ($scope IS NULL OR force = $scope) AND ($force IS NULL OR force = $force)
"""

_NOTES_PAGE: LiteralString = _NOTES + """
  AND ($cursorAt IS NULL OR a.at < $cursorAt OR (a.at = $cursorAt AND a.id < $cursorId))
WITH a, c ORDER BY a.at DESC, a.id DESC LIMIT $limit
RETURN a {.*, caseReference: c.reference} AS note
"""

_MATCHING: LiteralString = """
CALL db.index.fulltext.queryNodes('practice_text', $search) YIELD node AS p
WITH p WHERE all(t IN $tags WHERE t IN p.tags)
"""

_ANY: LiteralString = """
MATCH (p:Practice) WHERE all(t IN $tags WHERE t IN p.tags)
"""

_PRACTICE_PAGE: LiteralString = """
  AND ($cursorAt IS NULL OR p.at < $cursorAt OR (p.at = $cursorAt AND p.id < $cursorId))
WITH p ORDER BY p.at DESC, p.id DESC LIMIT $limit
RETURN p {.id, .title, .body, .tags, .at, .by} AS entry
"""


async def give_advice(graph: Graph, note: dict[str, Any], reference: str | None,
                      scope: str | None, audit: dict[str, Any]) -> dict[str, Any] | None:
    """Store a note on the case (None when it is missing or out of scope) or, without a case,
    to `note["forceCode"]` (None when no such force), with its audit event."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        if reference is not None:
            result = await tx.run(_ON_CASE, reference=reference, scope=scope, note=note)
        else:
            result = await tx.run(_TO_FORCE, note=note)
        row = await result.single()
        if row is None:
            return None
        await write_event(tx, audit)
        stored: dict[str, Any] = row["note"]
        return stored

    return await graph.write(work)


def _cursor(after: tuple[datetime, str] | None) -> dict[str, Any]:
    return {"cursorAt": after[0] if after else None, "cursorId": after[1] if after else None}


async def advice_notes(graph: Graph, scope: str | None, force: str | None, first: int,
                       after: tuple[datetime, str] | None) -> tuple[list[dict[str, Any]], int]:
    """A page of notes, newest first (one more than asked, to tell if another page follows),
    and how many there are in all, within scope."""
    total = await graph.rows(_NOTES + " RETURN count(a) AS n", scope=scope, force=force)
    rows = await graph.rows(_NOTES_PAGE, scope=scope, force=force, limit=first + 1,
                            **_cursor(after))
    return [row["note"] for row in rows], total[0]["n"]


async def publish_practice(graph: Graph, entry: dict[str, Any]) -> dict[str, Any]:
    async def work(tx: AsyncManagedTransaction) -> dict[str, Any]:
        await tx.run("CREATE (p:Practice) SET p = $entry", entry=entry)
        return entry

    return await graph.write(work)


async def search_practice(graph: Graph, search: str | None, tags: list[str], first: int,
                          after: tuple[datetime, str] | None
                          ) -> tuple[list[dict[str, Any]], int]:
    """Entries matching the full-text `search` (Lucene syntax, or None for all) and carrying
    every tag, newest first, with how many match in all."""
    found: LiteralString = _MATCHING if search is not None else _ANY
    params = {"search": search, "tags": tags}
    total = await graph.rows(found + " RETURN count(p) AS n", **params)
    rows = await graph.rows(found + _PRACTICE_PAGE, **params, limit=first + 1,
                            **_cursor(after))
    return [row["entry"] for row in rows], total[0]["n"]
