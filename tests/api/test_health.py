"""Liveness never depends on Neo4j; readiness follows it."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from api.app import create_app
from api.settings import ApiSettings
from graph.settings import Neo4jSettings
from tests.conftest import free_port


async def test_ready_when_neo4j_answers(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).status_code == 200
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


async def test_not_ready_while_neo4j_is_down_but_still_alive(api_settings: ApiSettings) -> None:
    nowhere = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=SecretStr("x"))
    app = create_app(api_settings, nowhere)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            assert (await http.get("/healthz")).status_code == 200
            response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "neo4j unavailable"}
