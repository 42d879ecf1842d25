"""Whatever a client sends, it gets a refusal it can act on: a 4xx or an error with a code,
never a server error (500) nor an INTERNAL one."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from strawberry import relay

from api.settings import ApiSettings
from casework.access import Role
from tests.support.graphql import gql
from tests.support.tokens import bearer

FORCES = '{"query": "query { forces { code } }"}'


def refusal(response: httpx.Response) -> str:
    """The code of a refusal answered, like every other, as JSON errors."""
    assert response.headers["content-type"] == "application/json", response.text
    [error] = response.json()["errors"]
    assert error["message"]
    code: str = error["extensions"]["code"]
    return code


@pytest.mark.parametrize("body", ['"hello"', "42", "true", "null",
                                  '[{"query": "query { forces { code } }"}]',
                                  '{"query": "query { forces { code } }"', "\xff"],
                         ids=["string", "number", "boolean", "null", "batch", "broken-json",
                              "not-utf8"])
async def test_a_body_that_is_not_one_operation_is_a_bad_request(
        client: httpx.AsyncClient, api_settings: ApiSettings, body: str) -> None:
    response = await client.post("/graphql", content=body.encode("latin-1"), headers={
        **bearer(api_settings, Role.ANALYST), "Content-Type": "application/json"})
    assert response.status_code == 400
    assert refusal(response) == "BAD_REQUEST"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
async def test_a_body_that_is_not_json_is_an_unsupported_media_type(
        client: httpx.AsyncClient, api_settings: ApiSettings, content_type: str | None) -> None:
    headers = bearer(api_settings, Role.ANALYST)
    if content_type:
        headers["Content-Type"] = content_type
    response = await client.post("/graphql", content=FORCES, headers=headers)
    assert response.status_code == 415
    assert refusal(response) == "UNSUPPORTED_MEDIA_TYPE"


TWO_OPERATIONS = ("query Forces { forces { code } } "
                  "query Platforms { platforms { id } }")


async def test_two_operations_without_a_name_are_refused_and_with_one_the_named_runs(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    analyst = bearer(api_settings, Role.ANALYST)
    unnamed = (await client.post("/graphql", json={"query": TWO_OPERATIONS},
                                 headers=analyst)).json()
    assert unnamed.get("data") is None
    assert [e["extensions"]["code"] for e in unnamed["errors"]] == ["OPERATION_NAME_REQUIRED"]
    named = (await client.post("/graphql", json={"query": TWO_OPERATIONS,
                                                 "operationName": "Platforms"},
                               headers=analyst)).json()
    assert "errors" not in named, named
    assert set(named["data"]) == {"platforms"}


NODE = "query($id: ID!) { node(id: $id) { id } }"


@pytest.mark.parametrize("global_id", [
    relay.to_base64("Victim", "victim-1"), relay.to_base64("Platform", "tiktok"),
    relay.to_base64("Force", "metropolitan"), relay.to_base64("Nonsense", "1"),
    relay.to_base64("Query", "1"), relay.to_base64("Case", "HUB-1999-999999")],
    ids=["victim", "platform", "force", "unknown-type", "root-type", "missing-case"])
async def test_node_of_an_id_that_names_no_node_is_null(
        client: httpx.AsyncClient, api_settings: ApiSettings, global_id: str) -> None:
    body = await gql(client, NODE, bearer(api_settings, Role.HUB_OFFICER), id=global_id)
    assert body == {"data": {"node": None}, "extensions": body["extensions"]}


async def test_node_of_a_malformed_id_is_refused_as_the_callers_mistake(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    response = await client.post("/graphql", json={"query": NODE, "variables": {
        "id": "not a global id"}}, headers=bearer(api_settings, Role.HUB_OFFICER))
    assert response.status_code in (200, 400)
    codes = [error.get("extensions", {}).get("code") for error in response.json()["errors"]]
    assert "INTERNAL" not in codes


SEARCH = ("query($s: String!) { bestPractice(search: $s) { totalCount } }")


@pytest.mark.parametrize("search", [" ".join(["hate"] * 1_100), "x" * 5_000, "a-" * 2_000],
                         ids=["many-words", "one-long-word", "one-word-of-many-terms"])
async def test_an_over_long_search_is_refused_with_a_code_and_a_field(
        client: httpx.AsyncClient, api_settings: ApiSettings, search: str) -> None:
    body = await gql(client, SEARCH, bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire"),
                     s=search)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "TOO_LONG"
    assert [e["field"] for e in error["extensions"]["userErrors"]] == [["search"]]


async def test_a_search_box_sized_search_still_runs(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    body: dict[str, Any] = await gql(client, SEARCH, bearer(api_settings, Role.ANALYST),
                                     s=" ".join(["harassment"] * 50))
    assert body["data"] == {"bestPractice": {"totalCount": 0}}
