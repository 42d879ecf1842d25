"""One page of a list, newest first, by a keyset on (when, id).

The cursor names the last row shown by its time and id, so a page never skips or repeats rows
when new ones arrive between requests, as offsets would. Advice notes, the best-practice library
and the audit log are paged this way.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, LiteralString, TypeVar

from graph.driver import Graph
from graph.records import record_of

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    R = TypeVar("R", bound=DataclassInstance)


async def newest_first(graph: Graph, kind: type[R], matched: LiteralString, node: LiteralString,
                       returned: LiteralString, first: int, after: tuple[datetime, str] | None,
                       **params: Any) -> tuple[list[R], int]:
    """The rows after `after`, newest first, and how many match in all.

    `matched` is a MATCH ending in its WHERE conditions and binding `node` (which has `at` and
    `id`); `returned` is the map each row returns, read as a `kind`. The page holds one row
    more than `first`, to tell whether another page follows."""
    total = await graph.rows(matched + " RETURN count(" + node + ") AS n", **params)
    rows = await graph.rows(
        matched + " AND ($afterAt IS NULL OR " + node + ".at < $afterAt OR (" + node +
        ".at = $afterAt AND " + node + ".id < $afterId)) RETURN " + returned + " AS found "
        "ORDER BY " + node + ".at DESC, " + node + ".id DESC LIMIT $limit",
        **params, afterAt=after[0] if after else None, afterId=after[1] if after else None,
        limit=first + 1)
    return [record_of(kind, row["found"]) for row in rows], total[0]["n"]
