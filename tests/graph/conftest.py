"""The stores' own tests: one graph cleared once per module, whose tests each use their own
cases (their own Truevision references), so that they need not clear it again."""

from __future__ import annotations

import pytest

from graph.driver import Graph
from tests.support.stores import clear


@pytest.fixture(scope="module")
async def store_graph(graph: Graph) -> Graph:
    """The graph with reference data only at the start of the module."""
    await clear(graph)
    return graph
