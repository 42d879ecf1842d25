"""Hostile or broken clients: costly queries, floods, oversized bodies, schema probing."""

from __future__ import annotations

import httpx

from api.app import create_app
from api.limits import MAX_COST, RateLimiter
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.conftest import bearer
from tests.graphql import gql

NESTED = """query { cases(first: 100) { edges { node {
  reports(first: 100) { edges { node { truevisionRef parties { name } } } }
  complainants(first: 100) { edges { node { name } } } } } } }"""


async def test_a_costly_query_is_refused_before_it_runs(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    body = await gql(client, NESTED, bearer(api_settings, Role.HUB_OFFICER))
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert f"limit of {MAX_COST}" in body["errors"][0]["message"]


async def test_a_normal_query_reports_its_cost(client: httpx.AsyncClient,
                                               api_settings: ApiSettings) -> None:
    body = await gql(client, "query { cases(first: 10) { edges { node { reference } } } }",
                     bearer(api_settings, Role.HUB_OFFICER))
    assert body["extensions"]["cost"] == {"requested": 1 + 10 * 3, "limit": MAX_COST}


def test_the_bucket_refills_and_keeps_clients_apart() -> None:
    limiter = RateLimiter(rate=1.0, burst=2)
    assert limiter.retry_after("a", now=0.0) == 0
    assert limiter.retry_after("a", now=0.0) == 0
    assert limiter.retry_after("a", now=0.0) > 0
    assert limiter.retry_after("b", now=0.0) == 0
    assert limiter.retry_after("a", now=1.5) == 0


async def test_a_flood_gets_429_with_retry_after_and_others_are_unaffected(
        clean_graph: Graph, neo4j_settings: Neo4jSettings) -> None:
    settings = ApiSettings(env="test", rate_per_second=0.5, rate_burst=5)
    app = create_app(settings, neo4j_settings)
    query = {"query": "query { forces { code } }"}
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        flood = [await http.post("/graphql", json=query,
                                 headers=bearer(settings, Role.ANALYST)) for _ in range(8)]
        other = await http.post("/graphql", json=query, headers=bearer(settings, Role.SUPERVISOR))
    codes = [r.status_code for r in flood]
    assert codes[:5] == [200] * 5
    assert 429 in codes[5:]
    refused = next(r for r in flood if r.status_code == 429)
    assert int(refused.headers["retry-after"]) >= 1
    assert other.status_code == 200


async def test_an_oversized_body_is_refused(client: httpx.AsyncClient,
                                            api_settings: ApiSettings) -> None:
    padding = "x" * (api_settings.max_body_bytes + 10)
    response = await client.post("/graphql", headers=bearer(api_settings, Role.INTAKE),
                                 json={"query": "query { forces { code } }", "p": padding})
    assert response.status_code == 413


async def test_production_refuses_introspection_and_get(
        clean_graph: Graph, neo4j_settings: Neo4jSettings, api_settings: ApiSettings) -> None:
    production = ApiSettings(env="production", jwt_algorithm="RS256", jwks="/nonexistent")
    from api.schema import build_schema
    schema = build_schema(production)
    result = await schema.execute("query { __schema { types { name } } }")
    assert result.errors
    assert "introspection" in result.errors[0].message.lower()
    app = create_app(api_settings, neo4j_settings)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        response = await http.get("/graphql", params={"query": "{ forces { code } }"},
                                  headers=bearer(api_settings, Role.HUB_OFFICER))
    assert response.status_code in (400, 405)
