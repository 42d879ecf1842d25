"""GraphQL over HTTP's `application/graphql-response+json`: accepted and answered, with a 4xx
and no `data` for a request that never ran; `application/json` clients see what they always did.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.media import prefers_graphql_response
from api.settings import ApiSettings
from casework.access import Role
from tests.support.tokens import bearer

GRAPHQL_RESPONSE = "application/graphql-response+json"
NEVER_RAN = [
    pytest.param({"query": "{ forces { code "}, id="does not parse"),
    pytest.param({"query": "{ forcez { code } }"}, id="does not validate"),
    pytest.param({"query": "query($n: Int) { cases(first: $n) { totalCount } }",
                  "variables": {"n": "ten"}}, id="variables do not coerce"),
]


async def ask(client: httpx.AsyncClient, settings: ApiSettings, body: dict[str, Any],
              accept: str, role: Role = Role.HUB_OFFICER,
              force: str | None = None) -> httpx.Response:
    return await client.post("/graphql", json=body,
                             headers={"Accept": accept, **bearer(settings, role, force)})


@pytest.mark.parametrize("body", NEVER_RAN)
async def test_a_request_that_never_ran_is_a_400_with_no_data(
        client: httpx.AsyncClient, api_settings: ApiSettings, body: dict[str, Any]) -> None:
    response = await ask(client, api_settings, body, f"{GRAPHQL_RESPONSE}, application/json")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    answer = response.json()
    assert "data" not in answer
    assert answer["errors"][0]["message"]


@pytest.mark.parametrize("body", NEVER_RAN)
async def test_json_clients_keep_a_200_with_null_data(
        client: httpx.AsyncClient, api_settings: ApiSettings, body: dict[str, Any]) -> None:
    response = await ask(client, api_settings, body, "application/json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    answer = response.json()
    assert answer["data"] is None
    assert answer["errors"]


async def test_an_answer_comes_in_the_graphql_media_type(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    response = await ask(client, api_settings, {"query": "{ forces { code } }"}, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert response.json()["data"]["forces"]


async def test_an_error_during_execution_is_still_a_200_with_data(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    """The request ran: a refused non-null field nulls `data`, and that is an answer."""
    response = await ask(client, api_settings, {"query": "{ auditEvents { totalCount } }"},
                         GRAPHQL_RESPONSE, role=Role.FORCE_OFFICER, force="west-yorkshire")
    assert response.status_code == 200
    answer = response.json()
    assert answer["data"] is None
    assert answer["errors"][0]["path"] == ["auditEvents"]


@pytest.mark.parametrize(("accept", "preferred"), [
    (GRAPHQL_RESPONSE, True),
    (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", True),
    (f"application/json;q=0.9, {GRAPHQL_RESPONSE}", True),
    (f"application/json, {GRAPHQL_RESPONSE};q=0.5", False),
    (f"{GRAPHQL_RESPONSE};q=0", False),
    ("application/json", False),
    ("*/*", False),
    ("", False),
])
def test_the_graphql_media_type_is_used_when_preferred(accept: str, preferred: bool) -> None:
    assert prefers_graphql_response(accept) is preferred
