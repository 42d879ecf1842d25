"""Every kind of bad token is refused with 401, and the algorithm is never the token's choice."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.app import create_app
from api.settings import ApiSettings
from graph.driver import Graph
from graph.settings import Neo4jSettings

QUERY = {"query": "query { forces { code } }"}


def claims(settings: ApiSettings, **changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base: dict[str, Any] = {"sub": "officer", "role": "HUB_OFFICER", "iss": settings.jwt_issuer,
                            "aud": settings.jwt_audience, "iat": now, "nbf": now,
                            "exp": now + timedelta(hours=1)}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def hs256(settings: ApiSettings, **changes: Any) -> str:
    assert settings.jwt_secret is not None
    return jwt.encode(claims(settings, **changes), settings.jwt_secret.get_secret_value(),
                      algorithm="HS256")


async def status(client: httpx.AsyncClient, token: str) -> int:
    response = await client.post("/graphql", json=QUERY,
                                 headers={"Authorization": f"Bearer {token}"})
    return response.status_code


async def test_a_good_token_passes(client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    assert await status(client, hs256(api_settings)) == 200


@pytest.mark.parametrize("changes", [
    {"exp": datetime(2020, 1, 1, tzinfo=UTC)},
    {"nbf": datetime.now(UTC) + timedelta(hours=2)},
    {"iss": "someone-else"},
    {"aud": "another-api"},
    {"exp": None},
    {"sub": None},
    {"role": "GOD_MODE"},
    {"role": "FORCE_OFFICER"},  # a force officer without a force
], ids=["expired", "not-yet-valid", "wrong-issuer", "wrong-audience", "no-expiry", "no-subject",
        "unknown-role", "force-role-without-force"])
async def test_bad_claims_are_refused(client: httpx.AsyncClient, api_settings: ApiSettings,
                                      changes: dict[str, Any]) -> None:
    assert await status(client, hs256(api_settings, **changes)) == 401


async def test_tampered_claims_are_refused(client: httpx.AsyncClient,
                                           api_settings: ApiSettings) -> None:
    header, payload, signature = hs256(api_settings, role="ANALYST").split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=="))
    data["role"] = "SUPERVISOR"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    assert await status(client, f"{header}.{forged}.{signature}") == 401


async def test_a_malformed_token_is_refused(client: httpx.AsyncClient) -> None:
    assert await status(client, "not.a.jwt") == 401


@pytest.fixture
def rsa_keys(tmp_path: Path) -> tuple[Any, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**public, "kid": "hub-1", "use": "sig",
                                          "alg": "RS256"}]}))
    return key, jwks


@pytest.fixture
async def rs256_client(rsa_keys: tuple[Any, Path], clean_graph: Graph,
                       neo4j_settings: Neo4jSettings) -> AsyncIterator[httpx.AsyncClient]:
    settings = ApiSettings(env="test", jwt_algorithm="RS256", jwks=str(rsa_keys[1]),
                           jwt_secret=None)
    app = create_app(settings, neo4j_settings)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http:
        yield http


async def test_rs256_tokens_verify_against_the_jwks(rs256_client: httpx.AsyncClient,
                                                    rsa_keys: tuple[Any, Path],
                                                    api_settings: ApiSettings) -> None:
    token = jwt.encode(claims(api_settings), rsa_keys[0], algorithm="RS256",
                       headers={"kid": "hub-1"})
    assert await status(rs256_client, token) == 200
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    wrong_key = jwt.encode(claims(api_settings), other, algorithm="RS256",
                           headers={"kid": "hub-1"})
    assert await status(rs256_client, wrong_key) == 401


async def test_algorithm_confusion_is_refused(rs256_client: httpx.AsyncClient,
                                              rsa_keys: tuple[Any, Path],
                                              api_settings: ApiSettings) -> None:
    """An HS256 token 'signed' with the public key must not pass an RS256 server."""
    pem = rsa_keys[0].public_key().public_bytes(serialization.Encoding.PEM,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT","kid":"hub-1"}').rstrip(b"=")
    body = base64.urlsafe_b64encode(json.dumps(claims(api_settings), default=lambda d: int(
        d.timestamp())).encode()).rstrip(b"=")
    signature = base64.urlsafe_b64encode(hmac.new(pem, header + b"." + body,
                                                  hashlib.sha256).digest()).rstrip(b"=")
    assert await status(rs256_client, (header + b"." + body + b"." + signature).decode()) == 401
    unsigned = (base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=") + b"." + body + b".")
    assert await status(rs256_client, unsigned.decode()) == 401
