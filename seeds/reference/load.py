"""Loading reference data (and demo referrals) into the graph."""

from __future__ import annotations

from graph.driver import Graph
from graph.reference import load_reference
from seeds.reference.forces import FORCES
from seeds.reference.platforms import PLATFORMS
from seeds.reference.postcodes import POSTCODE_AREAS


async def load_reference_data(graph: Graph) -> None:
    """Forces, postcode areas with the forces that police them, and platforms; idempotent."""
    await load_reference(graph, FORCES, POSTCODE_AREAS, PLATFORMS)
