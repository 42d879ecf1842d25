"""Relay cursor connections with `totalCount`, and opaque keyset cursors.

Cursors encode the sort key of the last row (time and business key), so a page never skips or
repeats rows when new referrals arrive between requests, as offsets would.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Generic, TypeVar

import strawberry

from casework.errors import RuleViolation

NodeT = TypeVar("NodeT")
MAX_PAGE = 100


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether another page follows.")
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` to get the next page.")


@strawberry.type(description="A node and the cursor that points at it.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque position of this item.")


@strawberry.type(description="A page of a list, with the list's total size.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items on this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(
        description="How many items the whole list holds, within the caller's scope.")


def encode_cursor(at: datetime, key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([at.isoformat(), key]).encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    if cursor is None:
        return None
    try:
        at, key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(at), str(key)
    except (ValueError, TypeError) as error:
        raise RuleViolation.one(("after",), "is not a cursor from this API",
                                "INVALID_CURSOR") from error


def connection(nodes: Sequence[NodeT], size: int, total: int,
               position: Callable[[NodeT], tuple[datetime, str]]) -> Connection[NodeT]:
    """The first `size` of `nodes`, each with the cursor of its `position` (sort time and
    business key); `nodes` holds one more when another page follows."""
    edges = [Edge(node=node, cursor=encode_cursor(*position(node))) for node in nodes[:size]]
    return Connection(edges=edges, total_count=total, page_info=PageInfo(
        has_next_page=len(nodes) > size, end_cursor=edges[-1].cursor if edges else None))


def page_size(first: int | None, default: int = 20) -> int:
    size = default if first is None else first
    if not 1 <= size <= MAX_PAGE:
        raise RuleViolation.one(("first",), f"must be between 1 and {MAX_PAGE}",
                                "INVALID_PAGE_SIZE")
    return size
