"""Rows as Python values: Neo4j's temporal types become `datetime`, `date` and `time` here, once.

The driver hands back its own `neo4j.time` types. Every store reads through `native` (directly,
or through `Graph.rows` and `rows_of`), so the layers above see only Python values and never
convert anything themselves.
"""

from __future__ import annotations

from typing import Any

from neo4j import AsyncResult
from neo4j.time import Date, DateTime, Time


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
