"""Where Neo4j is, and how the project's own local server is run when none is given."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Neo4jSettings(BaseSettings):
    """`NEO4J_URI` set means a server run elsewhere (production, Aura); unset means our own."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", extra="ignore")

    uri: str | None = None
    user: str = "neo4j"
    password: SecretStr = SecretStr("hub-development-only")
    database: str = "neo4j"
    # The local server the project runs itself (see servers/neo4j.py).
    home: Path = PROJECT_ROOT / "var" / "neo4j"
    bolt_port: int = 7687
    heap: str = "512m"
    pagecache: str = "256m"
    # Connections one process may hold. The API admits at most HUB_MAX_IN_FLIGHT requests and
    # each holds one connection at a time, so this stays above that limit and nothing queues
    # for the pool in normal running; the server's own limit must cover every process's pool.
    max_connection_pool_size: int = 100
    # How long a request waits for a pooled connection, and for the driver to retry transient
    # failures, before the database is reported unavailable. The API keeps both inside its
    # per-request deadline (HUB_REQUEST_DEADLINE).
    connection_acquisition_timeout: float = 5.0
    max_transaction_retry_time: float = 5.0

    @property
    def effective_uri(self) -> str:
        return self.uri or f"bolt://127.0.0.1:{self.bolt_port}"
