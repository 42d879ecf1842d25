"""Which rows a page holds: the position arithmetic against the Relay specification's own."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from graph.cases import report_order_page, report_order_params
from graph.driver import Graph
from graph.pages import Window, by_position
from resolvers.pagination import connection, position_cursor


def relay_page(total: int, first: int | None, after: int | None, last: int | None,
               before: int | None) -> tuple[list[int], bool]:
    """The specification's algorithm, over a list of rows 0..total-1: the edges between the
    cursors, then the first or last of them, and whether more were left on that side."""
    edges = [row for row in range(total) if (after is None or row > after)
             and (before is None or row < before)]
    size = first or last or 0
    return (edges[:size] if first else edges[-size:]), len(edges) > size


def test_a_page_by_position_holds_the_rows_the_specification_names() -> None:
    for total, size, from_end in itertools.product(range(7), range(1, 5), (False, True)):
        cursors = [None, *range(total)]
        for after, before in itertools.product(cursors, cursors):
            window = Window(size=size, after=after, before=before, from_end=from_end)
            skip, limit = by_position(window, total)
            rows = list(range(total))[skip:skip + limit]
            page = connection(rows, window, total, position_cursor)
            expected, more = relay_page(total, None if from_end else size, after,
                                        size if from_end else None, before)
            case = (total, size, from_end, after, before)
            assert [edge.node for edge in page.edges] == expected, case
            info = page.page_info
            assert (info.has_previous_page if from_end else info.has_next_page) == more, case
            assert info.start_cursor == (position_cursor(expected[0]) if expected else None)
            assert info.end_cursor == (position_cursor(expected[-1]) if expected else None)


def operators(plan: dict[str, Any]) -> list[str]:
    return [str(plan["operatorType"]).split("@")[0],
            *(name for child in plan.get("children", []) for name in operators(child))]


@pytest.mark.parametrize("from_end", [False, True], ids=["forward", "from-the-end"])
async def test_a_cases_referrals_are_paged_in_index_order_either_way(graph: Graph,
                                                                     from_end: bool) -> None:
    """A page of a case of 20,000 referrals costs what one of five does only if it is read
    from the index in order and cut there: sorting would read the whole case."""
    window = Window(size=20, from_end=from_end)
    query = report_order_page("(r:Report)-[p:PART_OF]->(c)", "r, p", "r.truevisionRef",
                              from_end)
    async with graph.driver.session(database=graph.database) as session:
        result = await session.run("EXPLAIN " + query, refs=["HUB-2026-000001"], scope=None,
                                   **report_order_params(window))
        plan = (await result.consume()).plan
    assert plan is not None
    found = operators(plan)
    assert "DirectedRelationshipIndexSeek" in found, found
    assert "Limit" in found, found
    assert not {"Sort", "Top", "PartialSort", "PartialTop", "Union"} & set(found), found
