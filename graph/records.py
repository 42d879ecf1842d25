"""Rows as Python values: Neo4j's temporal types become `datetime`, `date` and `time` here, once.

The driver hands back its own `neo4j.time` types. Every store reads through `native` (directly,
or through `rows_of`, `row_of` and `record_of`), so the layers above see only Python values and
never convert anything themselves.

Stores return frozen dataclasses whose fields are named as the node's properties are, in
snake_case where the graph says camelCase (`captured_at` is `capturedAt`): `record_of` reads a
record from a node's properties and `properties` gives a record's properties to write, so that no
store spells a field out twice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import MISSING, fields
from typing import TYPE_CHECKING, Any, TypeVar

from neo4j import AsyncResult
from neo4j.time import Date, DateTime, Time

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    R = TypeVar("R", bound=DataclassInstance)


# The driver hands back exactly these types, so each value is looked up by its type: `isinstance`
# against a union of the three took several times as long, on every value of every row read (a
# row of 660 values, 100 of them temporals: 1.3 ms of CPU before, 0.7 ms after).
_TEMPORAL = frozenset({DateTime, Date, Time})


def native(value: Any) -> Any:
    """`value` with every Neo4j temporal in it, at any depth of maps and lists, as Python's."""
    kind = type(value)
    if kind is dict:
        return {key: native(item) for key, item in value.items()}
    if kind is list:
        return [native(item) for item in value]
    if kind in _TEMPORAL:
        return value.to_native()
    return value


async def rows_of(result: AsyncResult) -> list[dict[str, Any]]:
    """Every row of a result as a plain dict of Python values."""
    return [native(record.data()) async for record in result]


async def row_of(result: AsyncResult) -> dict[str, Any] | None:
    """The single row of a result as a plain dict of Python values, or None when there is none."""
    record = await result.single()
    return native(record.data()) if record is not None else None


def camel_case(name: str) -> str:
    """A record's field as the graph (and every JSON the hub writes) names it: `file_sha256` is
    `fileSha256`."""
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def record_of(kind: type[R], stored: Mapping[str, Any],
              parts: Mapping[str, type[DataclassInstance]] | None = None, **given: Any) -> R:
    """The record `kind` read from a node's properties (or a map a query returned), as Python
    values, lists as tuples.

    A property not stored (Neo4j stores no nulls), or null as a projection gives it, leaves the
    field's default; a required one missing is a TypeError, as for any missing argument. Names
    the record does not know are ignored. `parts` names the fields holding a record of their
    own, which the query returned as a map (a projected node); `given` fills the fields that are
    not the node's own properties (the case it hangs from, records read through relations)."""
    values = dict(given)
    for field in fields(kind):
        name = camel_case(field.name)
        if field.name in values or name not in stored:
            continue
        defaulted = field.default is not MISSING or field.default_factory is not MISSING
        value = native(stored[name])
        if value is None and defaulted:
            continue
        if parts and field.name in parts and value is not None:
            value = record_of(parts[field.name], value)
        values[field.name] = tuple(value) if isinstance(value, list) else value
    return kind(**values)


def properties(record: DataclassInstance, leave_out: Collection[str] = ()) -> dict[str, Any]:
    """The record's node properties to write (a Cypher parameter map), tuples as lists; absent
    values (None) are not stored. `leave_out` names the fields the node does not hold itself."""
    written = {}
    for field in fields(record):
        value = getattr(record, field.name)
        if field.name not in leave_out and value is not None:
            written[camel_case(field.name)] = list(value) if isinstance(value, tuple) else value
    return written
