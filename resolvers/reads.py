"""Reading one case's records by its global id, logged as consulted when anything is shown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from casework.access import Principal
from casework.errors import RuleViolation
from graph.driver import Graph
from resolvers.context import Info
from resolvers.ids import case_reference

Shown = TypeVar("Shown")
CaseRead = Callable[[Graph, Principal, str], Awaitable[list[Shown] | None]]


def readable_case(global_id: str) -> str | None:
    try:
        return case_reference(global_id)
    except RuleViolation:
        return None


async def rows_of_case(info: Info, case_id: str,
                       fetch: CaseRead[Shown]) -> list[Shown] | None:
    """One case's records, logged as consulted when any is shown; None when the id is not a
    case's, or the case is missing or outside scope."""
    reference = readable_case(case_id)
    if reference is None:
        return None
    shown = await fetch(info.context.graph, info.context.principal, reference)
    if shown:
        consulted(info, {reference})
    return shown


def consulted(info: Info, references: set[str]) -> None:
    """Case data shown here is logged as consulted, like anything the loaders hand out."""
    info.context.loaders.consulted.update(references)
