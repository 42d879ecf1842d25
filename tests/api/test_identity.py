"""Analysts' identity decisions, suspects' reach, and accounts that came back after a ban."""

from __future__ import annotations

import httpx
from strawberry import relay

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.api.test_intake import referral, submit
from tests.conftest import bearer
from tests.graphql import gql

DECIDE = """mutation($i: DecideSamePersonInput!) { decideSamePerson(input: $i) {
  status userErrors { field code } } }"""
ACCOUNT = """query($id: ID!) { node(id: $id) { ... on Account { handle platform
  samePerson { otherAccountId status decidedBy reason probability }
  samePersonConnection(first: 1) { totalCount pageInfo { hasNextPage }
    edges { node { otherAccountId status } } } } } }"""


def account(key: str) -> str:
    return relay.to_base64("Account", key)


async def named_accounts(client: httpx.AsyncClient, settings: ApiSettings) -> None:
    await submit(client, settings, referral("TV-I1", suspectHandles=["@mike_smith"],
                                            platform="x", contentText="one"))
    await submit(client, settings, referral(
        "TV-I2", suspectHandles=["mike.smith"], platform="tiktok", contentText="two",
        contentUrls=["https://www.tiktok.com/@mike.smith/video/7300000000000000777"],
        victim={"name": "Sam Jones", "postcode": "SE1 7PB"}))


async def suspect_behind(graph: Graph, *accounts: str) -> None:
    """Suspect S-1, behind the accounts with these ids, as linking would attribute them."""
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(
            "CREATE (p:Person:Suspect {id: 'S-1'}) WITH p MATCH (a:Account) WHERE a.id IN $ids "
            "CREATE (a)-[:ATTRIBUTED_TO {probability: 0.99}]->(p)", ids=list(accounts))).consume()


async def test_an_analyst_confirms_and_the_decision_is_explained(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    analyst = bearer(api_settings, Role.ANALYST)
    result = await gql(client, DECIDE, analyst, i={
        "accountId": account("x:mlkesmlth"), "otherAccountId": account("tiktok:mlkesmlth"),
        "samePerson": True, "reason": "same selfie and same phone in disclosures"})
    assert result["data"]["decideSamePerson"] == {"status": "CONFIRMED", "userErrors": []}
    read = (await gql(client, ACCOUNT, analyst, id=account("x:mlkesmlth")))["data"]["node"]
    assert read["samePerson"] == [{
        "otherAccountId": account("tiktok:mlkesmlth"), "status": "CONFIRMED",
        "decidedBy": "test-analyst", "reason": "same selfie and same phone in disclosures",
        "probability": None}]
    assert read["samePersonConnection"] == {
        "totalCount": 1, "pageInfo": {"hasNextPage": False}, "edges": [{"node": {
            "otherAccountId": account("tiktok:mlkesmlth"), "status": "CONFIRMED"}}]}


async def test_a_force_officer_sees_only_accounts_in_their_cases(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    assert (await gql(client, ACCOUNT, officer, id=account("x:mlkesmlth")))["data"]["node"]
    assert (await gql(client, ACCOUNT, officer,
                      id=account("tiktok:mlkesmlth")))["data"]["node"] is None


async def test_suspects_are_ranked_and_ban_returns_found(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    await suspect_behind(clean_graph, "x:mlkesmlth", "tiktok:mlkesmlth")
    analyst = bearer(api_settings, Role.ANALYST)
    ban = await gql(client, """mutation($i: RecordAccountBanInput!) { recordAccountBan(input: $i)
        { recorded } }""", analyst, i={"accountId": account("x:mlkesmlth"),
                                        "bannedAt": "2026-11-01T00:00:00+00:00",
                                        "source": "platform notice 123"})
    assert ban["data"]["recordAccountBan"]["recorded"] is True
    ranked = (await gql(client, "query { suspects(rankBy: VICTIMS) { totalCount edges { node "
                                "{ victims cases platforms } } } }", analyst))["data"]
    assert ranked["suspects"]["totalCount"] == 1
    assert ranked["suspects"]["edges"][0]["node"] == {"victims": 2, "cases": 2, "platforms": 2}
    returned = (await gql(client, "query { returnedAfterBan { returnedAccountId } }",
                          analyst))["data"]["returnedAfterBan"]
    assert returned == [{"returnedAccountId": account("tiktok:mlkesmlth")}]
