"""Demo data: a synthetic world from the generator, taken in through the real intake path.

Referrals go through `casework.intake.submit_referral`, exactly as the API would take them, so
the demo shows what production would hold: cases, allocations, audit entries.

The generator dates its world in a fixed half-year, so its output stays the same from run to
run. The demo is dated up to the day it is loaded (`dated_recently`): a newcomer's time-to
figures and charts then describe the last few weeks, not a half-year long past.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from casework.access import Principal, Role
from casework.errors import RuleViolation
from casework.intake.service import submit_referral
from graph.driver import Graph
from seeds.demo.generator import generate_world, write_world

DEMO_INTAKE = Principal(subject="demo-loader", role=Role.INTAKE)


RECENT_DAYS = 90  # the demo's referrals fall within this many days before it is loaded
_LATEST = timedelta(hours=1)  # the newest referral arrived this long before the load


def dated_recently(records: Iterable[dict[str, Any]], now: datetime,
                   days: int = RECENT_DAYS) -> list[dict[str, Any]]:
    """The records with their `received_at` moved into the `days` days before `now`: the
    earliest at the start of that window, the latest an hour before `now`, and the rest spaced
    as they were, scaled to fit, so order, surges and raids keep their shape."""
    listed = list(records)
    received = [datetime.fromisoformat(r["received_at"]) for r in listed]
    if not received:
        return listed
    first, span = min(received), max(received) - min(received)
    start, room = now - timedelta(days=days), timedelta(days=days) - _LATEST
    scale = room / span if span else 0.0
    return [{**record, "received_at": (start + (at - first) * scale).astimezone(UTC)
             .strftime("%Y-%m-%dT%H:%M:%SZ")}
            for record, at in zip(listed, received, strict=True)]


def write_demo_files(out_dir: Path, seed: int, referrals: int) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_world(generate_world(seed=seed, referrals=referrals), out_dir)
    return out_dir


async def load_referrals(graph: Graph, records: list[dict[str, Any]], concurrency: int = 8,
                         progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Submit each record through intake; returns (stored, refused)."""
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for record in records:
        queue.put_nowait(record)
    counts = {"stored": 0, "refused": 0}

    async def worker() -> None:
        while not queue.empty():
            record = queue.get_nowait()
            try:
                await submit_referral(graph, record, DEMO_INTAKE)
                counts["stored"] += 1
            except RuleViolation:
                counts["refused"] += 1
            if progress:
                progress(1)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return counts["stored"], counts["refused"]
