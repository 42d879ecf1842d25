"""Reading one case's rows by its global id, logged as consulted when anything is shown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from casework.access import Principal
from casework.errors import RuleViolation
from graph.driver import Graph
from resolvers.context import Info
from resolvers.ids import case_reference

CaseRead = Callable[[Graph, Principal, str], Awaitable[list[dict[str, Any]] | None]]


def readable_case(global_id: str) -> str | None:
    try:
        return case_reference(global_id)
    except RuleViolation:
        return None


async def rows_of_case(info: Info, case_id: str, fetch: CaseRead) -> list[dict[str, Any]] | None:
    """One case's rows, logged as consulted when any is shown; None when the id is not a
    case's, or the case is missing or outside scope."""
    reference = readable_case(case_id)
    if reference is None:
        return None
    rows = await fetch(info.context.graph, info.context.principal, reference)
    if rows:
        consulted(info, {reference})
    return rows


def consulted(info: Info, references: set[str]) -> None:
    """Case data shown here is logged as consulted, like anything the loaders hand out."""
    info.context.loaders.consulted.update(references)
