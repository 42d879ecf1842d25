"""A database that is away, slow or short of connections: every answer says "retry", and soon.

A referral is held up for real: the test opens a transaction that creates the same Truevision
reference and keeps it open, so the intake's MERGE waits on that key's lock, holding its pooled
connection, until the test lets go.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from graphql import GraphQLError
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, IncompleteCommit
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from api.app import Bounded, create_app
from api.audit import record_flood
from api.disconnects import unless_gone
from api.errors import present
from api.metrics import REQUESTS
from api.settings import ApiSettings
from casework.access import Principal, Role
from graph.driver import Graph, create_driver
from graph.settings import Neo4jSettings
from tests.support.intake import SUBMIT, referral
from tests.support.servers import free_port, served_by_uvicorn
from tests.support.tokens import bearer


@asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            yield http


@asynccontextmanager
async def held(graph: Graph, ref: str) -> AsyncIterator[None]:
    """The reference's key locked by an open transaction, rolled back on leaving."""
    async with graph.driver.session(database=graph.database) as session:
        tx = await session.begin_transaction()
        try:
            await (await tx.run("MERGE (:Report {truevisionRef: $ref})", ref=ref)).consume()
            yield
        finally:
            await tx.rollback()


async def until_intakes_wait(graph: Graph, count: int = 1, at_most: bool = False) -> None:
    """Until the server shows `count` transactions (or, `at_most`, no more than `count`)
    blocked on a lock: those intakes are in flight, each holding its pooled connection."""
    for _ in range(500):
        rows = await graph.rows("SHOW TRANSACTIONS YIELD status "
                                "WHERE status STARTS WITH 'Blocked' RETURN count(*) AS n")
        if (rows[0]["n"] <= count) if at_most else (rows[0]["n"] >= count):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"blocked intakes never came to {count}")


@asynccontextmanager
async def starved(graph: Graph, http: httpx.AsyncClient, settings: ApiSettings,
                  connections: int) -> AsyncIterator[None]:
    """Every one of the app's `connections` pooled connections held by a waiting intake; once
    they are let go, each is stored."""
    refs = [f"TV-HOLDS-{n}" for n in range(connections)]
    async with contextlib.AsyncExitStack() as stack:
        for ref in refs:
            await stack.enter_async_context(held(graph, ref))
        holders = [asyncio.create_task(send(http, settings, ref)) for ref in refs]
        await until_intakes_wait(graph, connections)
        yield
    for holder in holders:
        assert (await holder).json()["data"]["submitReport"]["created"] is True


async def send(http: httpx.AsyncClient, settings: ApiSettings, ref: str) -> httpx.Response:
    return await http.post("/graphql", headers=bearer(settings, Role.INTAKE), json={
        "query": SUBMIT, "variables": {"input": referral(ref)}})


def told_to_retry(response: httpx.Response) -> str:
    """The answer's message, once it is checked to be a retryable outage with Retry-After."""
    error: dict[str, Any] = response.json()["errors"][0]
    assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True}, error
    assert response.headers["Retry-After"] == "2"
    return str(error["message"])


async def test_an_intake_past_the_deadline_is_told_its_outcome_is_unknown_and_to_retry(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    hurried = api_settings.model_copy(update={"request_deadline": 1.0})
    async with serving(create_app(hurried, neo4j_settings)) as http, held(clean_graph, "TV-LATE"):
        response = await send(http, hurried, "TV-LATE")
    assert response.status_code == 503
    assert "may or may not have been stored" in told_to_retry(response)
    # Sent again, as the sender would, here to a process without the test's tiny deadline.
    async with serving(create_app(api_settings, neo4j_settings)) as http:
        retried = await send(http, api_settings, "TV-LATE")
    assert retried.json()["data"]["submitReport"]["created"] is True
    rows = await clean_graph.rows("MATCH (r:Report {truevisionRef: 'TV-LATE'})-[:PART_OF]->(c) "
                                  "RETURN count(c) AS cases")
    assert rows == [{"cases": 1}]


async def test_an_answer_begun_before_the_deadline_is_finished_not_cut_off() -> None:
    """On a starved machine the deadline can pass between an answer's status line and its
    body; cut there, the sender would get a broken response for what may be a stored referral."""
    async def answer_slowly(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await asyncio.sleep(0.3)
        await send({"type": "http.response.body", "body": b'{"data": {}}'})

    transport = httpx.ASGITransport(app=Bounded(answer_slowly, ApiSettings(
        env="test", request_deadline=0.1)))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        response = await http.post("/graphql")
    assert (response.status_code, response.json()) == (200, {"data": {}})


async def test_an_answer_given_as_the_deadline_stops_the_work_is_not_an_internal_error(
        ) -> None:
    """The work runs in a task of its own (`unless_gone`), which may still answer while the
    deadline stops it: that answer stands, and is not followed by an internal error."""
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        async def work() -> None:
            try:
                await asyncio.sleep(1)
            finally:
                await send({"type": "http.response.start", "status": 200, "headers": []})
                await send({"type": "http.response.body", "body": b'{"data": {}}'})

        await unless_gone(work(), receive)

    transport = httpx.ASGITransport(app=Bounded(app, ApiSettings(env="test",
                                                                 request_deadline=0.1)))
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
        response = await http.post("/graphql")
    assert (response.status_code, response.json()) == (200, {"data": {}})


async def test_beyond_the_in_flight_limit_a_request_is_refused_at_once_not_queued(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    narrow = api_settings.model_copy(update={"max_in_flight": 1})
    async with serving(create_app(narrow, neo4j_settings)) as http:
        async with held(clean_graph, "TV-FIRST"):
            first = asyncio.create_task(send(http, narrow, "TV-FIRST"))
            await until_intakes_wait(clean_graph)
            refused = await send(http, narrow, "TV-SECOND")
        assert (await first).json()["data"]["submitReport"]["created"] is True
        assert refused.status_code == 503
        assert "busy" in told_to_retry(refused)
        later = await send(http, narrow, "TV-SECOND")  # the slot was given back
    assert later.json()["data"]["submitReport"]["created"] is True


async def test_a_request_that_cannot_get_a_pooled_connection_is_told_to_retry(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings,
        caplog: pytest.LogCaptureFixture) -> None:
    """The pool's own timeout (issue 21: answered INTERNAL) is an outage like any other, logged
    once, without a traceback and without the document the caller sent."""
    two = neo4j_settings.model_copy(update={"max_connection_pool_size": 2,
                                            "connection_acquisition_timeout": 0.5})
    app = create_app(api_settings, two)
    # From the start: the event relay may meet the starved pool first, while it is filling.
    with caplog.at_level(logging.INFO):
        async with serving(app) as http, starved(clean_graph, http, api_settings,
                                                 connections=2):
            answers = [await send(http, api_settings, f"TV-STARVED-{n}") for n in range(3)]
    for response in answers:
        assert response.status_code == 200  # a GraphQL answer, with the outage in its errors
        assert "unavailable" in told_to_retry(response)
    # The event relay and the consultation audit meet the same pool: their failures are counted
    # in the line that says the database is back, not logged one by one.
    outage = [r.getMessage() for r in caplog.records
              if r.name.startswith(("hub.database", "hub.errors", "strawberry"))]
    assert outage[0] == "database unavailable (ConnectionAcquisitionTimeoutError)"
    assert [line.startswith("database back after") for line in outage[1:]] == [True]
    assert not [r for r in caplog.records if r.exc_info or "submitReport" in r.getMessage()]


async def test_readiness_answers_on_its_own_time_when_the_pool_has_no_connection_free(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    quick = api_settings.model_copy(update={"ready_timeout": 0.3})
    two = neo4j_settings.model_copy(update={"max_connection_pool_size": 2})
    async with serving(create_app(quick, two)) as http:
        async with starved(clean_graph, http, quick, connections=2):
            busy = await http.get("/readyz")
        ready = await http.get("/readyz")
    assert busy.status_code == 503
    assert busy.json() == {"status": "neo4j did not answer within 0.3 s"}
    assert ready.json() == {"status": "ready"}


async def test_an_intake_while_neo4j_is_unreachable_is_told_to_retry(
        api_settings: ApiSettings) -> None:
    """And it is counted as what it was, an outage, on the metrics an operator watches."""
    unavailable = REQUESTS.labels("Submit", "service_unavailable")._value.get()
    nowhere = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=SecretStr("x"))
    async with serving(create_app(api_settings, nowhere)) as http:
        response = await send(http, api_settings, "TV-NOWHERE")
    assert "unavailable" in told_to_retry(response)
    assert REQUESTS.labels("Submit", "service_unavailable")._value.get() == unavailable + 1


@pytest.mark.parametrize(("error", "says"), [
    (IncompleteCommit("connection lost during commit"), "may or may not have been stored"),
    (ConnectionAcquisitionTimeoutError("no connection within 5s"), "database is unavailable"),
], ids=["commit cut short", "pool timeout"])
def test_an_outage_is_presented_as_retryable_saying_whether_the_change_may_be_stored(
        error: Exception, says: str) -> None:
    presented = present(GraphQLError("raw", original_error=error))
    assert presented.extensions == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
    assert says in presented.message
    assert presented.original_error is None  # nothing of the driver's text leaves the server


async def test_the_work_of_a_sender_that_has_gone_away_is_stopped(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings,
        caplog: pytest.LogCaptureFixture) -> None:
    """A sender that gives up closes its connection; the intake it started stops there (its
    transaction rolled back, its connection free), rather than going on for nobody. No one was
    answered 500, so the metrics and the log do not say so: they say the client closed it (499,
    nginx's word for it), or an operator would go looking for a fault that is not there."""
    closed = REQUESTS.labels("/graphql", "client_closed")._value.get()
    caplog.set_level(logging.INFO, "hub.request")
    with served_by_uvicorn(create_app(api_settings, neo4j_settings)) as base:
        async with held(clean_graph, "TV-GONE"), httpx.AsyncClient(base_url=base) as http:
            sender = asyncio.create_task(send(http, api_settings, "TV-GONE"))
            await until_intakes_wait(clean_graph)
            sender.cancel()  # the sender gives up: its connection closes
            with contextlib.suppress(asyncio.CancelledError):
                await sender
            # While the key is still locked: the intake stopped waiting for it.
            await until_intakes_wait(clean_graph, 0, at_most=True)
    stored = await clean_graph.rows(
        "MATCH (r:Report {truevisionRef: 'TV-GONE'}) RETURN count(r) AS n")
    assert stored == [{"n": 0}]
    [line] = [record for record in caplog.records if record.name == "hub.request"]
    assert (line.status, line.outcome) == (499, "client_closed")  # type: ignore[attr-defined]
    assert REQUESTS.labels("/graphql", "client_closed")._value.get() == closed + 1


async def test_an_audit_entry_lost_to_an_outage_is_one_line_without_a_traceback(
        caplog: pytest.LogCaptureFixture) -> None:
    """While the database is away a refusal's entry cannot be stored. That is the outage, which
    `graph.outages` already logs once, not a fault of the hub's: one line, no traceback, which
    at a flood's rate would bury the line that matters."""
    nowhere = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=SecretStr("x"),
                            max_transaction_retry_time=0.0)
    driver = create_driver(nowhere)
    officer = Principal("officer", Role.FORCE_OFFICER, "west-yorkshire")
    try:
        with caplog.at_level(logging.INFO, logger="hub.audit"):
            await record_flood(Graph(driver, "neo4j"), officer, 60.0)
    finally:
        await driver.close()
    [line] = [record for record in caplog.records if record.name == "hub.audit"]
    assert line.getMessage() == ("a rate-limit refusal could not be logged: the database is "
                                 "unavailable (ServiceUnavailable)")
    assert line.exc_info is None
