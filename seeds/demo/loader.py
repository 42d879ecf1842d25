"""Demo data: a synthetic world from the generator, taken in through the real intake path.

Referrals go through `casework.intake.submit_referral`, exactly as the API would take them, so
the demo shows what production would hold: cases, allocations, audit entries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casework.access import Principal, Role
from casework.errors import RuleViolation
from casework.intake.service import submit_referral
from graph.driver import Graph
from seeds.demo.generator import generate_world, write_world

DEMO_INTAKE = Principal(subject="demo-loader", role=Role.INTAKE)


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
