"""What production turns off: introspection, field suggestions, GraphiQL, queries over GET.

Each switch is checked against the same request in another environment, so a test cannot pass
because the request was wrong.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.support.servers import served
from tests.support.tokens import bearer, rs256

INTROSPECTION = "query { __schema { queryType { name } } __type(name: \"Case\") { name } }"
MISSPELT = "query { forcez { code } }"
IDE = {"Accept": "text/html"}


@pytest.fixture
async def production(jwks_file: Path, clean_graph: Graph,
                     neo4j_settings: Neo4jSettings,
                     nats_url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = ApiSettings(env="production", jwt_algorithm="RS256", jwks=str(jwks_file),
                           nats_url=nats_url)
    async with served(settings, neo4j_settings) as http:
        yield http


@pytest.fixture
async def development(clean_graph: Graph, neo4j_settings: Neo4jSettings,
                      nats_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with served(ApiSettings(env="development", nats_url=nats_url), neo4j_settings) as http:
        yield http


async def test_production_refuses_introspection_but_answers_queries(
        production: httpx.AsyncClient, client: httpx.AsyncClient, rsa_key: rsa.RSAPrivateKey,
        api_settings: ApiSettings) -> None:
    officer = rs256(rsa_key, api_settings)
    refused = (await production.post("/graphql", json={"query": INTROSPECTION},
                                     headers=officer)).json()
    assert refused["data"] is None
    assert all("introspection" in error["message"].lower() for error in refused["errors"])
    answered = (await production.post("/graphql", json={"query": "query { forces { code } }"},
                                      headers=officer)).json()
    assert answered["data"]["forces"]
    tests = (await client.post("/graphql", json={"query": INTROSPECTION},
                               headers=bearer(api_settings, Role.HUB_OFFICER))).json()
    assert tests["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_production_suggests_no_field_names(
        production: httpx.AsyncClient, development: httpx.AsyncClient,
        rsa_key: rsa.RSAPrivateKey, api_settings: ApiSettings) -> None:
    refused = (await production.post("/graphql", json={"query": MISSPELT},
                                     headers=rs256(rsa_key, api_settings))).json()
    assert "forcez" in refused["errors"][0]["message"]
    assert "forces" not in refused["errors"][0]["message"]
    helped = (await development.post("/graphql", json={"query": MISSPELT}, headers=bearer(
        ApiSettings(env="development"), Role.HUB_OFFICER))).json()
    assert "Did you mean 'forces'" in helped["errors"][0]["message"]


async def test_production_serves_no_graphiql(production: httpx.AsyncClient) -> None:
    assert (await production.get("/graphql", headers=IDE)).status_code == 401


async def test_production_serves_no_graphiql_libraries(
        production: httpx.AsyncClient, development: httpx.AsyncClient) -> None:
    library = "/graphiql/assets/react@18.2.0/umd/react.production.min.js"
    assert (await production.get(library)).status_code == 404
    assert (await development.get(library)).status_code == 200


async def test_development_serves_graphiql(development: httpx.AsyncClient) -> None:
    ide = await development.get("/graphql", headers=IDE)
    assert ide.status_code == 200
    assert "graphiql" in ide.text.lower()


async def test_queries_are_not_accepted_over_get(production: httpx.AsyncClient,
                                                 rsa_key: rsa.RSAPrivateKey,
                                                 api_settings: ApiSettings) -> None:
    """A GET can be forged cross-site (an image tag) and lands in proxy logs with its query."""
    response = await production.get("/graphql", params={"query": "{ forces { code } }"},
                                    headers=rs256(rsa_key, api_settings))
    assert response.status_code in (400, 405)
    assert "forces" not in response.text
