"""Every kind of bad token is refused with 401, and the algorithm is never the token's choice."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.servers import served
from tests.support.tokens import KEY_ID, bearer, claims, rs256

QUERY = {"query": "query { cases(first: 1) { totalCount } }"}


def b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def hand_made(header: dict[str, Any], payload: dict[str, Any], secret: bytes | None) -> str:
    """A token built byte by byte, as an attacker would: HMAC-SHA256 with `secret`, or unsigned."""
    signing_input = b64(json.dumps(header).encode()) + b"." + b64(json.dumps(
        payload, default=lambda moment: int(moment.timestamp())).encode())
    signature = b"" if secret is None else b64(
        hmac.new(secret, signing_input, hashlib.sha256).digest())
    return (signing_input + b"." + signature).decode()


def hs256(settings: ApiSettings, secret: str | None = None, **changes: Any) -> str:
    assert settings.jwt_secret is not None
    return jwt.encode(claims(settings, **changes),
                      secret or settings.jwt_secret.get_secret_value(), algorithm="HS256")


async def status(client: httpx.AsyncClient, token: str) -> int:
    response = await client.post("/graphql", json=QUERY,
                                 headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 401:
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    return response.status_code


async def test_a_good_token_passes(client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    assert await status(client, hs256(api_settings)) == 200


# Claims are built from the clock when each test runs, never when the module is imported: a
# slow run must not turn a "not yet valid" token valid.
@pytest.mark.parametrize("changes", [
    lambda now: {"exp": now - timedelta(minutes=5), "iat": now - timedelta(hours=1)},
    lambda now: {"nbf": now + timedelta(minutes=5)},
    lambda now: {"iss": "someone-else"},
    lambda now: {"aud": "another-api"},
    lambda now: {"exp": None},
    lambda now: {"sub": None},
    lambda now: {"role": "GOD_MODE"},
    lambda now: {"role": "FORCE_OFFICER"},  # a force officer without a force
], ids=["expired", "not-yet-valid", "wrong-issuer", "wrong-audience", "no-expiry", "no-subject",
        "unknown-role", "force-role-without-force"])
async def test_bad_claims_are_refused(client: httpx.AsyncClient, api_settings: ApiSettings,
                                      changes: Callable[[datetime], dict[str, Any]]
                                      ) -> None:
    assert await status(client, hs256(api_settings, **changes(datetime.now(UTC)))) == 401


async def test_a_token_signed_with_another_secret_is_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    forged = hs256(api_settings, secret="a-guessed-secret-long-enough-for-hmac-sha256")
    assert await status(client, forged) == 401


@pytest.mark.parametrize(("claim", "forged"),
                         [("role", "SUPERVISOR"), ("force", "metropolitan")])
async def test_claims_edited_after_signing_are_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings, claim: str, forged: str) -> None:
    header, payload, signature = hs256(api_settings, role="FORCE_OFFICER",
                                       force="west-yorkshire").split(".")
    edited = json.loads(base64.urlsafe_b64decode(payload + "=="))
    edited[claim] = forged
    assert await status(client, f"{header}.{b64(json.dumps(edited).encode()).decode()}."
                                f"{signature}") == 401


async def test_an_unsigned_token_is_refused(client: httpx.AsyncClient,
                                            api_settings: ApiSettings) -> None:
    assert await status(client, hand_made({"alg": "none", "typ": "JWT"},
                                          claims(api_settings), None)) == 401


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer not.a.jwt", "Basic dXNlcjpwYXNz"])
async def test_malformed_credentials_are_refused(client: httpx.AsyncClient, header: str) -> None:
    response = await client.post("/graphql", json=QUERY, headers={"Authorization": header})
    assert response.status_code == 401


@pytest.fixture
async def rs256_client(jwks_file: Path, clean_graph: Graph,
                       neo4j_settings: Neo4jSettings,
                       nats_url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = ApiSettings(env="test", jwt_algorithm="RS256", jwks=str(jwks_file),
                           nats_url=nats_url)
    async with served(settings, neo4j_settings) as http:
        yield http


async def test_rs256_tokens_verify_against_the_jwks(
        rs256_client: httpx.AsyncClient, rsa_key: rsa.RSAPrivateKey,
        api_settings: ApiSettings) -> None:
    good = rs256(rsa_key, api_settings)
    assert (await rs256_client.post("/graphql", json=QUERY, headers=good)).status_code == 200
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    same_kid = jwt.encode(claims(api_settings), impostor, algorithm="RS256",
                          headers={"kid": KEY_ID})
    assert await status(rs256_client, same_kid) == 401
    unknown_kid = jwt.encode(claims(api_settings), rsa_key, algorithm="RS256",
                             headers={"kid": "not-published"})
    assert await status(rs256_client, unknown_kid) == 401
    now = datetime.now(UTC)
    expired = rs256(rsa_key, api_settings, exp=now - timedelta(minutes=5),
                    iat=now - timedelta(hours=1))
    assert (await rs256_client.post("/graphql", json=QUERY, headers=expired)).status_code == 401


async def test_an_rs256_server_refuses_tokens_choosing_another_algorithm(
        rs256_client: httpx.AsyncClient, rsa_key: rsa.RSAPrivateKey,
        api_settings: ApiSettings) -> None:
    """Algorithm confusion: HS256 'signed' with the published public key must not pass."""
    pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    header = {"alg": "HS256", "typ": "JWT", "kid": KEY_ID}
    assert await status(rs256_client, hand_made(header, claims(api_settings), pem)) == 401
    assert await status(rs256_client, hand_made({"alg": "none", "kid": KEY_ID},
                                                claims(api_settings), None)) == 401
    # Nor does a development token: HS256 with the development secret.
    assert await status(rs256_client, hs256(api_settings)) == 401


REFUSALS = ("query { auditEvents(action: REFUSAL) { totalCount"
            " edges { node { actor role force reason } } } }")


async def refusals(client: httpx.AsyncClient, settings: ApiSettings) -> dict[str, Any]:
    body = await gql(client, REFUSALS, bearer(settings, Role.SUPERVISOR))
    found: dict[str, Any] = body["data"]["auditEvents"]
    return found


@pytest.mark.parametrize("force", ["HUB", "west-yorks", "", 42, ["metropolitan"]],
                         ids=["hub", "unknown-code", "empty", "number", "list"])
async def test_a_force_officer_of_no_police_force_is_refused_and_the_refusal_audited(
        client: httpx.AsyncClient, api_settings: ApiSettings, force: Any) -> None:
    token = hs256(api_settings, sub="officer-x", role="FORCE_OFFICER", force=force)
    assert await status(client, token) == 401
    logged = await refusals(client, api_settings)
    assert logged["totalCount"] == 1
    [edge] = logged["edges"]
    assert edge["node"]["actor"] == "officer-x"
    assert edge["node"]["role"] == "FORCE_OFFICER"
    assert "police force" in edge["node"]["reason"]


async def test_an_unknown_role_is_audited_but_a_forged_token_is_not(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    """A forged token's claims are anyone's words: logging them would let anyone write into
    the audit log. A signed one with a role the hub does not have is a real attempt."""
    assert await status(client, hs256(api_settings, role="GOD_MODE")) == 401
    forged = hs256(api_settings, secret="a-guessed-secret-long-enough-for-hmac-sha256",
                   role="FORCE_OFFICER", force="HUB")
    assert await status(client, forged) == 401
    logged = await refusals(client, api_settings)
    assert [edge["node"]["role"] for edge in logged["edges"]] == ["GOD_MODE"]


@pytest.mark.parametrize("force", ["west-yorkshire", "btp", "police-scotland",
                                   "northern-ireland"])
async def test_a_force_officer_of_a_police_force_passes(
        client: httpx.AsyncClient, api_settings: ApiSettings, force: str) -> None:
    assert await status(client, hs256(api_settings, role="FORCE_OFFICER", force=force)) == 200
    assert (await refusals(client, api_settings))["totalCount"] == 0


async def test_a_force_officer_claiming_hub_no_longer_reads_unallocated_cases(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    await submit(client, api_settings, referral(victim={"name": "Sam"}))  # left with the hub
    token = hs256(api_settings, role="FORCE_OFFICER", force="HUB")
    response = await client.post("/graphql", json={
        "query": "query { cases(first: 5) { totalCount edges { node { reference } } } }"},
        headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "data" not in response.json()
