"""Pages of ordered lists: which rows a page holds (`Window`), and keyset paging in Cypher.

A keyset cursor names a row by its sort key (a time and an id), so a page never skips or
repeats rows when new ones arrive between requests, as offsets would. Advice notes, the
best-practice library, the audit log and cases are paged this way; ranked lists, whose order
is computed, page by position.

Every paged query returns its rows in list order, with at most one row more than the page
holds on the side away from where the page is anchored, to tell whether more follow there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, LiteralString, TypeVar

from graph.driver import Graph
from graph.records import record_of

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    R = TypeVar("R", bound=DataclassInstance)

K = TypeVar("K")
T = TypeVar("T")
Key = tuple[datetime, str]


@dataclass(frozen=True, slots=True)
class Window(Generic[K]):
    """Up to `size` rows strictly between the rows named by `after` and `before`: the first
    such rows, or the last when `from_end` (Relay's `last`)."""

    size: int
    after: K | None = None
    before: K | None = None
    from_end: bool = False

    def shown(self, rows: list[T]) -> list[T]:
        """The rows of the page, out of a query's answer (which may hold one more)."""
        return rows[-self.size:] if self.from_end else rows[:self.size]

    def in_list_order(self, rows: list[T]) -> list[T]:
        """Rows read nearest the anchor first (see `keyset_order`), put back in list order."""
        return rows[::-1] if self.from_end else rows


def by_position(window: Window[int], total: int) -> tuple[int, int]:
    """SKIP and LIMIT of `window` in a list of `total` rows paged by position (0-based)."""
    start = 0 if window.after is None else window.after + 1
    stop = total if window.before is None else min(window.before, total)
    skip = max(start, stop - window.size - 1) if window.from_end else start
    return skip, max(0, min(window.size + 1, stop - skip))


def keyset_between(at: LiteralString, key: LiteralString, descending: bool) -> LiteralString:
    """Cypher keeping the rows strictly between `$afterAt/$afterId` and `$beforeAt/$beforeId`
    (either may be null) in a list ordered by (`at`, `key`)."""
    later: LiteralString = "<" if descending else ">"
    earlier: LiteralString = ">" if descending else "<"
    return ("($afterAt IS NULL OR " + at + " " + later + " $afterAt OR (" + at +
            " = $afterAt AND " + key + " " + later + " $afterId)) AND ($beforeAt IS NULL OR " +
            at + " " + earlier + " $beforeAt OR (" + at + " = $beforeAt AND " + key + " " +
            earlier + " $beforeId))")


def keyset_order(window: Window[Any], at: LiteralString, key: LiteralString,
                 descending: bool) -> LiteralString:
    """ORDER BY and LIMIT reading from the page's anchor: from `after` onward, or from `before`
    backward when the page is anchored at the end."""
    direction: LiteralString = " DESC" if descending != window.from_end else ""
    return " ORDER BY " + at + direction + ", " + key + direction + " LIMIT $limit"


def keyset_params(window: Window[Any]) -> dict[str, Any]:
    """The bounds of `window` as `keyset_between` names them; a bound is any (sort value, id)."""
    after, before = window.after or (None, None), window.before or (None, None)
    return {"afterAt": after[0], "afterId": after[1], "beforeAt": before[0],
            "beforeId": before[1], "limit": window.size + 1}


async def newest_first(graph: Graph, kind: type[R], matched: LiteralString, node: LiteralString,
                       returned: LiteralString, window: Window[Key],
                       **params: Any) -> tuple[list[R], int]:
    """The rows of `window` in a list ordered newest first, and how many match in all.

    `matched` is a MATCH ending in its WHERE conditions and binding `node` (which has `at` and
    `id`); `returned` is the map each row returns, read as a `kind`."""
    at: LiteralString = node + ".at"
    key: LiteralString = node + ".id"
    total = await graph.rows(matched + " RETURN count(" + node + ") AS n", **params)
    rows = await graph.rows(
        matched + " AND " + keyset_between(at, key, descending=True) +
        " RETURN " + returned + " AS found" + keyset_order(window, at, key, descending=True),
        **params, **keyset_params(window))
    found = [record_of(kind, row["found"]) for row in rows]
    return window.in_list_order(found), total[0]["n"]
