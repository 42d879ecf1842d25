"""The one async driver a process holds, and the transaction helpers every aggregate uses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction

from graph.settings import Neo4jSettings

T = TypeVar("T")


def create_driver(settings: Neo4jSettings) -> AsyncDriver:
    """Liveness checks and a bounded connection lifetime keep sockets that a load balancer
    silently dropped from surfacing as errors in the middle of an intake."""
    return AsyncGraphDatabase.driver(
        settings.effective_uri,
        auth=(settings.user, settings.password.get_secret_value()),
        max_connection_lifetime=1800,
        liveness_check_timeout=60,
        connection_acquisition_timeout=10,
        connection_timeout=5,
        max_transaction_retry_time=15,
        notifications_min_severity="OFF",
    )


class Graph:
    """The database handle passed down from the app: the driver plus the database name.

    Reads and writes go through managed transactions, so transient failures (deadlocks between
    concurrent intakes, a leader switch) are retried by the driver and every unit of work is
    all-or-nothing.
    """

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database

    async def read(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async with self.driver.session(database=self.database) as session:
            return await session.execute_read(work)

    async def write(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(work)

    async def rows(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """One read query, all rows as plain dicts."""

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            result = await tx.run(query, params)
            return [record.data() async for record in result]

        return await self.read(work)

    async def ping(self) -> bool:
        """One auto-commit query, never retried: readiness must answer now, not in 15 s."""
        try:
            async with self.driver.session(database=self.database) as session:
                await (await session.run("RETURN 1")).consume()
        except Exception:  # any failure means "not ready", whatever its kind
            return False
        return True
