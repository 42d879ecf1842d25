"""Browsers on the origins in HUB_CORS_ORIGINS may call the API; pages elsewhere may not."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.support.servers import served
from tests.support.tokens import bearer

FRONT_END = "https://cases.hub.police.uk"
ELSEWHERE = "https://evil.example"
PREFLIGHT = {"Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization, content-type"}


@pytest.fixture
async def hub(clean_graph: Graph, api_settings: ApiSettings,
              neo4j_settings: Neo4jSettings) -> AsyncIterator[httpx.AsyncClient]:
    settings = api_settings.model_copy(update={"cors_origins": [FRONT_END]})
    async with served(settings, neo4j_settings) as http:
        yield http


def test_origins_come_from_the_environment_as_a_json_list(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_CORS_ORIGINS", f'["{FRONT_END}", "http://localhost:5173"]')
    assert ApiSettings().cors_origins == [FRONT_END, "http://localhost:5173"]
    monkeypatch.delenv("HUB_CORS_ORIGINS")
    assert ApiSettings().cors_origins == []


async def test_a_listed_origin_passes_the_preflight(hub: httpx.AsyncClient) -> None:
    response = await hub.options("/graphql", headers={"Origin": FRONT_END, **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == FRONT_END
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed
    assert "content-type" in allowed
    assert "POST" in response.headers["access-control-allow-methods"]


async def test_an_unlisted_origin_fails_the_preflight(hub: httpx.AsyncClient) -> None:
    response = await hub.options("/graphql", headers={"Origin": ELSEWHERE, **PREFLIGHT})
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_only_a_listed_origin_may_read_the_answer(
        hub: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    query = {"query": "{ forces { code } }"}
    officer = bearer(api_settings, Role.HUB_OFFICER)
    listed = await hub.post("/graphql", json=query, headers={"Origin": FRONT_END, **officer})
    assert listed.json()["data"]["forces"]
    assert listed.headers["access-control-allow-origin"] == FRONT_END
    unlisted = await hub.post("/graphql", json=query, headers={"Origin": ELSEWHERE, **officer})
    assert "access-control-allow-origin" not in unlisted.headers


async def test_a_refusal_is_readable_by_a_listed_origin(hub: httpx.AsyncClient) -> None:
    """A front-end must see the 401 to send its user to sign in again."""
    refused = await hub.post("/graphql", json={"query": "{ forces { code } }"},
                             headers={"Origin": FRONT_END})
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == FRONT_END


async def test_no_origin_is_allowed_unless_listed(client: httpx.AsyncClient) -> None:
    response = await client.options("/graphql", headers={"Origin": FRONT_END, **PREFLIGHT})
    assert response.status_code == 400
