"""Reference data: forces, postcode areas and platforms, loaded idempotently by `hub seed`.

The records here are also the rows of the reference tables (`seeds.reference`), so a table is
loaded as it is written and read back in the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.driver import Graph
from graph.records import properties, record_of


@dataclass(frozen=True, slots=True)
class Force:
    """A force: `kind` is "territorial" (polices an area) or "special" (BTP: the railways)."""

    code: str
    name: str
    country: str
    kind: str


@dataclass(frozen=True, slots=True)
class PostcodeArea:
    """An area with every force that polices part of it; `resolution` says how it is split."""

    code: str
    name: str
    forces: tuple[str, ...]
    primary_force: str
    resolution: str


@dataclass(frozen=True, slots=True)
class Platform:
    """`domains` are the registrable hosts (and known short-link hosts) of the platform."""

    id: str
    name: str
    domains: tuple[str, ...] = ()
    referral_channel: str = ""


async def load_reference(graph: Graph, forces: Iterable[Force], areas: Iterable[PostcodeArea],
                         platforms: Iterable[Platform]) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run("UNWIND $rows AS row MERGE (f:Force {code: row.code}) SET f += row",
                     rows=[properties(force) for force in forces])
        await tx.run(
            "UNWIND $rows AS row MERGE (a:PostcodeArea {code: row.code}) "
            "SET a.name = row.name, a.resolution = row.resolution, "
            "    a.primaryForce = row.primaryForce "
            "WITH a, row UNWIND row.forces AS code MATCH (f:Force {code: code}) "
            "MERGE (a)-[:POLICED_BY]->(f)", rows=[properties(area) for area in areas])
        await tx.run("UNWIND $rows AS row MERGE (p:Platform {id: row.id}) SET p += row",
                     rows=[properties(platform) for platform in platforms])

    await graph.write(work)


async def forces(graph: Graph) -> list[Force]:
    """Every force, by name."""
    rows = await graph.rows("MATCH (f:Force) RETURN f {.*} AS force ORDER BY f.name")
    return [record_of(Force, row["force"]) for row in rows]


async def platforms(graph: Graph) -> list[Platform]:
    """Every platform, by name."""
    rows = await graph.rows("MATCH (p:Platform) RETURN p {.*} AS platform ORDER BY p.name")
    return [record_of(Platform, row["platform"]) for row in rows]
