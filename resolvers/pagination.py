"""Relay cursor connections: `first/after/last/before`, full `PageInfo` and `totalCount`.

Every connection takes the four arguments, `first` and `after`, `last` and `before`, turns them
into a `graph.pages.Window` through `keyset_window` or `position_window`, which refuse a bad page as
mature servers do, and answers with `connection`. Cursors are opaque: base64 of the row's sort
key (time and business key), so a row's cursor is the same on every page and a page never skips
or repeats rows when new ones arrive; ranked lists, whose order is computed, use positions.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry

from casework.errors import RuleViolation, UserError
from graph.pages import Key, Window

NodeT = TypeVar("NodeT")
K = TypeVar("K")
MAX_PAGE = 100
DEFAULT_PAGE = 20

@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="Whether items follow this page: when paging with `first`, more are left "
                    "before the end (or `before`); with `last`, `before` was given.")
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page.")
    has_previous_page: bool = strawberry.field(
        description="Whether items come before this page: when paging with `last`, more are "
                    "left after the start (or `after`); with `first`, `after` was given.")
    start_cursor: str | None = strawberry.field(
        description="Pass as `before` to get the previous page.")


@strawberry.type(description="A node and the cursor that points at it.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque position of this item.")


@strawberry.type(description=(
    "A page of a list, with the list's total size: the first items (`first`, after the cursor "
    "`after` when given) or the last (`last`, before the cursor `before`), 1 to "
    f"{MAX_PAGE} of them, {DEFAULT_PAGE} when neither size is given."))
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items on this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(
        description="How many items the whole list holds, within the caller's scope.")


def _encode(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def keyset_cursor(at: datetime, key: str) -> str:
    """The cursor of the row whose sort key is (`at`, `key`)."""
    return _encode([at.isoformat(), key])


def sort_cursor(field: str, value: Any, key: str) -> str:
    """The cursor of the row whose sort key under `field` is (`value`, `key`): it names its
    field, so that a cursor of one order is refused by another."""
    return _encode([field, value.isoformat() if isinstance(value, datetime) else value, key])


def position_cursor(position: int) -> str:
    """The cursor of the row at `position` (0-based) of a ranked list."""
    return _encode([position])


def _read_key(cursor: str) -> Key:
    at, key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    return datetime.fromisoformat(at), str(key)


def _read_position(cursor: str) -> int:
    if cursor.isdigit():  # the plain counts suspects were paged by before cursors were opaque
        return int(cursor) - 1
    (position,) = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    if not isinstance(position, int) or position < 0:
        raise ValueError(cursor)
    return position


def _window(first: int | None, after: str | None, last: int | None, before: str | None,
            read: Callable[[str], K]) -> Window[K]:
    """The page asked for, or every reason it cannot be given at once."""
    errors: list[UserError] = []
    if first is not None and last is not None:
        errors.append(UserError(("last",), "cannot be given with first: ask for the first or "
                                "the last items of the list", "FIRST_AND_LAST"))
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 1 <= size <= MAX_PAGE:
            errors.append(UserError((name,), f"must be between 1 and {MAX_PAGE}",
                                    "INVALID_PAGE_SIZE"))
    keys: dict[str, K | None] = {}
    for name, cursor in (("after", after), ("before", before)):
        try:
            keys[name] = None if cursor is None else read(cursor)
        except (ValueError, TypeError):
            errors.append(UserError((name,), "is not a cursor from this API", "INVALID_CURSOR"))
    if errors:
        raise RuleViolation(errors)
    return Window(size=last or first or DEFAULT_PAGE, after=keys["after"],
                  before=keys["before"], from_end=last is not None)


def keyset_window(first: int | None, after: str | None, last: int | None,
                  before: str | None) -> Window[Key]:
    """The page asked for of a list paged by sort key (`keyset_cursor`)."""
    return _window(first, after, last, before, _read_key)


def sort_window(field: str, first: int | None, after: str | None, last: int | None,
                before: str | None) -> Window[tuple[Any, str]]:
    """The page asked for of a list sorted by `field` (`sort_cursor`): a time (a field ending
    `_AT`), a count (`_COUNT`) or a name. A cursor of the list in its first order, by time
    alone, is still read for `OPENED_AT`."""

    def read(cursor: str) -> tuple[Any, str]:
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if len(decoded) == 2 and field == "OPENED_AT":
            decoded = [field, *decoded]
        named, value, key = decoded
        if named != field:
            raise ValueError(cursor)
        if field.endswith("_AT"):
            return datetime.fromisoformat(value), str(key)
        if field.endswith("_COUNT"):
            if not isinstance(value, int):
                raise ValueError(cursor)
            return value, str(key)
        return str(value), str(key)

    return _window(first, after, last, before, read)


def position_window(first: int | None, after: str | None, last: int | None,
                    before: str | None) -> Window[int]:
    """The page asked for of a ranked list, paged by position (`position_cursor`)."""
    return _window(first, after, last, before, _read_position)


def connection(rows: Sequence[NodeT], window: Window[Any], total: int,
               cursor: Callable[[NodeT], str]) -> Connection[NodeT]:
    """The page of `window` out of `rows` (in list order, with perhaps one more beyond the
    page, away from its anchor), each node with its `cursor`.

    As the Relay specification allows, a page read forward says items come before it when
    `after` was given (the item it names does), and one read backward says items follow it
    when `before` was given."""
    edges = [Edge(node=node, cursor=cursor(node)) for node in window.shown(list(rows))]
    more = len(rows) > window.size
    return Connection(edges=edges, total_count=total, page_info=PageInfo(
        has_next_page=window.before is not None if window.from_end else more,
        has_previous_page=more if window.from_end else window.after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None))


def page_size(first: int) -> int:
    """How many items a plain (unpaged) list may return, refused as a connection's `first`."""
    return _window(first, None, None, None, _read_position).size


def shown_as(page: Connection[K], show: Callable[[K], NodeT]) -> Connection[NodeT]:
    """The same page with each node shown as `show` makes it (a stored record as its GraphQL
    type), its cursor and paging unchanged."""
    return Connection(edges=[Edge(node=show(edge.node), cursor=edge.cursor)
                             for edge in page.edges],
                      page_info=page.page_info, total_count=page.total_count)


def listed(keyed: Sequence[tuple[tuple[Any, str], NodeT]], tag: str, first: int | None,
           after: str | None, last: int | None, before: str | None,
           descending: bool = False) -> Connection[NodeT]:
    """A connection over a list read whole (a work queue computed by rules, a case's accounts):
    each node with its sort key, (a value, a unique id), whose order the page follows. Cursors
    are by key (`sort_cursor` under `tag`), as the database's lists are, so an item arriving
    while a client pages neither repeats nor skips one."""
    window = sort_window(tag, first, after, last, before)
    ordered = sorted(keyed, key=lambda pair: pair[0], reverse=descending)

    def precedes(a: tuple[Any, str], b: tuple[Any, str]) -> bool:
        return a > b if descending else a < b

    inside = [pair for pair in ordered
              if (window.after is None or precedes(window.after, pair[0]))
              and (window.before is None or precedes(pair[0], window.before))]
    rows = inside[-(window.size + 1):] if window.from_end else inside[:window.size + 1]
    cursors = {id(node): sort_cursor(tag, key[0], key[1]) for key, node in rows}
    return connection([node for _, node in rows], window, len(keyed),
                      lambda node: cursors[id(node)])
