"""Tokens as the hub's callers send them: development tokens and headers for each role, and
RS256 tokens as an identity provider signs them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from api.auth import mint_development_token
from api.settings import ApiSettings
from casework.access import Role


def token(settings: ApiSettings, role: Role, force: str | None = None) -> str:
    return mint_development_token(settings, f"test-{role.value.lower()}", role, force)


# What a front end sends with every request, as a user types it once per piece of work: the
# reads that need one (resolvers.justification) are refused without it.
JUSTIFICATION = "test run: checking the hub behaves"


def bearer(settings: ApiSettings, role: Role, force: str | None = None,
           justification: str | None = JUSTIFICATION) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token(settings, role, force)}"}
    if justification is not None:
        headers["X-Hub-Justification"] = justification
    return headers


KEY_ID = "hub-test-1"


def claims(settings: ApiSettings, **changes: Any) -> dict[str, Any]:
    """Valid claims for `settings`; a change to None removes that claim."""
    now = datetime.now(UTC)
    base: dict[str, Any] = {"sub": "test-officer", "role": "HUB_OFFICER",
                            "iss": settings.jwt_issuer, "aud": settings.jwt_audience,
                            "iat": now, "nbf": now, "exp": now + timedelta(hours=1)}
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def rs256(key: rsa.RSAPrivateKey, settings: ApiSettings, **changes: Any) -> dict[str, str]:
    """An Authorization header with an RS256 token, as the identity provider would sign it."""
    token = jwt.encode(claims(settings, **changes), key, algorithm="RS256",
                       headers={"kid": KEY_ID})
    return {"Authorization": f"Bearer {token}"}
