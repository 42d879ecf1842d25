"""Reading one case's records by its global id, logged as consulted when anything is shown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from strawberry.types.nodes import SelectedField, Selection

from casework.access import Principal
from casework.errors import RuleViolation
from graph.driver import Graph
from resolvers.context import Info
from resolvers.ids import case_reference

Record = TypeVar("Record")
Shown = TypeVar("Shown")


def readable_case(global_id: str) -> str | None:
    try:
        return case_reference(global_id)
    except RuleViolation:
        return None


async def records_of_case(info: Info, case_id: str,
                          fetch: Callable[[Graph, Principal, str], Awaitable[list[Record] | None]],
                          show: Callable[[Record], Shown]) -> list[Shown] | None:
    """One case's records as `show` makes them GraphQL types, logged as consulted when any is
    shown; None when the id is not a case's, or the case is missing or outside scope (another
    force's case is then a refusal in the audit log)."""
    reference = readable_case(case_id)
    if reference is None:
        return None
    records = await fetch(info.context.graph, info.context.principal, reference)
    if records is None:
        await info.context.loaders.refused_if_elsewhere([reference])
        return None
    if records:
        consulted(info, {reference})
    return [show(record) for record in records]


def consulted(info: Info, references: Iterable[str]) -> None:
    """Case data shown here is logged as consulted, like anything the loaders hand out."""
    info.context.loaders.consulted.update(references)


def shows_items(info: Info) -> bool:
    """Whether the connection being resolved shows its items (`edges`), directly or through a
    fragment, and not only their count: a count consults nobody's record."""
    def selects(selections: list[Selection]) -> bool:
        return any(selection.name == "edges" if isinstance(selection, SelectedField)
                   else selects(selection.selections) for selection in selections)
    return any(selects(field.selections) for field in info.selected_fields)


def paged_as(field: str) -> str:
    """Why a plain list that can grow without bound is deprecated: its connection beside it."""
    return (f"A list that can grow without bound: page it with `{field}` (first/after, "
            f"last/before, totalCount).")


def moved_to_case(field: str) -> str:
    """Why a per-case root field is deprecated: `Case` holds the same list, read with the case
    in the case screen's one query."""
    return (f"Read `{field}` on the case: `case(reference:) {{ {field} }}`, or `node(id:)` on "
            f"a Case; the case screen reads it with the case, in one query.")
