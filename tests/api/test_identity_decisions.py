"""Analysts' decisions take effect at once: the next query's suspects and networks show them."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.identity import (
    TIKTOK,
    X,
    account,
    decide,
    named_accounts,
    suspects,
)
from tests.support.intake import referral, submit
from tests.support.network import global_id
from tests.support.tokens import bearer

AROUND = """query($around: ID!) { network(around: $around, depth: 1) {
  nodes { id kind } } }"""


async def attribute(graph: Graph, suspects: dict[str, list[str]], linked: float | None) -> None:
    """Suspects behind accounts as a relink would have left them, and, with `linked`, the
    linker's suggestion between the two accounts."""
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(
            "UNWIND keys($suspects) AS sid CREATE (p:Person:Suspect {id: sid}) "
            "WITH p, $suspects[sid] AS ids MATCH (a:Account) WHERE a.id IN ids "
            "CREATE (a)-[:ATTRIBUTED_TO {probability: 0.97}]->(p)",
            suspects=suspects)).consume()
        if linked is not None:
            await (await session.run(
                "MATCH (a:Account {id: $low}), (b:Account {id: $high}) CREATE (a)-[:"
                "SAME_PERSON_AS {status: 'SUGGESTED', probability: $p}]->(b)",
                low=min(X, TIKTOK), high=max(X, TIKTOK), p=linked)).consume()


async def around(client: httpx.AsyncClient, headers: dict[str, str], suspect: str) -> set[str]:
    body = await gql(client, AROUND, headers, around=global_id("Suspect", suspect))
    return {n["id"] for n in body["data"]["network"]["nodes"] if n["kind"] == "ACCOUNT"}


async def test_a_confirmation_joins_two_suspects_in_the_next_query(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    await attribute(clean_graph, {"S-1": [X], "S-2": [TIKTOK]}, linked=None)
    analyst = bearer(api_settings, Role.ANALYST)
    assert await suspects(client, analyst) == [{account(TIKTOK)}, {account(X)}]

    assert await decide(client, analyst, X, TIKTOK, same=True) == {"status": "CONFIRMED",
                                                        "userErrors": []}
    assert await suspects(client, analyst) == [{account(X), account(TIKTOK)}]
    assert await around(client, analyst, "S-1") == {account(X), account(TIKTOK)}
    assert await clean_graph.rows("MATCH (p:Suspect {id: 'S-2'}) RETURN p.id AS id") == []


async def test_a_rejection_splits_a_suspect_in_the_next_query(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    await attribute(clean_graph, {"S-1": [X, TIKTOK]}, linked=0.97)
    analyst = bearer(api_settings, Role.ANALYST)
    assert await suspects(client, analyst) == [{account(X), account(TIKTOK)}]

    assert await decide(client, analyst, X, TIKTOK, same=False) == {"status": "REJECTED",
                                                         "userErrors": []}
    assert await suspects(client, analyst) == [{account(TIKTOK)}, {account(X)}]
    assert len(await around(client, analyst, "S-1")) == 1


async def test_a_decision_against_earlier_ones_is_refused_and_changes_nothing(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    await submit(client, api_settings, referral("TV-I3", suspectHandles=["@third_handle"],
                                                platform="x", contentText="three"))
    third = next(row["id"] for row in await clean_graph.rows(
        "MATCH (a:Account) WHERE NOT a.id IN $known RETURN a.id AS id", known=[X, TIKTOK]))
    analyst = bearer(api_settings, Role.ANALYST)
    assert (await decide(client, analyst, X, TIKTOK, same=True))["userErrors"] == []
    assert (await decide(client, analyst, TIKTOK, third, same=True))["userErrors"] == []
    refused = await decide(client, analyst, X, third, same=False)
    assert refused == {"status": None, "userErrors": [
        {"field": ["input", "samePerson"], "code": "CONTRADICTS_DECISIONS"}]}
    assert await suspects(client, analyst) == [{account(X), account(TIKTOK), account(third)}]
    links = await clean_graph.rows("MATCH (:Account {id: $x})-[s:SAME_PERSON_AS]-"
                                   "(:Account {id: $third}) RETURN s.status AS s",
                                   x=X, third=third)
    assert links == []


async def test_a_decision_can_be_changed_and_takes_effect_again(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    await attribute(clean_graph, {"S-1": [X, TIKTOK]}, linked=0.97)
    analyst = bearer(api_settings, Role.ANALYST)
    await decide(client, analyst, X, TIKTOK, same=False)
    assert len(await suspects(client, analyst)) == 2
    await decide(client, analyst, X, TIKTOK, same=True)
    assert await suspects(client, analyst) == [{account(X), account(TIKTOK)}]
