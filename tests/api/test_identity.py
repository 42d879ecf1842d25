"""Analysts' identity decisions, suspects' reach, and accounts that came back after a ban."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.identity import DECIDE, account, named_accounts, suspect_behind
from tests.support.tokens import bearer

ACCOUNT = """query($id: ID!) { node(id: $id) { ... on Account { handle platform
  samePerson { otherAccountId status decidedBy reason probability }
  samePersonConnection(first: 1) { totalCount pageInfo { hasNextPage }
    edges { node { otherAccountId status } } } } } }"""


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
