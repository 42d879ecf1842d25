"""Every failure the driver can raise is decided, and an outage is logged once, not per request."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterator

import neo4j.exceptions
import pytest
from neo4j.exceptions import (
    ClientError,
    ConnectionAcquisitionTimeoutError,
    CypherSyntaxError,
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from pydantic import SecretStr

from graph.driver import Graph, create_driver
from graph.outages import (
    FAILURES,
    OPEN_AFTER,
    PROBE_INTERVAL,
    DatabaseDown,
    Failure,
    Outages,
    failure_of,
    outcome_unknown,
)
from graph.settings import Neo4jSettings
from tests.support.servers import free_port


def driver_exception_classes() -> Iterator[type[BaseException]]:
    """Every exception class neo4j.exceptions exports, and every subclass of them the driver
    defines anywhere (a private one can surface too)."""
    seen: set[type[BaseException]] = set()
    found = [cls for _, cls in inspect.getmembers(neo4j.exceptions, inspect.isclass)
             if issubclass(cls, BaseException) and cls.__module__.startswith("neo4j")]
    while found:
        cls = found.pop()
        if cls not in seen:
            seen.add(cls)
            yield cls
            found.extend(sub for sub in cls.__subclasses__() if sub.__module__.startswith("neo4j"))


def test_every_driver_exception_class_is_decided_explicitly() -> None:
    classes = set(driver_exception_classes())
    assert ConnectionAcquisitionTimeoutError in classes  # the walk does reach the pool's errors
    undecided = sorted(cls.__qualname__ for cls in classes if cls not in FAILURES)
    assert undecided == [], "decide these in graph.outages.FAILURES"


@pytest.mark.parametrize("error", [
    ServiceUnavailable("no route"), SessionExpired("gone"),
    ConnectionAcquisitionTimeoutError("failed to obtain a connection from the pool within 10s"),
    IncompleteCommit("lost during commit"), ConnectionResetError("reset by peer"),
    TransientError._hydrate_neo4j(code="Neo.TransientError.General.OutOfMemoryError",
                                  message="retries spent"),
    ClientError._hydrate_neo4j(code="Neo.ClientError.Transaction.Terminated",
                               message="the database is shutting down"),
], ids=type)
def test_unavailability_of_every_kind_is_an_outage(error: Exception) -> None:
    assert failure_of(error) is Failure.UNAVAILABLE


def test_an_outage_raised_from_inside_another_exception_stays_an_outage() -> None:
    wrapped = RuntimeError("loading the case failed")
    wrapped.__cause__ = ConnectionAcquisitionTimeoutError("pool")  # as `raise ... from` sets it
    assert failure_of(wrapped) is Failure.UNAVAILABLE


def test_the_hubs_own_query_faults_are_internal_and_others_unknown() -> None:
    bad = CypherSyntaxError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError",
                                           message="bad")
    assert failure_of(bad) is Failure.INTERNAL
    assert failure_of(ValueError("not the driver's")) is None


def test_only_a_commit_cut_short_leaves_the_outcome_unknown() -> None:
    assert outcome_unknown(IncompleteCommit("lost during commit"))
    assert not outcome_unknown(ServiceUnavailable("refused before anything ran"))


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
        caplog: pytest.LogCaptureFixture) -> None:
    now = [100.0]
    outages = Outages(clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="hub.database"):
        outages.answered()
        for _ in range(50):
            outages.failed(ConnectionAcquisitionTimeoutError("pool"))
        now[0] = 131.0
        outages.answered()
        outages.answered()
    assert [r.getMessage() for r in caplog.records] == [
        "database unavailable (ConnectionAcquisitionTimeoutError)",
        "database back after 31 s (50 failures while it was away)"]


async def test_a_database_that_is_away_is_logged_once_without_a_traceback(
        caplog: pytest.LogCaptureFixture) -> None:
    nowhere = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=SecretStr("x"),
                            max_transaction_retry_time=0.0)
    driver = create_driver(nowhere)
    graph = Graph(driver, "neo4j")
    try:
        with caplog.at_level(logging.DEBUG, logger="hub"):
            for _ in range(3):
                with pytest.raises(ServiceUnavailable):
                    await graph.rows("RETURN 1 AS one")
    finally:
        await driver.close()
    hub = [r for r in caplog.records if r.name.startswith("hub")]
    assert [r.getMessage() for r in hub] == ["database unavailable (ServiceUnavailable)"]
    assert hub[0].exc_info is None


def test_the_breaker_opens_after_repeated_failures_probes_and_closes_on_an_answer() -> None:
    now = [0.0]
    outages = Outages(clock=lambda: now[0])
    for _ in range(OPEN_AFTER - 1):  # a failure or two may be a blip: keep trying
        outages.admit()
        outages.failed(ServiceUnavailable("gone"))
    outages.admit()
    outages.failed(ServiceUnavailable("gone"))
    with pytest.raises(DatabaseDown) as refused:  # known down: fail at once, not after a wait
        outages.admit()
    assert failure_of(refused.value) is Failure.UNAVAILABLE  # answered retryable, as outages are
    now[0] += PROBE_INTERVAL
    outages.admit()  # one request goes through to find out
    with pytest.raises(DatabaseDown):  # the others do not pile onto the probe
        outages.admit()
    outages.answered()  # the probe got an answer: the database is back
    for _ in range(5):
        outages.admit()


def test_readiness_probes_even_while_the_breaker_is_open() -> None:
    outages = Outages(clock=lambda: 0.0)
    for _ in range(OPEN_AFTER):
        outages.failed(ServiceUnavailable("gone"))
    with outages.watching(probe=True):
        pass  # it answered
    outages.admit()  # and that closed the breaker


async def test_requests_to_a_database_known_down_fail_without_trying_it() -> None:
    nowhere = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=SecretStr("x"),
                            max_transaction_retry_time=0.0)
    driver = create_driver(nowhere)
    graph = Graph(driver, "neo4j")
    graph.outages.clock = lambda: 0.0  # no probe falls due during the test
    try:
        for _ in range(OPEN_AFTER):
            with pytest.raises(ServiceUnavailable) as tried:
                await graph.rows("RETURN 1 AS one")
            assert not isinstance(tried.value, DatabaseDown)  # these reached the driver
        with pytest.raises(DatabaseDown):
            await graph.rows("RETURN 1 AS one")
        problem = await graph.problem(within=1.0)  # readiness still asks the server itself
        assert problem is not None
        assert "DatabaseDown" not in problem
    finally:
        await driver.close()
