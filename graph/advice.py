"""The hub's advice to forces, and the best-practice library every force may search.

An advice note is addressed to a force (`(:Advice)-[:TO_FORCE]->(:Force)`) or written on a case
(`(:Case)-[:HAS_ADVICE]->(:Advice)`); a note on a case is read under the case's scope, so it
follows the case when the case changes force. Library entries (`:Practice`) hold no case data
and are open to every reader, found through the `practice_text` full-text index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import AuditEntry, write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph
from graph.pages import Key, Window, newest_first
from graph.records import properties, record_of


@dataclass(frozen=True, slots=True)
class Guidance:
    """What the hub writes for forces: a title, the text, tags, who wrote it and when."""

    id: str
    title: str
    body: str
    at: datetime
    by: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AdviceNote(Guidance):
    """A note to one force (`force_code`) or on one case (`case_reference`)."""

    force_code: str | None = None
    case_reference: str | None = None


@dataclass(frozen=True, slots=True)
class PracticeEntry(Guidance):
    """An entry of the library: no case data, open to every force."""


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

# Notes holding every word searched for (the `advice_text` index), then as `_NOTES`.
_NOTES_MATCHING: LiteralString = """
CALL db.index.fulltext.queryNodes('advice_text', $search) YIELD node AS a
OPTIONAL MATCH (c:Case)-[:HAS_ADVICE]->(a)
WITH a, c, coalesce(c.force, a.forceCode) AS force
WHERE ($scope IS NULL OR force = $scope) AND ($force IS NULL OR force = $force)
"""

_MATCHING: LiteralString = """
CALL db.index.fulltext.queryNodes('practice_text', $search) YIELD node AS p
WITH p WHERE all(t IN $tags WHERE t IN p.tags)
"""

_ANY: LiteralString = """
MATCH (p:Practice) WHERE all(t IN $tags WHERE t IN p.tags)
"""


async def give_advice(graph: Graph, note: AdviceNote, scope: str | None,
                      audit: AuditEntry) -> AdviceNote | None:
    """Store a note on its case (None when the case is missing or out of scope) or, without a
    case, to its force (None when no such force), with its audit event."""
    written = properties(note, leave_out=("case_reference",))

    async def work(tx: AsyncManagedTransaction) -> AdviceNote | None:
        if note.case_reference is not None:
            result = await tx.run(_ON_CASE, reference=note.case_reference, scope=scope,
                                  note=written)
        else:
            result = await tx.run(_TO_FORCE, note=written)
        row = await result.single()
        if row is None:
            return None
        await write_event(tx, audit)
        return record_of(AdviceNote, row["note"])

    return await graph.write(work)


async def advice_notes(graph: Graph, scope: str | None, force: str | None,
                       window: Window[Key], search: str | None = None
                       ) -> tuple[list[AdviceNote], int]:
    """A page of notes, newest first (one more than asked, to tell if another page follows),
    and how many there are in all, within scope; only those matching the full-text `search`
    (Lucene syntax) when given."""
    return await newest_first(graph, AdviceNote,
                              _NOTES_MATCHING if search is not None else _NOTES, "a",
                              "a {.*, caseReference: c.reference}", window,
                              scope=scope, force=force, search=search)


async def publish_practice(graph: Graph, entry: PracticeEntry) -> PracticeEntry:
    """Store the entry, its tags also as one text for the full-text index."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run("CREATE (p:Practice) SET p = $entry",
                     entry={**properties(entry), "tagText": " ".join(entry.tags)})

    await graph.write(work)
    return entry


async def search_practice(graph: Graph, search: str | None, tags: list[str],
                          window: Window[Key]) -> tuple[list[PracticeEntry], int]:
    """Entries matching the full-text `search` (Lucene syntax, or None for all) and carrying
    every tag, newest first, with how many match in all."""
    found: LiteralString = _MATCHING if search is not None else _ANY
    return await newest_first(graph, PracticeEntry, found, "p",
                              "p {.id, .title, .body, .tags, .at, .by}", window,
                              search=search, tags=tags)
