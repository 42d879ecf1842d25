"""The relink jobs store against Neo4j: one job is active at a time, a job whose process went
silent is given up, and a job's progress and end are read back as recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graph.audit import AuditEntry
from graph.driver import Graph
from graph.relink_jobs import RelinkCounts, RelinkJob, finish, job, recent, report, start

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)
STALE = timedelta(minutes=5)


def queued(name: str, at: datetime) -> RelinkJob:
    return RelinkJob(f"RJ-{name}", "QUEUED", "test-analyst", at, at, "new accounts arrived")


def audit(name: str, at: datetime) -> AuditEntry:
    return AuditEntry(f"audit-{name}", at, "test-analyst", "ANALYST", "COMBINATION")


async def test_one_job_at_a_time_and_its_progress_and_end_are_read_back(
        store_graph: Graph) -> None:
    first, none = await start(store_graph, queued("1", AT), AT - STALE, audit("1", AT))
    assert (first, none) == (queued("1", AT), None)
    later = AT + timedelta(minutes=1)
    refused, active = await start(store_graph, queued("2", later), later - STALE,
                                  audit("2", later))
    assert (refused, active) == (None, queued("1", AT))
    await report(store_graph, "RJ-1", "LINKING", 40, 100, later)
    running = await job(store_graph, "RJ-1")
    assert running is not None
    assert (running.status, running.stage, running.done, running.total) == (
        "RUNNING", "LINKING", 40, 100)
    assert running.heartbeat_at == later
    counts = RelinkCounts(100, 12, 80, 1, ("x:a CONFIRMED x:b",))
    await finish(store_graph, "RJ-1", "SUCCEEDED", later, counts)
    ended = await job(store_graph, "RJ-1")
    assert ended is not None
    assert (ended.status, ended.finished_at, ended.failure) == ("SUCCEEDED", later, None)
    assert (ended.accounts, ended.links, ended.suspects, ended.skipped_decisions,
            ended.skipped_pairs) == (100, 12, 80, 1, ("x:a CONFIRMED x:b",))
    # Once it has ended, the next one starts; the latest come first.
    third, _ = await start(store_graph, queued("3", later), later - STALE, audit("3", later))
    assert third == queued("3", later)
    assert [j.id for j in await recent(store_graph, 2)] == ["RJ-3", "RJ-1"]
    await finish(store_graph, "RJ-3", "FAILED", later, failure="stopped")
    assert await job(store_graph, "RJ-nothing") is None


async def test_a_job_whose_process_went_silent_is_given_up_for_the_next(
        store_graph: Graph) -> None:
    at = AT + timedelta(days=1)
    await start(store_graph, queued("4", at), at - STALE, audit("4", at))
    await report(store_graph, "RJ-4", "READING", 5, None, at)
    after = at + STALE + timedelta(seconds=1)
    started, active = await start(store_graph, queued("5", after), after - STALE,
                                  audit("5", after))
    assert (started, active) == (queued("5", after), None)
    abandoned = await job(store_graph, "RJ-4")
    assert abandoned is not None
    assert (abandoned.status, abandoned.finished_at) == ("FAILED", after)
    assert abandoned.failure == "abandoned: its process stopped reporting progress"
    entries = await store_graph.rows("MATCH (e:AuditEvent {id: 'audit-5'}) "
                                     "RETURN e.targets AS targets")
    assert entries == [{"targets": ["RJ-5"]}]
    await finish(store_graph, "RJ-5", "FAILED", after, failure="stopped")
