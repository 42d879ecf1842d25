"""Bearer tokens to principals.

The algorithm is fixed by configuration, never read from the token (RFC 8725): a token signed
with anything else, or `alg: none`, is refused. Issuer, audience, expiry and not-before are
always checked.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from api.settings import ApiSettings
from casework.access import Principal, Role
from seeds.reference.forces import force_by_code


class Unauthenticated(Exception):
    """No usable credentials; the message is safe to show."""


class RefusedClaims(Unauthenticated):
    """A token the identity provider signed, whose claims name no principal the hub has: an
    unknown role, or a force officer of no police force. Unlike a forged token it is someone's
    real attempt, so it is audited; `subject`, `role` and `force` are as claimed."""

    def __init__(self, message: str, claims: dict[str, Any]) -> None:
        super().__init__(message)
        self.subject, self.role, self.force = (
            None if claims.get(name) is None else str(claims[name])[:100]
            for name in ("sub", "role", "force"))


def principal_of(claims: dict[str, Any]) -> Principal:
    """The principal verified claims name, checked once here against the roles and the
    reference table of forces: a force officer's `force` must be a police force a case can be
    allocated to (`seeds.reference.forces`), so "HUB" or a made-up code is refused. Hub roles
    act for every force; a `force` claim on them is not used."""
    try:
        role = Role(str(claims.get("role")))
    except ValueError as error:
        raise RefusedClaims(f"invalid token claims: unknown role {claims.get('role')!r}",
                            claims) from error
    if role is not Role.FORCE_OFFICER:
        return Principal(subject=str(claims["sub"]), role=role)
    force = claims.get("force")
    if not isinstance(force, str) or force_by_code(force) is None:
        raise RefusedClaims("invalid token claims: a force officer's `force` must be a police "
                            "force's code", claims)
    return Principal(subject=str(claims["sub"]), role=role, force=force)


class TokenVerifier:
    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self._jwks: jwt.PyJWKClient | None = None
        self._keyset: jwt.PyJWKSet | None = None
        if settings.jwt_algorithm == "RS256":
            if settings.jwks_path is not None:
                self._keyset = jwt.PyJWKSet.from_dict(json.loads(settings.jwks_path.read_text()))
            elif settings.jwks:
                self._jwks = jwt.PyJWKClient(settings.jwks, cache_keys=True)

    async def _key(self, token: str) -> Any:
        if self.settings.jwt_algorithm == "HS256":
            if self.settings.jwt_secret is None:
                raise Unauthenticated("no token secret is configured")
            return self.settings.jwt_secret.get_secret_value()
        kid = jwt.get_unverified_header(token).get("kid")
        if self._keyset is not None:
            for key in self._keyset.keys:
                if kid is None or key.key_id == kid:
                    return key.key
            raise Unauthenticated("token signed by an unknown key")
        if self._jwks is None:
            raise Unauthenticated("no token keys are configured")
        # The JWKS client fetches over HTTP when a key is not cached: off the event loop, so a
        # key rotation does not stall every other request.
        signing_key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
        return signing_key.key

    async def verify(self, header: str | None) -> Principal:
        if not header or not header.lower().startswith("bearer "):
            raise Unauthenticated("a bearer token is required")
        token = header[7:].strip()
        try:
            claims = jwt.decode(
                token, await self._key(token), algorithms=[self.settings.jwt_algorithm],
                audience=self.settings.jwt_audience, issuer=self.settings.jwt_issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]}, leeway=30)
        except (jwt.PyJWTError, ValueError) as error:
            raise Unauthenticated(f"invalid token: {error}") from error
        return principal_of(claims)


def mint_development_token(settings: ApiSettings, subject: str, role: Role,
                           force: str | None = None, hours: float = 12) -> str:
    """HS256 tokens for development and tests; refused outright in production."""
    if settings.env == "production" or settings.jwt_secret is None:
        raise RuntimeError("development tokens are not available in production")
    now = datetime.now(UTC)
    claims: dict[str, Any] = {"sub": subject, "role": role.value, "iss": settings.jwt_issuer,
                              "aud": settings.jwt_audience, "iat": now, "nbf": now,
                              "exp": now + timedelta(hours=hours)}
    if force:
        claims["force"] = force
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")
