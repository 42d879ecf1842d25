"""The one async driver a process holds, and the transaction helpers every aggregate uses."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Literal, LiteralString, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, AsyncSession
from neo4j.exceptions import TransientError

from graph import telemetry
from graph.outages import Outages
from graph.records import rows_of
from graph.settings import Neo4jSettings

T = TypeVar("T")

DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"
# A deadlock's victim is told at once, and the transaction it crossed then has every lock it
# waited for: it commits within milliseconds. The driver's own retry waits a second first
# (doubling from there), and under load those waits were intake's slowest referrals
# (`bench.big`, 32 clients: p99 over a second on either graph). Intake takes its keys in one
# order, but two referrals creating the same new block key can still cross: MERGE looks a key up
# under a shared lock on its index entry and asks for it exclusively to create it, and two
# transactions doing that at once each wait for the other. So a victim is tried again after a
# few milliseconds here, a few times, before the driver's retry takes over.
DEADLOCK_RETRIES = 6
DEADLOCK_PAUSE = 0.005  # seconds before the first retry, doubling, with jitter


class _Deadlocked(Exception):
    """Carries a deadlock out of the driver's retry loop, which would wait a second."""


def create_driver(settings: Neo4jSettings) -> AsyncDriver:
    """Liveness checks and a bounded connection lifetime keep sockets that a load balancer
    silently dropped from surfacing as errors in the middle of an intake."""
    return AsyncGraphDatabase.driver(
        settings.effective_uri,
        auth=(settings.user, settings.password.get_secret_value()),
        max_connection_lifetime=1800,
        liveness_check_timeout=60,
        max_connection_pool_size=settings.max_connection_pool_size,
        connection_acquisition_timeout=settings.connection_acquisition_timeout,
        connection_timeout=5,
        max_transaction_retry_time=settings.max_transaction_retry_time,
        notifications_min_severity="OFF",
    )


class Graph:
    """The database handle passed down from the app: the driver plus the database name.

    Reads and writes go through managed transactions, so transient failures (a lost connection,
    a leader switch) are retried by the driver and every unit of work is all-or-nothing; a write
    chosen as a deadlock's victim is retried at once (`DEADLOCK_PAUSE`).
    """

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database
        self.outages = Outages()
        # One bookmark manager for the process: on a cluster, a read after a write (in this
        # process) waits until the reader it is routed to has that write. On one server it
        # costs nothing.
        self.bookmarks = AsyncGraphDatabase.bookmark_manager()

    def session(self) -> AsyncSession:
        """A session on the hub's database, causally after every write this process made."""
        return self.driver.session(database=self.database, bookmark_manager=self.bookmarks)

    @contextlib.contextmanager
    def _unit(self, kind: Literal["read", "write"]) -> Iterator[None]:
        """One unit of work: admitted by the circuit breaker, its outcome noted by `outages`,
        and, once it has tried the database, its time counted."""
        with self.outages.watching(), telemetry.transaction(kind, self.database):
            yield

    async def read(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        with self._unit("read"):
            async with self.session() as session:
                return await session.execute_read(work)

    async def write(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        with self._unit("write"):
            return await self._write(work)

    async def _write(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async def guarded(tx: AsyncManagedTransaction) -> T:
            try:
                return await work(tx)
            except TransientError as error:
                if error.code == DEADLOCK:
                    raise _Deadlocked(error.message) from error
                raise

        for attempt in range(DEADLOCK_RETRIES):
            try:
                async with self.session() as session:
                    return await session.execute_write(guarded)
            except _Deadlocked:
                telemetry.DEADLOCK_RETRIED.inc()
                await asyncio.sleep(DEADLOCK_PAUSE * 2 ** attempt * random.uniform(0.5, 1.5))
        async with self.session() as session:
            return await session.execute_write(work)

    async def rows(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """One read query, all rows as plain dicts of Python values (`graph.records`)."""

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return await rows_of(await tx.run(query, params))

        return await self.read(work)

    async def problem(self, within: float) -> str | None:
        """What keeps the database from answering now, or None when it answers.

        One auto-commit query, never retried, given `within` seconds of its own: readiness must
        answer now, whether the server is gone, silent, or the pool has no connection free."""
        try:
            async with asyncio.timeout(within):
                with self.outages.watching(probe=True):
                    async with self.driver.session(database=self.database) as session:
                        await (await session.run("RETURN 1")).consume()
        except TimeoutError:
            return f"neo4j did not answer within {within:g} s"
        except Exception as error:  # any failure means "not ready", whatever its kind
            return f"neo4j unavailable: {type(error).__name__}"
        return None
