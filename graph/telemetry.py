"""What the database costs: transaction time for the metrics, and a count per request for its
log line. Measured here because every read and write goes through `Graph`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Literal

from prometheus_client import Counter, Histogram

TRANSACTION_SECONDS = Histogram(
    "hub_neo4j_transaction_seconds", "Neo4j transactions, retries included, by kind.",
    ["kind"], buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20))
DEADLOCK_RETRIED = Counter(
    "hub_neo4j_deadlock_retries_total", "Writes tried again at once after losing a deadlock.")

# The transactions of the request in hand; None outside a request (relay, CLI).
_count: ContextVar[list[int] | None] = ContextVar("hub_transactions", default=None)


@contextlib.contextmanager
def counting() -> Iterator[list[int]]:
    """Count the transactions run inside the block (one-element list, read when it ends)."""
    tally = [0]
    token = _count.set(tally)
    try:
        yield tally
    finally:
        _count.reset(token)


def transaction_done(kind: Literal["read", "write"], seconds: float) -> None:
    TRANSACTION_SECONDS.labels(kind).observe(seconds)
    tally = _count.get()
    if tally is not None:
        tally[0] += 1
