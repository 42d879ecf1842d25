"""Prometheus metrics for the API process, served at /metrics.

Labels are bounded: an operation name is the client's to choose, so only well-formed names
count, and once `MAX_OPERATIONS` distinct names have been seen the rest count as "other";
otherwise one client could grow the metrics without limit.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path

from neo4j.exceptions import DriverError, Neo4jError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response

from graph import events as outbox

REQUESTS = Counter("hub_requests_total", "HTTP requests by GraphQL operation and outcome.",
                   ["operation", "outcome"])
REQUEST_SECONDS = Histogram(
    "hub_request_seconds", "Time to answer, by GraphQL operation.", ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
# With several worker processes (`HUB_WORKERS`), each writes its figures to files under
# PROMETHEUS_MULTIPROC_DIR and a scrape of any one sums them; a gauge says how.
SUBSCRIPTIONS_OPEN = Gauge("hub_subscriptions_open", "Live-event subscriptions open now.",
                           multiprocess_mode="livesum")
OUTBOX_BACKLOG = Gauge("hub_outbox_backlog", "Case events waiting to be relayed to NATS.",
                       multiprocess_mode="mostrecent")

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR"  # set by `hub serve` before it starts workers
MAX_OPERATIONS = 200
_LIVE_FILE = re.compile(r"gauge_live[a-z]+_(\d+)\.db")
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")


class OperationNames:
    """The first `limit` well-formed names seen keep their own label; the rest are "other"."""

    def __init__(self, limit: int = MAX_OPERATIONS) -> None:
        self.limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def label(self, name: str | None) -> str:
        if not name or name.startswith("anonymous"):  # unnamed documents count as one
            return "anonymous"
        if not _NAME.fullmatch(name):
            return "other"
        with self._lock:
            if name in self._seen:
                return name
            if len(self._seen) < self.limit:
                self._seen.add(name)
                return name
        return "other"


OPERATIONS = OperationNames()


def forget_dead_workers(directory: Path) -> None:
    """A worker that died (killed, or crashed: uvicorn starts another) leaves its live gauges'
    files behind, and a scrape would go on adding its last subscriptions to the living ones'.
    Counters and histograms stay: what a dead worker counted did happen."""
    pids = {int(match.group(1)) for file in directory.glob("gauge_live*_*.db")
            if (match := _LIVE_FILE.fullmatch(file.name))}
    for pid in pids:
        if not _alive(pid):
            multiprocess.mark_process_dead(pid, str(directory))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


async def metrics(request: Request) -> Response:
    """The scrape endpoint. The backlog is read now, so a stalled relay shows at once."""
    # The database being down must not hide the other metrics: the last backlog stands.
    with contextlib.suppress(Neo4jError, DriverError):
        OUTBOX_BACKLOG.set(await outbox.pending_count(request.app.state.graph))
    if directory := os.environ.get(MULTIPROCESS):  # every worker's figures, whoever is scraped
        forget_dead_workers(Path(directory))
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
