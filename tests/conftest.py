"""One real Neo4j server for the whole test run, started by the project's own code.

When NEO4J_URI is set the tests use that server instead (it must be disposable: tests clear
it). Reference data is loaded once; everything else is cleared before each test that uses the
graph.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from pydantic import SecretStr
from starlette.applications import Starlette

from api.app import create_app
from api.events import LiveEvents
from api.settings import ApiSettings
from graph.driver import Graph, create_driver
from graph.intake import case_numbers
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Neo4jSettings
from seeds.reference.load import load_reference_data
from servers.nats import LocalNats
from servers.neo4j import LocalServer
from tests.support.servers import TEST_PASSWORD, free_port, start_local_server
from tests.support.stores import clear


@pytest.fixture(scope="session")
def local_neo4j() -> Iterator[LocalServer | None]:
    """The run's own Neo4j server, or None when NEO4J_URI names one elsewhere."""
    if os.environ.get("NEO4J_URI"):
        yield None
        return
    # A home of its own per run: two test runs in one checkout must not share a store.
    home = PROJECT_ROOT / "var" / f"test-neo4j-{os.getpid()}"
    server = start_local_server(home)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def neo4j_settings(local_neo4j: LocalServer | None) -> Neo4jSettings:
    if local_neo4j is None:
        return Neo4jSettings()
    return Neo4jSettings(uri=local_neo4j.uri, password=SecretStr(TEST_PASSWORD))


@pytest.fixture(scope="session")
async def graph(neo4j_settings: Neo4jSettings) -> AsyncIterator[Graph]:
    driver = create_driver(neo4j_settings)
    database = Graph(driver, neo4j_settings.database)
    await migrate(database)
    await load_reference_data(database)
    yield database
    await driver.close()


@pytest.fixture
async def clean_graph(graph: Graph) -> Graph:
    """The graph with reference data only, as a fresh deployment has it."""
    await clear(graph)
    return graph


@pytest.fixture(scope="session")
def nats_url() -> Iterator[str]:
    """One real NATS server with JetStream for the run, as `hub nats start` runs it."""
    home = PROJECT_ROOT / "var" / f"test-nats-{os.getpid()}"
    server = LocalNats(home, port=free_port(), monitor_port=free_port(), tied=True)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def api_settings(nats_url: str) -> ApiSettings:
    # The deadline is tested on its own (tests/api/test_outages.py); elsewhere a test server
    # planning its first queries on a busy machine must not be cut off by it.
    return ApiSettings(env="test", rate_per_second=1000, rate_burst=1000,
                       intake_rate_per_second=1000, intake_rate_burst=1000, nats_url=nats_url,
                       request_deadline=120)


@pytest.fixture(scope="module")
async def module_app(graph: Graph, api_settings: ApiSettings,
                     neo4j_settings: Neo4jSettings) -> AsyncIterator[Starlette]:
    """One started app for a test module: starting one (driver, pool, NATS, migration check)
    cost more than most tests that use it. Tests that change the app's own settings or stop
    its servers build their own with `create_app`. Its outbox relay runs only during a test
    (`client`): a relay leasing an event while the graph is cleared would read a deleted one."""
    app = create_app(api_settings, neo4j_settings)
    async with app.router.lifespan_context(app):
        await app.state.events.stop()
        yield app


@pytest.fixture
async def client(clean_graph: Graph, module_app: Starlette,
                 api_settings: ApiSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The module's app over HTTP, on a graph holding reference data only, as if just started:
    case numbers held back by an earlier test are dropped (a test may expect its cases
    numbered in the order it opened them), its live events start afresh, and work a test
    left running in the background (a relink job) is stopped after it, as a stopping app
    stops it, so that nothing of one test writes into the next one's graph."""
    case_numbers(module_app.state.graph).forget()
    events = module_app.state.events = LiveEvents(api_settings.effective_nats_url,
                                                  module_app.state.graph)
    await events.start()
    transport = httpx.ASGITransport(app=module_app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            yield http
    finally:
        await module_app.state.background.stop()
        await events.stop()


@pytest.fixture
def now() -> datetime:
    """The time, read as the test starts: what a test compares its sent times against. Never
    read the clock at import: a suite that runs longer than the margins a test allows would
    find that time stale (tests/test_clocks.py keeps it so)."""
    return datetime.now(UTC)


# Fixtures that reach a server the run starts, or start a Neo4j of their own
# (tests/reliability: a server to back up and restore, one never migrated): a test asking for
# any of them, directly or through another fixture, is in the Neo4j lane; every other test is
# pure.
SERVER_FIXTURES = frozenset({"local_neo4j", "neo4j_settings", "nats_url", "backed_up_server",
                             "fresh_neo4j"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the Neo4j lane from the fixtures each test uses, so no test can be mislabelled."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)
