"""Loading reference data (and demo referrals) into the graph."""

from __future__ import annotations

from graph.driver import Graph
from graph.reference import load_reference
from seeds.reference.forces import FORCES
from seeds.reference.platforms import PLATFORMS
from seeds.reference.postcodes import POSTCODE_AREAS


async def load_reference_data(graph: Graph) -> None:
    """Forces, postcode areas with the forces that police them, and platforms; idempotent."""
    await load_reference(
        graph,
        forces=[{"code": f.code, "name": f.name, "country": f.country, "kind": f.kind}
                for f in FORCES],
        areas=[{"code": a.code, "name": a.name, "forces": list(a.forces),
                "primaryForce": a.primary_force, "resolution": a.resolution}
               for a in POSTCODE_AREAS],
        platforms=[{"id": p.id, "name": p.name, "domains": list(p.domains),
                    "referralChannel": p.referral_channel} for p in PLATFORMS],
    )
