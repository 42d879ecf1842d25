"""What may be read of advice."""

from __future__ import annotations

from typing import Any

import strawberry

from casework.advice import service as advice
from resolvers.advice.types import AdviceNote, PracticeEntry
from resolvers.context import Info
from resolvers.pagination import Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size


def _page(nodes: list[Any], size: int, total: int) -> Connection[Any]:
    """Newest first, by a keyset on (when written, id)."""
    edges = [Edge(node=n, cursor=encode_cursor(n.at, str(n.id))) for n in nodes[:size]]
    return Connection(edges=edges, total_count=total, page_info=PageInfo(
        has_next_page=len(nodes) > size, end_cursor=edges[-1].cursor if edges else None))


@strawberry.type
class AdviceQuery:
    @strawberry.field(description="Advice notes you may read, newest first: for a force "
                                  "officer, those to their force and on its cases.")
    async def advice_notes(self, info: Info, force_code: str | None = None,
                           first: int | None = None,
                           after: str | None = None) -> Connection[AdviceNote]:
        size = page_size(first)
        rows, total = await advice.advice_notes(info.context.graph, info.context.principal,
                                                force_code, size, decode_cursor(after))
        info.context.loaders.consulted.update(
            row["caseReference"] for row in rows[:size] if row.get("caseReference"))
        return _page([AdviceNote.from_row(row) for row in rows], size, total)

    @strawberry.field(description="The best-practice library, newest first: entries holding "
                                  "every word searched for (stemmed) and every tag given.")
    async def best_practice(self, info: Info, search: str | None = None,
                            tags: list[str] | None = None, first: int | None = None,
                            after: str | None = None) -> Connection[PracticeEntry]:
        size = page_size(first)
        rows, total = await advice.best_practice(info.context.graph, info.context.principal,
                                                 search, tags or [], size, decode_cursor(after))
        return _page([PracticeEntry.from_row(row) for row in rows], size, total)
