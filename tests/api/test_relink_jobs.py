"""A relink of every account, started from GraphQL as a background job and followed there."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from casework.identity.relinking import queue_relink, run_relink
from casework.identity.service import AccountStage
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.identity import TIKTOK, X, account, decide, named_accounts, suspects
from tests.support.intake import referral, submit
from tests.support.tokens import bearer

START = """mutation($i: StartRelinkInput!) { startRelink(input: $i) {
  job { id status startedBy } userErrors { field code message } } }"""
JOB = """query($id: ID!) { relinkJob(id: $id) { id status stage done total startedBy reason
  startedAt finishedAt failure accounts suspects } }"""
JOBS = """query { relinkJobs { id status } }"""
REASON = "new disclosures from two platforms arrived"


async def finished(client: httpx.AsyncClient, headers: dict[str, str], job: str) -> Any:
    """The job once it has ended, as a front end polling it would see it."""
    for _ in range(600):
        found = (await gql(client, JOB, headers, id=job))["data"]["relinkJob"]
        if found["status"] in ("SUCCEEDED", "FAILED"):
            return found
        await asyncio.sleep(0.2)
    raise AssertionError(f"relink job {job} did not end")


async def another_process_runs(graph: Graph, heartbeat: datetime) -> None:
    """A job another API process (or the CLI) is running, last heard of at `heartbeat`."""
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(
            "CREATE (:RelinkJob {id: 'RJ-other', status: 'RUNNING', startedBy: 'analyst-2', "
            "startedAt: $at, heartbeatAt: $at, reason: 'started elsewhere'})",
            at=heartbeat)).consume()


async def test_an_analyst_starts_a_relink_and_follows_it_to_its_end(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    analyst = bearer(api_settings, Role.ANALYST)
    await decide(client, analyst, X, TIKTOK, same=True)
    started = (await gql(client, START, analyst, i={"reason": REASON}))["data"]["startRelink"]
    assert started["userErrors"] == []
    assert started["job"]["startedBy"] == "test-analyst"
    job = await finished(client, analyst, started["job"]["id"])
    assert job["status"] == "SUCCEEDED", job["failure"]
    assert (job["accounts"], job["suspects"], job["reason"]) == (2, 1, REASON)
    assert job["finishedAt"] >= job["startedAt"]
    listed = (await gql(client, JOBS, analyst))["data"]["relinkJobs"]
    assert listed == [{"id": job["id"], "status": "SUCCEEDED"}]
    # The analyst's confirmation binds the relink.
    assert await suspects(client, analyst) == [{account(X), account(TIKTOK)}]
    audit = await clean_graph.rows(
        "MATCH (e:AuditEvent) WHERE $job IN e.targets RETURN e.actor AS actor, e.role AS role",
        job=job["id"])
    assert audit == [{"actor": "test-analyst", "role": "ANALYST"}]


async def test_a_second_relink_is_refused_while_one_runs_elsewhere(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await another_process_runs(clean_graph, datetime.now(UTC))
    supervisor = bearer(api_settings, Role.SUPERVISOR)
    refused = (await gql(client, START, supervisor, i={"reason": REASON}))["data"]["startRelink"]
    assert refused["job"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input"], "RELINK_RUNNING")]
    assert "analyst-2" in refused["userErrors"][0]["message"]


async def test_a_job_whose_process_went_silent_is_failed_and_a_new_one_starts(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await named_accounts(client, api_settings)
    await another_process_runs(clean_graph, datetime.now(UTC) - timedelta(hours=1))
    supervisor = bearer(api_settings, Role.SUPERVISOR)
    started = (await gql(client, START, supervisor, i={"reason": REASON}))["data"]["startRelink"]
    assert started["userErrors"] == []
    old = (await gql(client, JOB, supervisor, id="RJ-other"))["data"]["relinkJob"]
    assert old["status"] == "FAILED"
    assert "stopped reporting" in old["failure"]
    assert (await finished(client, supervisor, started["job"]["id"]))["status"] == "SUCCEEDED"


async def test_a_force_officer_can_neither_start_nor_see_relinks(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    denied = await gql(client, START, officer, i={"reason": REASON})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(client, JOBS, officer))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await clean_graph.rows("MATCH (j:RelinkJob) RETURN j.id AS id") == []


SKIPPED = """query($id: ID!) { relinkJob(id: $id) { status failure suspects skippedDecisions
  skippedPairs } }"""


async def test_decisions_that_contradict_each_other_are_skipped_and_the_job_succeeds(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """Decisions written while the relink links, after it read the decisions, which contradict
    each other once the relink has written its persons (as an analyst deciding between the
    relink's write and its applying decisions again sees the relink's persons): the one that
    fits is applied, the others are skipped and counted, and the job still succeeds."""
    await named_accounts(client, api_settings)
    await submit(client, api_settings, referral("TV-I3", suspectHandles=["@third_handle"],
                                                platform="x", contentText="three"))
    third = next(row["id"] for row in await clean_graph.rows(
        "MATCH (a:Account) WHERE NOT a.id IN $known RETURN a.id AS id", known=[X, TIKTOK]))
    job = await queue_relink(clean_graph, "analyst-1", "ANALYST", None, REASON)
    loop = asyncio.get_running_loop()
    written: list[bool] = []

    async def contradicting() -> None:
        async with clean_graph.driver.session(database=clean_graph.database) as session:
            for left, right, status in ((X, TIKTOK, "CONFIRMED"), (TIKTOK, third, "CONFIRMED"),
                                        (X, third, "REJECTED")):
                await (await session.run(
                    "MATCH (a:Account {id: $low}), (b:Account {id: $high}) "
                    "MERGE (a)-[s:SAME_PERSON_AS]->(b) SET s.status = $status, s.method = "
                    "'ANALYST', s.decidedBy = 'analyst-2', s.decidedAt = datetime(), "
                    "s.reason = 'decided while the relink ran'",
                    low=min(left, right), high=max(left, right), status=status)).consume()

    def decide_while_linking(stage: AccountStage, done: int, total: int | None) -> None:
        if stage is AccountStage.LINKING and not written:
            asyncio.run_coroutine_threadsafe(contradicting(), loop).result()
            written.append(True)

    finished_job = await run_relink(clean_graph, job.id, decide_while_linking)
    assert written == [True]
    assert finished_job is not None
    assert finished_job.status == "SUCCEEDED", finished_job.failure
    analyst = bearer(api_settings, Role.ANALYST)
    shown = (await gql(client, SKIPPED, analyst, id=job.id))["data"]["relinkJob"]
    assert shown["status"] == "SUCCEEDED"
    assert shown["skippedDecisions"] == 2
    assert shown["skippedPairs"] == [f"{min(TIKTOK, third)} CONFIRMED {max(TIKTOK, third)}",
                                     f"{min(X, third)} REJECTED {max(X, third)}"]
    assert await suspects(client, analyst) == [{account(X), account(TIKTOK)}, {account(third)}]
