"""The reference store against Neo4j: tables load idempotently and read back as written."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction

from graph.driver import Graph
from graph.reference import Force, Platform, PostcodeArea, forces, load_reference, platforms
from seeds.reference.forces import FORCES
from seeds.reference.load import load_reference_data
from seeds.reference.platforms import PLATFORMS


async def test_the_tables_read_back_as_written_by_name(clean_graph: Graph) -> None:
    assert await forces(clean_graph) == sorted(FORCES, key=lambda force: force.name)
    assert await platforms(clean_graph) == sorted(PLATFORMS, key=lambda p: p.name)


async def forget_area(tx: AsyncManagedTransaction) -> None:
    await tx.run("MATCH (a:PostcodeArea {code: 'XZ'}) DETACH DELETE a")


async def test_loading_again_changes_rows_in_place_and_adds_no_copies(clean_graph: Graph) -> None:
    renamed = Force("west-yorkshire", "West Yorkshire Police (renamed)", "England", "territorial")
    area = PostcodeArea("XZ", "Nowhere", ("west-yorkshire",), "west-yorkshire", "whole")
    platform = Platform("x", "X", ("x.com",), "trusted flagger")
    try:
        await load_reference(clean_graph, [renamed], [area], [platform])
        await load_reference(clean_graph, [renamed], [area], [platform])
        assert renamed in await forces(clean_graph)
        assert len(await forces(clean_graph)) == len(FORCES)
        assert [p for p in await platforms(clean_graph) if p.id == "x"] == [platform]
        policed = await clean_graph.rows(
            "MATCH (a:PostcodeArea {code: 'XZ'})-[:POLICED_BY]->(f:Force) "
            "RETURN a.primaryForce AS primary, f.code AS code")
        assert policed == [{"primary": "west-yorkshire", "code": "west-yorkshire"}]
    finally:  # the run's reference data as every other test expects it
        await clean_graph.write(forget_area)
        await load_reference_data(clean_graph)
