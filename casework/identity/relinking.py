"""A relink of every account as a job: started from GraphQL or by `hub link accounts`, one at a
time, its status and progress kept in the graph where every process can read them.

Decisions regroup the persons they touch at once (`service.decide`); a relink is for what
decisions cannot do alone: retraining the model on the accounts and decisions there are now,
and linking the accounts that arrived since.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta

from casework.access import Permission, Principal
from casework.errors import RuleViolation
from casework.identity.service import (
    MIN_REASON,
    AccountProgress,
    AccountStage,
    relink_accounts,
    unwatched,
)
from graph import relink_jobs
from graph.audit import AuditEntry
from graph.driver import Graph
from graph.relink_jobs import RelinkCounts, RelinkJob

log = logging.getLogger("hub.relink")

# Seconds between progress reports; each is also the job's heartbeat.
HEARTBEAT = 1.0
# A job whose process has not reported for this long is taken to have died with it.
STALE = timedelta(minutes=5)


async def queue_relink(graph: Graph, actor: str, role: str, force: str | None,
                       reason: str) -> RelinkJob:
    """A new QUEUED job, audited as started by `actor`; refused while another is active."""
    now = datetime.now(UTC)
    job = RelinkJob(f"RJ-{uuid.uuid4().hex[:12]}", "QUEUED", actor, now, now, reason)
    audit = AuditEntry(str(uuid.uuid4()), now, actor, role, "COMBINATION", force=force,
                       justification=f"relink of all accounts: {reason}")
    created, active = await relink_jobs.start(graph, job, now - STALE, audit)
    if created is None:
        running = active or job
        raise RuleViolation.one(
            ("input",), f"relink job {running.id} started by {running.started_by} is still "
            f"{running.status.lower()}; wait for it to finish", "RELINK_RUNNING")
    return created


async def start_relink(graph: Graph, principal: Principal, reason: str) -> RelinkJob:
    """An analyst or supervisor asks for a relink of every account."""
    principal.require(Permission.RELINK)
    if len(reason.strip()) < MIN_REASON:
        raise RuleViolation.one(("input", "reason"),
                                f"give a reason of at least {MIN_REASON} characters",
                                "REASON_REQUIRED")
    return await queue_relink(graph, principal.subject, principal.role.value, principal.force,
                              reason.strip())


async def run_relink(graph: Graph, job_id: str,
                     show: AccountProgress = unwatched) -> RelinkJob | None:
    """Run a queued job to its end and return it as finished: SUCCEEDED with its counts, or
    FAILED with why (None if the job is gone meanwhile). Progress goes to the graph every
    HEARTBEAT seconds, and to `show`.

    A failure is recorded, logged and returned, never raised, since no caller is waiting on a
    job started from GraphQL; a cancellation (the process stopping) is recorded and raised."""
    latest: tuple[AccountStage | None, int, int | None] = (None, 0, None)

    def progress(stage: AccountStage, done: int, total: int | None) -> None:
        nonlocal latest
        latest = (stage, done, total)
        show(stage, done, total)

    async def heartbeat() -> None:
        while True:
            stage, done, total = latest
            await relink_jobs.report(graph, job_id, stage.name if stage else None, done, total,
                                     datetime.now(UTC))
            await asyncio.sleep(HEARTBEAT)

    beating = asyncio.create_task(heartbeat(), name=f"relink-{job_id}-heartbeat")
    counts: RelinkCounts | None = None
    failure: str | None = None
    try:
        counts = await relink_accounts(graph, progress)
    except asyncio.CancelledError:
        await _stop(beating)
        await relink_jobs.finish(graph, job_id, "FAILED", datetime.now(UTC),
                                 failure="stopped: the process running it shut down")
        raise
    except Exception as error:  # recorded for whoever reads the job, and logged
        log.exception("relink job %s failed", job_id)
        failure = f"{type(error).__name__}: {error}"
    await _stop(beating)
    await relink_jobs.finish(graph, job_id, "SUCCEEDED" if failure is None else "FAILED",
                             datetime.now(UTC), counts, failure)
    return await relink_jobs.job(graph, job_id)


async def _stop(task: asyncio.Task[None]) -> None:
    """The heartbeat stopped before the job's end is written, so it cannot report after it."""
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
