"""API settings from the environment (prefix `HUB_`), validated once at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.trusted import MANIFEST
from graph.settings import PROJECT_ROOT


class ApiSettings(BaseSettings):
    """Development conveniences (GraphiQL, HS256 tokens) exist only when `env` says so."""

    model_config = SettingsConfigDict(env_prefix="HUB_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    jwt_issuer: str = "hub-development"
    jwt_audience: str = "hub-api"
    # HS256 shared secret: development and test only.
    jwt_secret: SecretStr | None = SecretStr("hub-development-secret-not-for-production-use")
    # RS256 public keys as a JWKS document (file path or https URL): production.
    jwks: str | None = None
    jwt_algorithm: Literal["HS256", "RS256"] = "HS256"
    max_body_bytes: int = 1_000_000
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2_000
    max_page_size: int = 100
    # Parsed and validated documents kept per process (api.documents); 0 parses and validates
    # every request afresh (bench/graphql_overhead.py compares the two).
    document_cache: int = 256
    # The front end's trusted documents (api.trusted): a manifest `hub documents build` writes,
    # or none. With `trusted_only` (HUB_TRUSTED_ONLY) no other document runs: set it in
    # production once the front end sends document ids.
    documents: Path | None = MANIFEST
    trusted_only: bool = False
    rate_per_second: float = 20.0
    rate_burst: int = 60
    # Truevision's sender is one principal speaking for every victim: a backlog after an outage
    # must drain faster than one officer's queries.
    intake_rate_per_second: float = 100.0
    intake_rate_burst: int = 300
    # Seconds between REFUSAL entries for one principal over the rate limit (per process): who
    # flooded, and when, without letting a flood flood the audit log too.
    rate_refusal_log_window: float = 60.0
    # Seconds a client is told to wait (`Retry-After`) when the database is away or the process
    # is full: a sender that honours it backs off instead of adding to the queue.
    retry_after: int = 2
    # Seconds one GraphQL request may run before it is stopped and answered "retry": shorter than
    # a sender's own timeout, so it hears an answer instead of a timeout. The driver's pool wait
    # and transaction retries are kept within it (`api.app.create_app`).
    request_deadline: float = 10.0
    # GraphQL requests one process runs at once; more are refused at once (503, Retry-After)
    # instead of queueing for the database pool (NEO4J_MAX_CONNECTION_POOL_SIZE, kept above it).
    # The limit moves between the two (`api.admission`): down to `min_in_flight` when requests
    # are told to retry (the database away or too slow), up again as they succeed, so a
    # database that has just come back cold is warmed by a few requests, not buried by all.
    max_in_flight: int = 80
    min_in_flight: int = Field(default=4, ge=1)
    # Seconds /readyz gives the database to answer, whatever the state of the pool.
    ready_timeout: float = 1.0
    # Live events between API processes go through NATS with JetStream: the URL of a cluster,
    # or unset for the local server `hub nats start` runs (under `nats_home`, on `nats_port`).
    nats_url: str | None = None
    nats_home: Path = PROJECT_ROOT / "var" / "nats"
    nats_port: int = 4222
    nats_monitor_port: int = 8222
    # Worker processes `hub serve` runs on one port (uvicorn's); limits, events and metrics
    # are shared between them as between separate processes.
    workers: int = Field(default=1, ge=1)
    # Log lines: JSON for a log pipeline, readable ones for a person at a terminal.
    log_format: Literal["json", "console"] = "console"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Browser origins of front-ends allowed to call the API, as a JSON list
    # (`HUB_CORS_ORIGINS='["https://hub.example.police.uk"]'`); none by default.
    cors_origins: list[str] = []

    @model_validator(mode="after")
    def _production_needs_real_keys(self) -> ApiSettings:
        if self.env == "production" and (self.jwt_algorithm != "RS256" or not self.jwks):
            raise ValueError("production requires HUB_JWT_ALGORITHM=RS256 and HUB_JWKS")
        return self

    @property
    def development(self) -> bool:
        return self.env == "development"

    @property
    def effective_nats_url(self) -> str:
        return self.nats_url or f"nats://127.0.0.1:{self.nats_port}"

    @property
    def jwks_path(self) -> Path | None:
        return Path(self.jwks) if self.jwks and not self.jwks.startswith("https://") else None
