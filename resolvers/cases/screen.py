"""Which parts of a case a `case(...)` selection shows, so that one query reads them all.

Strawberry resolves a case's fields one by one; left to themselves they would each read the
database (batched per relationship by the loaders, but still a statement, a session and a
transaction each). The root field looks ahead instead: the parts of `graph.case_screen` its
selection names, through fragments too, and the window of each page it asks for, are read with
the case in one query. A field asked for twice with different arguments reads its second page
through the loaders, as a list of cases does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from strawberry.types.nodes import SelectedField, Selection

from casework.errors import RuleViolation
from graph.case_screen import PAGES, PARTS
from graph.pages import Key, Window
from resolvers.context import Info
from resolvers.pagination import keyset_window

# Fields that show a part under another name.
SHOWN_BY = {"nextVictimUpdateDue": "victimUpdatesDue"}


def _fields(selections: Sequence[Selection]) -> Iterator[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:  # a fragment, spread or inline
            yield from _fields(selection.selections)


def _size(value: Any) -> int | None:
    """A page size as the selection holds it: strawberry leaves a literal (`first: 3`) as its
    source text, and gives a variable's value as coerced."""
    return None if value is None else int(value)


def wanted(info: Info) -> tuple[set[str], dict[str, Window[Key]]]:
    """The parts and pages of the case the field being resolved selects."""
    parts: set[str] = set()
    pages: dict[str, Window[Key]] = {}
    for selected in _fields([selection for field in info.selected_fields
                             for selection in field.selections]):
        name = SHOWN_BY.get(selected.name, selected.name)
        if name in PARTS:
            parts.add(name)
        elif name in PAGES and name not in pages:
            arguments = selected.arguments
            try:
                pages[name] = keyset_window(_size(arguments.get("first")), arguments.get("after"),
                                            _size(arguments.get("last")), arguments.get("before"))
            except (RuleViolation, ValueError):  # refused by the field itself, with userErrors
                continue
    return parts, pages
