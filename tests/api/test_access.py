"""No token, a bad token, the wrong role, or another force: each gets nothing."""

from __future__ import annotations

import base64

import httpx
import jwt

from api.settings import ApiSettings
from casework.access import Role
from tests.support.cases import separate_cases, two_forces_cases
from tests.support.graphql import gql
from tests.support.intake import force_of
from tests.support.tokens import bearer

LIST = "query { cases(first: 50) { totalCount edges { node { reference forceCode } } } }"
BY_REF = "query($r: String!) { case(reference: $r) { reference } }"
BY_ID = "query($id: ID!) { node(id: $id) { id ... on Case { reference } } }"
REPORT = "query($t: String!) { report(truevisionRef: $t) { truevisionRef } }"


async def test_without_a_token_the_api_answers_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": LIST})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_token_signed_with_another_secret_is_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    forged = jwt.encode({"sub": "x", "role": "SUPERVISOR", "iss": api_settings.jwt_issuer,
                         "aud": api_settings.jwt_audience, "iat": 1, "exp": 4102444800},
                        "not-the-secret-but-long-enough-for-hs256", algorithm="HS256")
    response = await client.post("/graphql", json={"query": LIST},
                                 headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


async def test_an_unsigned_token_is_refused(client: httpx.AsyncClient,
                                            api_settings: ApiSettings) -> None:
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    unsigned = (part(b'{"alg":"none","typ":"JWT"}') + "." +
                part(b'{"sub":"x","role":"SUPERVISOR","iss":"hub-development",'
                     b'"aud":"hub-api","iat":1,"exp":4102444800}') + ".")
    response = await client.post("/graphql", json={"query": LIST},
                                 headers={"Authorization": f"Bearer {unsigned}"})
    assert response.status_code == 401


async def test_intake_may_submit_but_not_read(client: httpx.AsyncClient,
                                              api_settings: ApiSettings) -> None:
    await two_forces_cases(client, api_settings)
    body = await gql(client, LIST, bearer(api_settings, Role.INTAKE))
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"].startswith("The intake service may not read Query.cases")


async def test_a_force_officer_sees_only_their_forces_cases_through_every_path(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    leeds, london = await two_forces_cases(client, api_settings)
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")

    listed = (await gql(client, LIST, officer))["data"]["cases"]
    assert listed["totalCount"] == 1
    assert [e["node"]["reference"] for e in listed["edges"]] == [leeds["reference"]]

    assert (await gql(client, BY_REF, officer, r=london["reference"]))["data"]["case"] is None
    assert (await gql(client, BY_REF, officer, r=leeds["reference"]))["data"]["case"] == {
        "reference": leeds["reference"]}
    assert (await gql(client, BY_ID, officer, id=london["id"]))["data"]["node"] is None
    assert (await gql(client, BY_ID, officer, id=leeds["id"]))["data"]["node"]["reference"] == \
        leeds["reference"]
    assert (await gql(client, REPORT, officer, t="TV-LONDON"))["data"]["report"] is None
    assert (await gql(client, REPORT, officer, t="TV-LEEDS"))["data"]["report"] == {
        "truevisionRef": "TV-LEEDS"}


BACKWARD = """query($before: String) { cases(last: 1, before: $before) { totalCount
  pageInfo { hasPreviousPage startCursor } edges { node { reference forceCode
  reports(last: 5) { totalCount edges { node { truevisionRef } } } } } } }"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Case { reference } } }"


async def test_a_force_officer_paging_backward_sees_and_counts_only_their_forces_cases(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    """The two forces' cases interleave in time, so every page boundary could let one in."""
    leeds = await separate_cases(client, api_settings, 3, prefix="TV-LEEDS")
    london = await separate_cases(client, api_settings, 3, prefix="TV-LONDON", victim={
        "name": "Jo", "postcode": "SE1 7PB"})
    assert await force_of(client, api_settings, {"reference": london[0]}) == "metropolitan"
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")

    seen: list[str] = []
    before = None
    while True:
        page = (await gql(client, BACKWARD, officer, before=before))["data"]["cases"]
        assert page["totalCount"] == 3
        for edge in page["edges"]:
            assert edge["node"]["forceCode"] == "west-yorkshire"
            assert edge["node"]["reports"]["totalCount"] == 1
            seen.append(edge["node"]["reference"])
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert seen == leeds  # the end of a list kept newest first is its oldest case


async def test_nodes_shows_a_force_officer_no_more_than_node_does(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    leeds, london = await two_forces_cases(client, api_settings)
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    body = await gql(client, NODES, officer, ids=[london["id"], leeds["id"], london["id"]])
    assert "errors" not in body, body
    assert body["data"] == {"nodes": [
        None, {"id": leeds["id"], "reference": leeds["reference"]}, None]}


async def test_a_force_officer_filtering_on_another_force_gets_nothing(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    await two_forces_cases(client, api_settings)
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    query = ('query { cases(filter: {forceCodes: ["metropolitan"]}) '
             '{ totalCount edges { node { reference } } } }')
    assert (await gql(client, query, officer))["data"]["cases"] == {"totalCount": 0, "edges": []}


async def test_hub_roles_see_every_force(client: httpx.AsyncClient,
                                         api_settings: ApiSettings) -> None:
    await two_forces_cases(client, api_settings)
    for role in (Role.HUB_OFFICER, Role.ANALYST, Role.SUPERVISOR):
        listed = (await gql(client, LIST, bearer(api_settings, role)))["data"]["cases"]
        assert listed["totalCount"] == 2


async def test_analysts_do_not_see_contact_details(client: httpx.AsyncClient,
                                                   api_settings: ApiSettings) -> None:
    await two_forces_cases(client, api_settings)
    query = "query { report(truevisionRef: \"TV-LEEDS\") { parties { name email postcode } } }"
    analyst = (await gql(client, query, bearer(api_settings, Role.ANALYST)))["data"]
    assert analyst["report"]["parties"] == [{"name": None, "email": None, "postcode": "LS6 2AB"}]
    officer = (await gql(client, query, bearer(api_settings, Role.HUB_OFFICER)))["data"]
    assert officer["report"]["parties"][0]["email"] == "aisha@example.org"
