"""Apps with their own settings (RS256 keys, production, tight rate limits), and tokens."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import nats
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from api.app import create_app
from api.settings import ApiSettings
from api.shared_limits import BUCKET_PREFIX
from graph.settings import Neo4jSettings

KEY_ID = "hub-test-1"


async def forget_rates(nats_url: str) -> None:
    """Drop every shared rate bucket, so a test's limits start full (they outlive an app)."""
    broker = await nats.connect(nats_url)
    try:
        jetstream = broker.jetstream()
        for stream in await jetstream.streams_info():
            if stream.config.name and stream.config.name.startswith("KV_" + BUCKET_PREFIX):
                await jetstream.delete_stream(stream.config.name)
    finally:
        await broker.close()


@contextlib.asynccontextmanager
async def served(settings: ApiSettings,
                 neo4j_settings: Neo4jSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, neo4j_settings)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        yield http


def claims(settings: ApiSettings, **changes: Any) -> dict[str, Any]:
    """Valid claims for `settings`; a change to None removes that claim."""
    now = datetime.now(UTC)
    base: dict[str, Any] = {"sub": "test-officer", "role": "HUB_OFFICER",
                            "iss": settings.jwt_issuer, "aud": settings.jwt_audience,
                            "iat": now, "nbf": now, "exp": now + timedelta(hours=1)}
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def jwks_file(rsa_key: rsa.RSAPrivateKey, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public half of `rsa_key` as the identity provider would publish it."""
    public = jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    path = tmp_path_factory.mktemp("jwks") / "jwks.json"
    path.write_text(json.dumps({"keys": [{**public, "kid": KEY_ID, "use": "sig",
                                          "alg": "RS256"}]}))
    return path


def rs256(key: rsa.RSAPrivateKey, settings: ApiSettings, **changes: Any) -> dict[str, str]:
    """An Authorization header with an RS256 token, as the identity provider would sign it."""
    token = jwt.encode(claims(settings, **changes), key, algorithm="RS256",
                       headers={"kid": KEY_ID})
    return {"Authorization": f"Bearer {token}"}
