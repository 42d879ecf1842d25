"""What the database costs: transaction time for the metrics, a count per request for its log
line, and a trace span per transaction (api/tracing.py). Measured here because every read and
write goes through `Graph`."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Literal

from opentelemetry import trace
from prometheus_client import Counter, Histogram

TRANSACTION_SECONDS = Histogram(
    "hub_neo4j_transaction_seconds", "Neo4j transactions, retries included, by kind.",
    ["kind"], buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20))
DEADLOCK_RETRIED = Counter(
    "hub_neo4j_deadlock_retries_total", "Writes tried again at once after losing a deadlock.")

CONNECTIONS_LOST = Counter(
    "hub_neo4j_connections_lost_total",
    "Pooled connections the driver found dead (the server gone or restarted); counted, not "
    "logged one by one.")

_tracer = trace.get_tracer("hub.graph")

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


@contextlib.contextmanager
def transaction(kind: Literal["read", "write"], database: str) -> Iterator[None]:
    """One unit of work, retries included: timed, counted, and traced as a client span (whose
    status says whether it failed)."""
    started = time.perf_counter()
    with _tracer.start_as_current_span(f"neo4j {kind}", kind=trace.SpanKind.CLIENT, attributes={
            "db.system": "neo4j", "db.namespace": database, "db.operation.name": kind}):
        try:
            yield
        finally:
            _done(kind, time.perf_counter() - started)


def _done(kind: Literal["read", "write"], seconds: float) -> None:
    TRANSACTION_SECONDS.labels(kind).observe(seconds)
    tally = _count.get()
    if tally is not None:
        tally[0] += 1
