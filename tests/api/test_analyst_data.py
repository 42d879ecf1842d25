"""What an analyst reads of a network besides its shape: when each node and edge was seen, the
score and grounds of co-offending, and accounts found by handle; all within the caller's scope."""

from __future__ import annotations

from typing import Any

import httpx
from strawberry import relay

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.tokens import bearer

NETWORK = """
query($around: ID!, $depth: Int = 2) {
  network(around: $around, depth: $depth) {
    nodes { id kind label firstSeen lastSeen }
    edges { source target kind probability score reasons firstSeen lastSeen
            evidence { kind nodeIds description } }
  }
}
"""
SEARCH = """
query($s: String!, $first: Int, $after: String) {
  accounts(search: $s, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id handle platform suspectId } }
  }
}
"""
HATER = relay.to_base64("Account", "x:haterone")


async def dated_world(client: httpx.AsyncClient, settings: ApiSettings) -> dict[str, Any]:
    """@hater_one and @raider target one victim in West Yorkshire on 1 and 5 November;
    @hater_one (as hater.one on TikTok, too) targets someone in London on 12 November."""
    leeds = await submit(client, settings, referral(
        "TV-D1", suspectHandles=["@hater_one"], platform="x", contentText="first post words",
        receivedAt="2026-11-01T09:00:00+00:00",
        victim={"name": "Aisha Khan", "postcode": "LS6 2AB"}))
    await submit(client, settings, referral(
        "TV-D2", suspectHandles=["@raider"], platform="x", contentText="second, other text",
        receivedAt="2026-11-05T09:00:00+00:00",
        contentUrls=["https://x.com/raider/status/1790000000000000099"],
        victim={"name": "Aisha Khan", "postcode": "LS6 2AB"}))
    london = await submit(client, settings, referral(
        "TV-D3", suspectHandles=["@hater_one", "hater.one"], platform="x",
        contentText="third one", receivedAt="2026-11-12T09:00:00+00:00",
        contentUrls=["https://x.com/hater_one/status/1790000000000000042"],
        victim={"name": "Jo Bloggs", "postcode": "SE1 7PB"}))
    return {"leeds": leeds["case"], "london": london["case"]}


def by_label(network: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["label"]: node for node in network["nodes"]}


async def test_nodes_and_edges_carry_the_dates_of_their_referrals(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    world = await dated_world(client, api_settings)
    network = (await gql(client, NETWORK, bearer(api_settings, Role.ANALYST),
                         around=HATER))["data"]["network"]
    nodes = by_label(network)
    assert nodes["@hater_one"]["firstSeen"] == "2026-11-01T09:00:00+00:00"
    assert nodes["@hater_one"]["lastSeen"] == "2026-11-12T09:00:00+00:00"
    london = nodes[world["london"]["reference"]]
    assert (london["firstSeen"], london["lastSeen"]) == ("2026-11-12T09:00:00+00:00",) * 2
    assert [n["firstSeen"] for n in network["nodes"] if n["kind"] == "PLATFORM"] == [None]
    posted = {e["target"]: e for e in network["edges"]
              if e["kind"] == "POSTED" and e["source"] == HATER}
    assert posted[london["id"]]["firstSeen"] == "2026-11-12T09:00:00+00:00"


async def test_co_offending_has_a_score_its_grounds_and_the_span_of_the_posts(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    world = await dated_world(client, api_settings)
    network = (await gql(client, NETWORK, bearer(api_settings, Role.ANALYST),
                         around=world["leeds"]["id"], depth=3))["data"]["network"]
    [co] = [e for e in network["edges"] if e["kind"] == "CO_OFFENDING"]
    assert co["score"] == 1.0  # as the exports weigh it
    assert co["probability"] is None
    [ground] = co["evidence"]
    assert ground["kind"] == "SAME_VICTIM"
    victims = {n["id"] for n in network["nodes"] if n["kind"] == "VICTIM"}
    assert ground["nodeIds"]
    assert set(ground["nodeIds"]) <= victims
    assert ground["description"] == co["reasons"][0]
    assert (co["firstSeen"], co["lastSeen"]) == ("2026-11-01T09:00:00+00:00",
                                                 "2026-11-05T09:00:00+00:00")


async def test_a_force_officer_sees_only_the_dates_of_their_forces_referrals(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await dated_world(client, api_settings)
    network = (await gql(client, NETWORK, bearer(api_settings, Role.FORCE_OFFICER,
                                                 "west-yorkshire"),
                         around=HATER))["data"]["network"]
    account = by_label(network)["@hater_one"]
    assert account["lastSeen"] == "2026-11-01T09:00:00+00:00"  # not London's 12 November


async def test_accounts_are_found_by_handle_on_every_platform_as_the_linker_folds_them(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await dated_world(client, api_settings)
    analyst = bearer(api_settings, Role.ANALYST)
    found = (await gql(client, SEARCH, analyst, s="@HATER"))["data"]["accounts"]
    assert found["totalCount"] == 1  # @hater_one and hater.one fold to one account on x
    assert [e["node"]["handle"] for e in found["edges"]] == ["@hater_one"]
    lookalike = (await gql(client, SEARCH, analyst, s="h4ter_0ne"))["data"]["accounts"]
    assert [e["node"]["id"] for e in lookalike["edges"]] == [HATER]
    assert (await gql(client, SEARCH, analyst, s="nobody"))["data"]["accounts"][
        "totalCount"] == 0


async def test_a_force_officer_finds_only_accounts_named_in_their_forces_cases(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await submit(client, api_settings, referral(
        "TV-S1", suspectHandles=["@troll_a"], platform="x", contentText="leeds post",
        victim={"name": "Aisha Khan", "postcode": "LS6 2AB"}))
    await submit(client, api_settings, referral(
        "TV-S2", suspectHandles=["@troll_b"], platform="x", contentText="london post",
        contentUrls=["https://x.com/troll_b/status/1790000000000000077"],
        victim={"name": "Jo Bloggs", "postcode": "SE1 7PB"}))
    analyst = (await gql(client, SEARCH, bearer(api_settings, Role.ANALYST), s="troll",
                         first=1))["data"]["accounts"]
    assert analyst["totalCount"] == 2
    assert analyst["pageInfo"]["hasNextPage"] is True
    rest = (await gql(client, SEARCH, bearer(api_settings, Role.ANALYST), s="troll",
                      after=analyst["pageInfo"]["endCursor"]))["data"]["accounts"]
    assert [e["node"]["handle"] for e in analyst["edges"] + rest["edges"]] == [
        "@troll_a", "@troll_b"]
    officer = (await gql(client, SEARCH, bearer(api_settings, Role.FORCE_OFFICER,
                                                "west-yorkshire"), s="troll"))["data"]["accounts"]
    assert officer["totalCount"] == 1
    assert [e["node"]["handle"] for e in officer["edges"]] == ["@troll_a"]


async def test_an_over_long_or_empty_search_is_refused_with_a_code_and_a_field(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    analyst = bearer(api_settings, Role.ANALYST)
    for search, code in (("x" * 101, "TOO_LONG"), ("@ ._", "REQUIRED")):
        body = await gql(client, SEARCH, analyst, s=search)
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"]["code"] == code
        assert [e["field"] for e in error["extensions"]["userErrors"]] == [["search"]]
