"""Relink jobs in the graph, so that every API process and the CLI see the same ones.

A job is QUEUED when started, RUNNING while its process works (renewing `heartbeatAt` as it
reports progress), then SUCCEEDED or FAILED. One runs at a time: starting one first takes the
write lock on a single `RelinkLock` node, so two processes starting at once are served one
after the other, and the second sees the first's job.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from neo4j import AsyncManagedTransaction

from graph.audit import AuditEntry, write_event
from graph.driver import Graph
from graph.records import properties, record_of, row_of

ACTIVE = ["QUEUED", "RUNNING"]


@dataclass(frozen=True, slots=True)
class RelinkCounts:
    """What a relink of every account wrote, and the analysts' decisions it could not apply
    again (each as `account STATUS account`)."""

    accounts: int
    links: int
    suspects: int
    skipped_decisions: int = 0
    skipped_pairs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RelinkJob:
    """A relink job as stored: who started it, when and why, where it is (its stage, and how
    far it is, which is also its heartbeat), and how it ended: its counts or its failure."""

    id: str
    status: str
    started_by: str
    started_at: datetime
    heartbeat_at: datetime
    reason: str | None = None
    stage: str | None = None
    done: int | None = None
    total: int | None = None
    finished_at: datetime | None = None
    failure: str | None = None
    accounts: int | None = None
    links: int | None = None
    suspects: int | None = None
    skipped_decisions: int | None = None
    skipped_pairs: tuple[str, ...] = ()

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


async def start(graph: Graph, job: RelinkJob, stale: datetime,
                audit: AuditEntry) -> tuple[RelinkJob | None, RelinkJob | None]:
    """Create `job` unless one is active: (the new job, None), or (None, the active one).

    An active job whose heartbeat is older than `stale` lost its process; it is marked FAILED
    first, so that it does not hold the lock for ever."""

    async def work(tx: AsyncManagedTransaction) -> tuple[RelinkJob | None, RelinkJob | None]:
        at = job.started_at
        await tx.run(_LOCK, at=at)
        await tx.run(_ABANDON, active=ACTIVE, stale=stale, at=at)
        running = await row_of(await tx.run(_ACTIVE, active=ACTIVE))
        if running is not None:
            return None, record_of(RelinkJob, running["job"])
        created = await row_of(await tx.run(_CREATE, job=properties(job)))
        await write_event(tx, replace(audit, targets=(job.id,)))
        return (record_of(RelinkJob, created["job"]) if created else None), None

    return await graph.write(work)


async def report(graph: Graph, job_id: str, stage: str | None, done: int, total: int | None,
                 at: datetime) -> None:
    """The job's progress, which is also its heartbeat."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_REPORT, id=job_id, active=ACTIVE, stage=stage, done=done, total=total,
                     at=at)

    await graph.write(work)


async def finish(graph: Graph, job_id: str, status: str, at: datetime,
                 counts: RelinkCounts | None = None, failure: str | None = None) -> None:
    """The job's end: its status, when, and its counts or failure."""
    outcome = {"status": status, "finishedAt": at, **({"failure": failure} if failure else {}),
               **(properties(counts) if counts else {})}

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_FINISH, id=job_id, outcome=outcome)

    await graph.write(work)


async def job(graph: Graph, job_id: str) -> RelinkJob | None:
    rows = await graph.rows("MATCH (j:RelinkJob {id: $id}) RETURN j {.*} AS job", id=job_id)
    return record_of(RelinkJob, rows[0]["job"]) if rows else None


async def recent(graph: Graph, limit: int) -> list[RelinkJob]:
    """The latest jobs, newest first."""
    rows = await graph.rows("MATCH (j:RelinkJob) RETURN j {.*} AS job "
                            "ORDER BY j.startedAt DESC LIMIT $limit", limit=limit)
    return [record_of(RelinkJob, row["job"]) for row in rows]

