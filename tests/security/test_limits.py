"""Hostile or broken clients: costly queries, floods and oversized bodies."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from api.events import LiveEvents
from api.limits import MAX_QUERY_COST, OncePerWindow, RateLimiter, take, take_up_to
from api.settings import ApiSettings
from api.shared_limits import SharedRateLimiter, _key
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.limits import NESTED, NESTED_BY_DEFAULTS, audited
from tests.support.servers import forget_rates, free_port, served
from tests.support.tokens import bearer

CASES = "query { cases(first: 10) { edges { node { reference } } } }"
# Three nested pages of 100: a short document asking for a million rows.
# Pages counted from the end cost as much as pages from the start.
NESTED_FROM_THE_END = NESTED.replace("first", "last")
# A page that cannot be served must not make the rest of the document cheaper.
NEGATIVE_PAGE = """query { cheap: cases(first: -1000000) { totalCount }
  costly: cases(first: 100) { edges { node {
    reports(first: 100) { edges { node { truevisionRef } } } } } } }"""


# Forty fragments, each spreading the next twice: 2^41 fields from a few hundred tokens.
FRAGMENT_BOMB = "query { ...F0 } " + " ".join(
    f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(40)
) + " fragment F40 on Query { forces { code } }"


@pytest.mark.parametrize("document", [NESTED, NESTED_BY_DEFAULTS, NESTED_FROM_THE_END,
                                      NEGATIVE_PAGE, FRAGMENT_BOMB],
                         ids=["literal-pages", "pages-in-variable-defaults", "pages-from-the-end",
                              "negative-page", "fragment-bomb"])
async def test_a_costly_query_is_refused_before_it_runs(
        client: httpx.AsyncClient, api_settings: ApiSettings, document: str) -> None:
    await submit(client, api_settings, referral())
    consultations = await audited(client, api_settings)
    body = await gql(client, document, bearer(api_settings, Role.HUB_OFFICER))
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert f"exceeds the limit of {MAX_QUERY_COST}" in error["message"]
    assert body["extensions"]["cost"]["requested"] > MAX_QUERY_COST
    # Nothing ran: the case was not read, so no consultation was logged.
    assert await audited(client, api_settings) == consultations


async def test_variables_count_at_the_size_they_ask_for(client: httpx.AsyncClient,
                                                        api_settings: ApiSettings) -> None:
    hub = bearer(api_settings, Role.HUB_OFFICER)
    small = await gql(client, NESTED_BY_DEFAULTS, hub, n=5)
    assert "errors" not in small, small
    assert small["extensions"]["cost"]["requested"] < MAX_QUERY_COST


async def test_a_normal_query_runs_and_reports_its_cost(client: httpx.AsyncClient,
                                                        api_settings: ApiSettings) -> None:
    case = (await submit(client, api_settings, referral()))["case"]
    body = await gql(client, CASES, bearer(api_settings, Role.HUB_OFFICER))
    assert body["data"]["cases"]["edges"] == [{"node": {"reference": case["reference"]}}]
    # cases: 1 + 10 x (edges 1 + node 1 + reference 1)
    assert body["extensions"]["cost"] == {"requested": 1 + 10 * 3, "limit": MAX_QUERY_COST}


def test_a_bucket_refills_and_keeps_clients_apart() -> None:
    limiter = RateLimiter(rate=1.0, burst=2)
    assert [limiter.retry_after("a", now=0.0) for _ in range(3)] == [0, 0, 1]
    assert limiter.retry_after("b", now=0.0) == 0
    assert limiter.retry_after("a", now=1.5) == 0
    assert limiter.retry_after("a", now=1.5) == 1


def test_a_bucket_never_holds_more_than_its_burst_nor_refills_backwards() -> None:
    assert take(tokens=2.0, last=0.0, now=1_000.0, rate=1.0, burst=2.0) == (1.0, 0)
    # A clock that went back (another process's, a little behind) refills nothing.
    assert take(tokens=0.5, last=10.0, now=9.0, rate=1.0, burst=2.0) == (0.5, 1)
    assert take(tokens=0.0, last=0.0, now=0.0, rate=0.25, burst=1.0) == (0.0, 4)


def test_idle_buckets_are_dropped_and_memory_is_bounded() -> None:
    limiter = RateLimiter(rate=1.0, burst=2, max_clients=100)
    for n in range(1_000):
        limiter.retry_after(f"client-{n}", now=0.0)
    assert len(limiter) == 100
    limiter.retry_after("late", now=60.0)  # everyone else has long refilled
    assert len(limiter) == 1


def strict(nats_url: str) -> ApiSettings:
    # One request per 100 s once the burst is spent: no refill can happen during the test.
    return ApiSettings(env="test", rate_per_second=0.01, rate_burst=5, nats_url=nats_url)


@pytest.fixture
async def strict_client(clean_graph: Graph, neo4j_settings: Neo4jSettings,
                        nats_url: str) -> AsyncIterator[httpx.AsyncClient]:
    await forget_rates(nats_url)
    async with served(strict(nats_url), neo4j_settings) as http:
        yield http


async def test_two_processes_share_one_limit(clean_graph: Graph, neo4j_settings: Neo4jSettings,
                                             nats_url: str) -> None:
    """Two API processes (two apps, one broker): a client gets the burst once, not once each."""
    await forget_rates(nats_url)
    query = {"query": "query { forces { code } }"}
    analyst = bearer(strict(nats_url), Role.ANALYST)
    async with served(strict(nats_url), neo4j_settings) as first, \
            served(strict(nats_url), neo4j_settings) as second:
        codes = [(await (first if n % 2 else second).post(
            "/graphql", json=query, headers=analyst)).status_code for n in range(6)]
    assert codes == [200] * 5 + [429]


async def test_without_the_broker_each_process_still_limits(
        clean_graph: Graph, neo4j_settings: Neo4jSettings) -> None:
    nowhere = strict(f"nats://127.0.0.1:{free_port()}")
    query = {"query": "query { forces { code } }"}
    async with served(nowhere, neo4j_settings) as alone:
        codes = [(await alone.post("/graphql", json=query, headers=bearer(
            nowhere, Role.ANALYST))).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]


async def test_a_flood_gets_429_with_retry_after_and_others_are_unaffected(
        strict_client: httpx.AsyncClient) -> None:
    settings = ApiSettings(env="test")
    query = {"query": "query { forces { code } }"}
    analyst = bearer(settings, Role.ANALYST)
    codes = [(await strict_client.post("/graphql", json=query, headers=analyst)).status_code
             for _ in range(5)]
    refused = await strict_client.post("/graphql", json=query, headers=analyst)
    other = await strict_client.post("/graphql", json=query,
                                     headers=bearer(settings, Role.SUPERVISOR))
    assert codes == [200] * 5
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"] == {"code": "RATE_LIMITED",
                                                         "retryable": True}
    assert 1 <= int(refused.headers["retry-after"]) <= 100
    assert other.status_code == 200


async def test_the_intake_service_drains_a_backlog_past_an_officers_limit(
        strict_client: httpx.AsyncClient) -> None:
    """Truevision's sender speaks for every victim: it has a budget of its own."""
    intake = bearer(ApiSettings(env="test"), Role.INTAKE)
    query = {"query": "mutation { submitReport(input: {truevisionRef: \"\", narrative: \"\"})"
                      " { userErrors { code } } }"}
    codes = [(await strict_client.post("/graphql", json=query, headers=intake)).status_code
             for _ in range(8)]
    assert codes == [200] * 8


async def test_bad_tokens_are_rate_limited_by_address_without_locking_out_good_ones(
        strict_client: httpx.AsyncClient) -> None:
    query = {"query": "query { forces { code } }"}
    guesses = [(await strict_client.post("/graphql", json=query,
                                         headers={"Authorization": f"Bearer guess-{n}"}))
               for n in range(6)]
    assert [r.status_code for r in guesses] == [401] * 5 + [429]
    assert int(guesses[-1].headers["retry-after"]) >= 1
    good = await strict_client.post("/graphql", json=query,
                                    headers=bearer(ApiSettings(env="test"), Role.ANALYST))
    assert good.status_code == 200


def oversized(settings: ApiSettings) -> bytes:
    return json.dumps({"query": "query { forces { code } }",
                       "padding": "x" * settings.max_body_bytes}).encode()


async def test_an_oversized_body_is_refused(client: httpx.AsyncClient,
                                            api_settings: ApiSettings) -> None:
    response = await client.post("/graphql", content=oversized(api_settings), headers={
        **bearer(api_settings, Role.INTAKE), "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_an_oversized_body_without_a_length_is_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    body = oversized(api_settings)

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: Transfer-Encoding: chunked
        for start in range(0, len(body), 65_536):
            yield body[start:start + 65_536]

    response = await client.post("/graphql", content=chunks(), headers={
        **bearer(api_settings, Role.INTAKE), "Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_flood_is_noted_once_per_window_and_memory_is_bounded() -> None:
    noted = OncePerWindow(window=60.0, max_keys=100)
    assert [noted("a", now=0.0), noted("a", now=1.0), noted("b", now=1.0)] == [True, False, True]
    assert noted("a", now=59.0) is False
    assert noted("a", now=60.0) is True  # a new window: the flood goes on, and is noted again
    for n in range(1_000):
        noted(f"client-{n}", now=61.0)
    assert len(noted._noted) == 100


async def test_a_principal_over_the_rate_is_audited_once_per_window(
        clean_graph: Graph, neo4j_settings: Neo4jSettings, nats_url: str) -> None:
    await forget_rates(nats_url)
    settings = strict(nats_url).model_copy(update={"rate_refusal_log_window": 3_600.0})
    flooding = bearer(settings, Role.FORCE_OFFICER, "west-yorkshire")
    async with served(settings, neo4j_settings) as http:
        codes = [(await http.post("/graphql", json={"query": CASES}, headers=flooding)
                  ).status_code for _ in range(12)]
        assert codes == [200] * 5 + [429] * 7
        body = await gql(http, "query { auditEvents(action: REFUSAL) { edges { node {"
                               " actor force reason } } } }", bearer(settings, Role.SUPERVISOR))
    [entry] = [edge["node"] for edge in body["data"]["auditEvents"]["edges"]]
    assert (entry["actor"], entry["force"]) == ("test-force_officer", "west-yorkshire")
    assert entry["reason"].startswith("over the rate limit")
def test_a_lease_takes_at_most_what_the_bucket_holds() -> None:
    assert take_up_to(10.0, 0.0, 0.0, rate=1.0, burst=10.0, want=4) == (6.0, 4, 0)
    assert take_up_to(2.5, 0.0, 0.0, rate=1.0, burst=10.0, want=4) == (0.5, 2, 0)
    assert take_up_to(0.5, 0.0, 0.0, rate=1.0, burst=10.0, want=4) == (0.5, 0, 1)
    assert take_up_to(0.0, 0.0, 3.0, rate=1.0, burst=10.0, want=4) == (0.0, 3, 0)  # refilled


async def test_a_process_asks_the_shared_bucket_once_per_lease_and_shares_what_it_took(
        clean_graph: Graph, nats_url: str) -> None:
    """Ten requests spend one lease of ten tokens, taken in one compare-and-set; a second
    process then finds those ten gone from the shared bucket."""
    await forget_rates(nats_url)
    events = LiveEvents(nats_url, clean_graph)
    await events.start()
    try:
        # One token in 1,000 s: nothing refills while the test runs.
        first, second = (SharedRateLimiter("leases", rate=0.001, burst=100,
                                           lease_seconds=100_000) for _ in range(2))
        waits = [await first.retry_after("sub:officer", events) for _ in range(10)]
        store = await events.jetstream.key_value(first.bucket)
        after_first = await store.get(_key("sub:officer"))
        assert await second.retry_after("sub:officer", events) == 0
        after_second = await store.get(_key("sub:officer"))
    finally:
        await events.stop()
    assert waits == [0] * 10
    assert after_first.revision == 1  # one write for ten requests
    assert after_first.value is not None
    assert after_first.value.startswith(b"90.0")
    assert after_second.value is not None
    assert after_second.value.startswith(b"80.0")
