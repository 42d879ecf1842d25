"""Reference data: forces, postcode areas and platforms, loaded idempotently by `hub seed`."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction

from graph.driver import Graph


async def load_reference(graph: Graph, forces: list[dict[str, Any]],
                         areas: list[dict[str, Any]], platforms: list[dict[str, Any]]) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run("UNWIND $rows AS row MERGE (f:Force {code: row.code}) SET f += row",
                     rows=forces)
        await tx.run(
            "UNWIND $rows AS row MERGE (a:PostcodeArea {code: row.code}) "
            "SET a.name = row.name, a.resolution = row.resolution, "
            "    a.primaryForce = row.primaryForce "
            "WITH a, row UNWIND row.forces AS code MATCH (f:Force {code: code}) "
            "MERGE (a)-[:POLICED_BY]->(f)", rows=areas)
        await tx.run("UNWIND $rows AS row MERGE (p:Platform {id: row.id}) SET p += row",
                     rows=platforms)

    await graph.write(work)


async def forces(graph: Graph) -> list[dict[str, Any]]:
    return await graph.rows("MATCH (f:Force) RETURN f {.*} AS force ORDER BY f.name")


async def platforms(graph: Graph) -> list[dict[str, Any]]:
    return await graph.rows("MATCH (p:Platform) RETURN p {.*} AS platform ORDER BY p.name")
