"""Liveness never depends on Neo4j; readiness follows it."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from api.app import create_app
from api.settings import ApiSettings
from graph.settings import Neo4jSettings
from tests.support.servers import free_port


async def test_ready_when_neo4j_answers(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).status_code == 200
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


async def alive_but_not_ready(api_settings: ApiSettings,
                              neo4j_settings: Neo4jSettings) -> dict[str, str]:
    """Start the API, check it is alive, and return what /readyz says (it must say 503)."""
    app = create_app(api_settings, neo4j_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            assert (await http.get("/healthz")).status_code == 200
            response = await http.get("/readyz")
    assert response.status_code == 503
    body: dict[str, str] = response.json()
    return body


async def test_not_ready_while_neo4j_is_down_but_still_alive(api_settings: ApiSettings) -> None:
    nowhere = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=SecretStr("x"))
    assert await alive_but_not_ready(api_settings, nowhere) == {
        "status": "neo4j unavailable: ServiceUnavailable"}


async def test_starts_without_the_broker_and_says_so(api_settings: ApiSettings,
                                                     neo4j_settings: Neo4jSettings) -> None:
    """A broker that is down does not hold start-up hostage: the API comes up, not ready."""
    no_broker = api_settings.model_copy(update={"nats_url": f"nats://127.0.0.1:{free_port()}"})
    assert await alive_but_not_ready(no_broker, neo4j_settings) == {"status": "nats unavailable"}
