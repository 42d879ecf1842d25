"""The network store against Neo4j: a walk from an account reaches the cases naming it within
the caller's scope only, stops at its limit, and accounts are found by handle prefix."""

from __future__ import annotations

from graph.driver import Graph
from graph.network import accounts_by_handle, neighbourhood
from graph.pages import Window
from tests.support.stores import LEEDS, open_case

MANCHESTER_POSTCODE = "M1 1AA"
# Handle keys fold look-alike letters (`i` is `l`): these handles have none.
START = "Account:x:netrunner"


async def cases_named(graph: Graph) -> tuple[str, str]:
    leeds = await open_case(graph, "TV-GN-1", suspect_handles=["@netrunner"])
    manchester = await open_case(graph, "TV-GN-2", postcode=MANCHESTER_POSTCODE,
                                 suspect_handles=["@netrunner", "@netbuddy"])
    return leeds, manchester


async def test_a_walk_reaches_the_cases_naming_an_account_in_scope_only(
        store_graph: Graph) -> None:
    leeds, manchester = await cases_named(store_graph)
    everyone = await neighbourhood(store_graph, START, 2, 0.5, 100, None)
    assert {f"Case:{leeds}", f"Case:{manchester}", "Account:x:netbuddy"} <= set(
        everyone.nodes)
    assert everyone.nodes[START].handle is not None
    in_leeds = await neighbourhood(store_graph, START, 2, 0.5, 100, LEEDS)
    assert f"Case:{leeds}" in in_leeds.nodes
    # Not returned, and not walked through: the sidekick is named only in Manchester's case.
    assert f"Case:{manchester}" not in in_leeds.nodes
    assert "Account:x:netbuddy" not in in_leeds.nodes
    assert all(manchester not in (edge.source, edge.target) for edge in in_leeds.edges)
    for edge in everyone.edges:
        assert edge.source < edge.target
        assert {edge.source, edge.target} <= set(everyone.nodes)


async def test_a_walk_stops_at_its_limit_and_from_nothing_finds_nothing(
        store_graph: Graph) -> None:
    await open_case(store_graph, "TV-GN-3", suspect_handles=["@netloner"])
    limited = await neighbourhood(store_graph, "Account:x:netloner", 3, 0.5, 2, None)
    assert len(limited.nodes) == 2
    nothing = await neighbourhood(store_graph, "Account:x:nobody-at-all", 3, 0.5, 10, None)
    assert (nothing.nodes, nothing.edges) == ({}, ())


async def test_accounts_are_found_by_handle_prefix_and_a_force_finds_only_its_own(
        store_graph: Graph) -> None:
    await open_case(store_graph, "TV-GN-4", suspect_handles=["@harbourone"])
    await open_case(store_graph, "TV-GN-5", postcode=MANCHESTER_POSTCODE,
                    suspect_handles=["@harbourtwo"])
    found, total = await accounts_by_handle(store_graph, "harbour", None, Window(10))
    assert total == 2
    assert [a["id"] for a in found] == ["x:harbourone", "x:harbourtwo"]
    assert [a["position"] for a in found] == [0, 1]
    leeds, total = await accounts_by_handle(store_graph, "harbour", LEEDS, Window(10))
    assert ([a["id"] for a in leeds], total) == (["x:harbourone"], 1)
