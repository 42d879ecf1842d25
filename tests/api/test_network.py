"""Perpetrator networks: bounded, explained, exportable, and scoped like every other read."""

from __future__ import annotations

import io
import json

import httpx
import networkx as nx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.network import NETWORK, build_world, global_id
from tests.support.tokens import bearer

DECIDE = """mutation($i: DecideSamePersonInput!) { decideSamePerson(input: $i) {
  status userErrors { field code } } }"""


async def test_an_analyst_sees_accounts_suspects_cases_and_co_offending(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    cases = await build_world(client, api_settings, clean_graph)
    body = await gql(client, NETWORK, bearer(api_settings, Role.ANALYST),
                     around=cases["leeds"]["id"], depth=3)
    network = body["data"]["network"]
    labels = {(n["kind"], n["label"]) for n in network["nodes"]}
    assert ("ACCOUNT", "@hater_one") in labels
    assert ("ACCOUNT", "hater.one") in labels  # the same person on TikTok
    assert ("SUSPECT", "suspect-1") in labels
    assert ("CASE", cases["london"]["reference"]) in labels
    assert ("VICTIM", "victim (masked)") in labels  # analysts do not see victims' names
    same_person = [e for e in network["edges"] if e["kind"] == "SAME_PERSON"]
    assert [e["probability"] for e in same_person] == [0.97]
    co = [e for e in network["edges"] if e["kind"] == "CO_OFFENDING"]
    assert len(co) == 1
    assert co[0]["reasons"][0].startswith("same victim")


async def test_a_force_officer_cannot_walk_into_another_forces_case(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    cases = await build_world(client, api_settings, clean_graph)
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    network = (await gql(client, NETWORK, officer, around=cases["leeds"]["id"],
                         depth=3))["data"]["network"]
    text = json.dumps(network)
    assert cases["london"]["reference"] not in text
    assert cases["leeds"]["reference"] in text
    # Starting from the other force's case gives nothing at all.
    assert (await gql(client, NETWORK, officer, around=cases["london"]["id"],
                      depth=1))["data"]["network"] is None


async def test_exports_parse_back_into_the_same_graph(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    cases = await build_world(client, api_settings, clean_graph)
    network = (await gql(client, NETWORK, bearer(api_settings, Role.HUB_OFFICER),
                         around=cases["leeds"]["id"], depth=3))["data"]["network"]
    from_graphml = nx.read_graphml(io.BytesIO(network["graphml"].encode()))
    from_cytoscape = nx.cytoscape_graph(json.loads(network["cytoscape"]))
    labels = {n["id"]: n["label"] for n in network["nodes"]}  # global ids, as the API's
    for parsed in (from_graphml, from_cytoscape):
        assert set(parsed.nodes) == set(labels)
        assert parsed.number_of_edges() == len(network["edges"])
    assert {n: d["label"] for n, d in from_graphml.nodes(data=True)} == labels
    assert cases["leeds"]["reference"] in labels.values()  # a case by reference, not "Case"


async def test_depth_is_bounded(client: httpx.AsyncClient, api_settings: ApiSettings,
                                clean_graph: Graph) -> None:
    cases = await build_world(client, api_settings, clean_graph)
    body = await gql(client, NETWORK, bearer(api_settings, Role.ANALYST),
                     around=cases["leeds"]["id"], depth=4)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_DEPTH"


async def test_an_analysts_confirmed_link_without_a_score_counts_as_certain(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await submit(client, api_settings, referral(
        "TV-N7", suspectHandles=["@quiet_one"], platform="x", contentText="one post"))
    await submit(client, api_settings, referral(
        "TV-N8", suspectHandles=["loud.two"], platform="tiktok", contentText="another post",
        contentUrls=["https://www.tiktok.com/@loud.two/video/7300000000000000077"]))
    ids = sorted(row["id"] for row in await clean_graph.rows("MATCH (a:Account) RETURN a.id AS id"))
    analyst = bearer(api_settings, Role.ANALYST)
    decided = await gql(client, DECIDE, analyst, i={
        "accountId": global_id("Account", ids[0]), "otherAccountId": global_id("Account", ids[1]),
        "samePerson": True, "reason": "same selfie and same phone in disclosures"})
    assert decided["data"]["decideSamePerson"]["userErrors"] == []
    body = await gql(client, NETWORK, analyst, around=global_id("Account", ids[0]), depth=1)
    assert "errors" not in body
    same_person = [e for e in body["data"]["network"]["edges"] if e["kind"] == "SAME_PERSON"]
    assert [e["probability"] for e in same_person] == [None]


def test_what_a_network_showed_is_named_for_the_log_people_included_cases_by_reference() -> None:
    from graph.network import Node
    from resolvers.network.queries import consulted_in

    nodes = [("Case:HUB-2026-000001", Node("Case", reference="HUB-2026-000001")),
             ("Account:x:haterone", Node("Account", id="x:haterone")),
             ("Suspect:suspect-1", Node("Suspect", id="suspect-1")),
             ("Victim:v-1", Node("Victim", id="v-1", name="Aisha Khan")),
             ("Platform:x", Node("Platform", id="x", name="X"))]
    shown = {"HUB-2026-000001", "account:x:haterone", "suspect:suspect-1"}
    assert consulted_in(nodes, may_see_victims=True) == shown | {"victim:v-1"}
    assert consulted_in(nodes, may_see_victims=False) == shown  # masked: no one was shown
