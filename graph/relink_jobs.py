"""Relink jobs in the graph, so that every API process and the CLI see the same ones.

A job is QUEUED when started, RUNNING while its process works (renewing `heartbeatAt` as it
reports progress), then SUCCEEDED or FAILED. One runs at a time: starting one first takes the
write lock on a single `RelinkLock` node, so two processes starting at once are served one
after the other, and the second sees the first's job.
"""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction

from graph.audit import write_event
from graph.driver import Graph
from graph.records import row_of

ACTIVE = ["QUEUED", "RUNNING"]

_LOCK = "MERGE (l:RelinkLock {name: 'accounts'}) SET l.at = $at"

_ABANDON = """
MATCH (j:RelinkJob) WHERE j.status IN $active AND j.heartbeatAt < $stale
SET j.status = 'FAILED', j.finishedAt = $at,
    j.failure = 'abandoned: its process stopped reporting progress'
"""

_ACTIVE = """
MATCH (j:RelinkJob) WHERE j.status IN $active
RETURN j {.*} AS job ORDER BY j.startedAt LIMIT 1
"""

_CREATE = "CREATE (j:RelinkJob) SET j = $job RETURN j {.*} AS job"

_REPORT = """
MATCH (j:RelinkJob {id: $id}) WHERE j.status IN $active
SET j.status = 'RUNNING', j.stage = $stage, j.done = $done, j.total = $total,
    j.heartbeatAt = $at
"""

_FINISH = """
MATCH (j:RelinkJob {id: $id})
SET j += $outcome
"""


async def start(graph: Graph, job: dict[str, Any], stale: Any,
                audit: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Create `job` unless one is active: (the new job, None), or (None, the active one).

    An active job whose heartbeat is older than `stale` lost its process; it is marked FAILED
    first, so that it does not hold the lock for ever."""

    async def work(tx: AsyncManagedTransaction
                   ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        at = job["startedAt"]
        await tx.run(_LOCK, at=at)
        await tx.run(_ABANDON, active=ACTIVE, stale=stale, at=at)
        running = await row_of(await tx.run(_ACTIVE, active=ACTIVE))
        if running is not None:
            return None, running["job"]
        created = await row_of(await tx.run(_CREATE, job=job))
        await write_event(tx, {**audit, "targets": [job["id"]]})
        return (created["job"] if created else None), None

    return await graph.write(work)


async def report(graph: Graph, job_id: str, stage: str | None, done: int, total: int | None,
                 at: Any) -> None:
    """The job's progress, which is also its heartbeat."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_REPORT, id=job_id, active=ACTIVE, stage=stage, done=done, total=total,
                     at=at)

    await graph.write(work)


async def finish(graph: Graph, job_id: str, outcome: dict[str, Any]) -> None:
    """The job's end: its status, when, and its counts or failure."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_FINISH, id=job_id, outcome=outcome)

    await graph.write(work)


async def job(graph: Graph, job_id: str) -> dict[str, Any] | None:
    rows = await graph.rows("MATCH (j:RelinkJob {id: $id}) RETURN j {.*} AS job", id=job_id)
    return rows[0]["job"] if rows else None


async def recent(graph: Graph, limit: int) -> list[dict[str, Any]]:
    """The latest jobs, newest first."""
    rows = await graph.rows("MATCH (j:RelinkJob) RETURN j {.*} AS job "
                            "ORDER BY j.startedAt DESC LIMIT $limit", limit=limit)
    return [row["job"] for row in rows]

