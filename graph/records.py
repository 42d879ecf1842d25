"""Rows as Python values: Neo4j's temporal types become `datetime`, `date` and `time` here, once.

The driver hands back its own `neo4j.time` types. Every store reads through `native` (directly,
or through `Graph.rows` and `rows_of`), so the layers above see only Python values and never
convert anything themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, fields
from typing import TYPE_CHECKING, Any, TypeVar

from neo4j import AsyncResult
from neo4j.time import Date, DateTime, Time

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


def native(value: Any) -> Any:
    """`value` with every Neo4j temporal in it, at any depth of maps and lists, as Python's."""
    if isinstance(value, DateTime | Date | Time):
        return value.to_native()
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    if isinstance(value, list):
        return [native(item) for item in value]
    return value


async def rows_of(result: AsyncResult) -> list[dict[str, Any]]:
    """Every row of a result as a plain dict of Python values."""
    return [native(record.data()) async for record in result]


async def row_of(result: AsyncResult) -> dict[str, Any] | None:
    """The single row of a result as a plain dict of Python values, or None when there is none."""
    record = await result.single()
    return native(record.data()) if record is not None else None


# Stored records: frozen dataclasses whose fields are a node's properties, snake_case in Python
# and camelCase in the graph. One mapping both ways, so that no store spells a record out twice.

def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def properties(record: DataclassInstance) -> dict[str, Any]:
    """`record` as node properties, for `SET n = $map`: camelCase names, tuples as lists (a None
    is kept in the map; Neo4j stores no property for it)."""
    return {_camel(f.name): list(value) if isinstance(value, tuple) else value
            for f in fields(record) for value in (getattr(record, f.name),)}


def from_properties(kind: type[R], stored: Mapping[str, Any],
                    **parts: type[DataclassInstance]) -> R:
    """The `kind` record of a node's properties (or of a map a query returned), in Python's
    values: lists become tuples, and a property not stored (or null, as a projection gives it)
    leaves the field's default; a required one not stored is a TypeError, as for any missing
    argument. Names the record does not know are ignored. `parts` names the fields that hold a
    record of their own, which the query returned as a map (a projected node)."""
    values: dict[str, Any] = {}
    for f in fields(kind):
        name = _camel(f.name)
        defaulted = f.default is not MISSING or f.default_factory is not MISSING
        if name not in stored or (stored[name] is None and defaulted):
            continue
        value = native(stored[name])
        if f.name in parts and value is not None:
            value = from_properties(parts[f.name], value)
        values[f.name] = tuple(value) if isinstance(value, list) else value
    return kind(**values)
