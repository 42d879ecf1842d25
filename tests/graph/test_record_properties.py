"""Stored records and node properties: one mapping both ways, with Python's values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from neo4j.time import DateTime

from graph.driver import Graph
from graph.records import properties, record_of


@dataclass(frozen=True, slots=True)
class Visit:
    id: str
    seen_at: datetime
    reasons: tuple[str, ...] = ()
    review_on: date | None = None
    next_step: str | None = None


_VISIT = Visit("v-1", datetime(2025, 3, 4, 9, 30, tzinfo=UTC), ("first", "second"),
               date(2025, 6, 1))


def test_a_record_is_stored_under_camel_case_names_with_lists_and_no_nulls() -> None:
    assert properties(_VISIT) == {"id": "v-1", "seenAt": _VISIT.seen_at,
                                  "reasons": ["first", "second"],
                                  "reviewOn": date(2025, 6, 1)}
    assert properties(_VISIT, leave_out=("reasons",)) == {
        "id": "v-1", "seenAt": _VISIT.seen_at, "reviewOn": date(2025, 6, 1)}


def test_a_record_read_back_has_python_values_tuples_and_its_defaults() -> None:
    read = record_of(Visit, {"id": "v-1", "seenAt": DateTime.from_native(_VISIT.seen_at),
                             "reasons": ["first"], "nextStep": None, "unknown": 1})
    assert read == Visit("v-1", datetime(2025, 3, 4, 9, 30, tzinfo=UTC), ("first",))
    assert type(read.seen_at) is datetime


@dataclass(frozen=True, slots=True)
class Patient:
    name: str
    visit: Visit | None = None


def test_a_part_of_a_record_is_read_as_its_own_record() -> None:
    assert record_of(Patient, {"name": "A", "visit": properties(_VISIT)},
                     parts={"visit": Visit}) == Patient("A", _VISIT)
    assert record_of(Patient, {"name": "A", "visit": None},
                     parts={"visit": Visit}) == Patient("A")
    assert record_of(Patient, {"visit": None}, name="B") == Patient("B")


def test_a_required_property_that_is_missing_is_an_error() -> None:
    with pytest.raises(TypeError):
        record_of(Visit, {"id": "v-1"})


async def test_a_record_survives_the_graph(clean_graph: Graph) -> None:
    await clean_graph.write(lambda tx: tx.run("CREATE (v:Visit) SET v = $visit",
                                              visit=properties(_VISIT)))
    rows = await clean_graph.rows("MATCH (v:Visit) RETURN v {.*} AS visit")
    assert record_of(Visit, rows[0]["visit"]) == _VISIT
