"""Suspect accounts named in referrals, their suspects, and analysts' same-person decisions."""

from __future__ import annotations

from typing import Any

import httpx
from strawberry import relay

from api.settings import ApiSettings
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.intake import referral, submit

DECIDE = """mutation($i: DecideSamePersonInput!) { decideSamePerson(input: $i) {
  status userErrors { field code } } }"""


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


SUSPECTS = """query { suspects(first: 10) { edges { node { accountIds } } } }"""
X, TIKTOK = "x:mlkesmlth", "tiktok:mlkesmlth"


async def suspects(client: httpx.AsyncClient, headers: dict[str, str]) -> list[set[str]]:
    body = await gql(client, SUSPECTS, headers)
    return sorted(({*e["node"]["accountIds"]} for e in body["data"]["suspects"]["edges"]),
                  key=sorted)


async def decide(client: httpx.AsyncClient, headers: dict[str, str], left: str, right: str,
                 same: bool) -> Any:
    return (await gql(client, DECIDE, headers, i={
        "accountId": account(left), "otherAccountId": account(right), "samePerson": same,
        "reason": "same selfie and same phone in disclosures"}))["data"]["decideSamePerson"]
