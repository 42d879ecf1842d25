"""Which parts of a case a `case(...)` selection shows, so that one query reads them all.

Strawberry resolves a case's fields one by one; left to themselves they would each read the
database (batched per relationship by the loaders, but still a statement, a session and a
transaction each). The root field looks ahead instead: the parts of `graph.case_screen` its
selection names, through fragments too, and the window of each page it asks for, are read with
the case in one query. A field asked for twice with different arguments reads its second page
through the loaders, as a list of cases does.

The selection is read from graphql-core's syntax nodes, one level below the field: strawberry's
`info.selected_fields` converts the whole subtree (every field, argument and directive of a
screen, some 150 nodes) into objects of its own on every request, which cost more than the
rest of the look-ahead together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
    Undefined,
    value_from_ast_untyped,
)

from casework.errors import RuleViolation
from graph.case_screen import PAGES, PARTS
from graph.pages import Key, Window
from resolvers.context import Info
from resolvers.pagination import keyset_window

# Fields that show a part under another name.
SHOWN_BY = {"nextVictimUpdateDue": "victimUpdatesDue", "accountsConnection": "accounts",
            "suspectsConnection": "suspects"}


def _fragment(document: DocumentNode | None, name: str) -> FragmentDefinitionNode | None:
    for definition in document.definitions if document is not None else ():
        if isinstance(definition, FragmentDefinitionNode) and definition.name.value == name:
            return definition
    return None  # an unknown fragment was refused by validation


def _fields(selections: Sequence[SelectionNode],
            document: DocumentNode | None) -> Iterator[FieldNode]:
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set.selections, document)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = _fragment(document, selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set.selections, document)


def _size(value: Any) -> int | None:
    """A page size as given: a literal's value or a variable's, None when not given."""
    return None if value is None else int(value)


def _arguments(field: FieldNode, variables: dict[str, Any]) -> dict[str, Any]:
    """The field's arguments as given, literals and variables alike; a variable the request
    left out is not given."""
    given = {argument.name.value: value_from_ast_untyped(argument.value, variables)
             for argument in field.arguments or ()}
    return {name: value for name, value in given.items() if value is not Undefined}


def wanted(info: Info) -> tuple[set[str], dict[str, Window[Key]]]:
    """The parts and pages of the case the root field being resolved selects: the operation's
    root fields under its response key (each occurrence, through fragments too)."""
    document = info.context.document
    parts: set[str] = set()
    pages: dict[str, Window[Key]] = {}
    key = info.path.key
    selections = [selection for node in _fields(info.operation.selection_set.selections, document)
                  if (node.alias or node.name).value == key and node.selection_set is not None
                  for selection in node.selection_set.selections]
    for selected in _fields(selections, document):
        name = SHOWN_BY.get(selected.name.value, selected.name.value)
        if name in PARTS:
            parts.add(name)
        elif name in PAGES and name not in pages:
            arguments = _arguments(selected, info.variable_values)
            try:
                pages[name] = keyset_window(_size(arguments.get("first")), arguments.get("after"),
                                            _size(arguments.get("last")), arguments.get("before"))
            except (RuleViolation, ValueError):  # refused by the field itself, with userErrors
                continue
    return parts, pages
