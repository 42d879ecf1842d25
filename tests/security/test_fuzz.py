"""Generated queries and mutations from the schema itself: never a 500, never a stack trace,
never another force's case."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries
from starlette.testclient import TestClient

from api.app import create_app
from api.schema import schema
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.api.test_intake import SUBMIT, referral
from tests.conftest import bearer

SDL = schema.as_str()
SETTINGS = ApiSettings(env="test", rate_per_second=10_000, rate_burst=10_000)
SCALARS = {"DateTime": st.sampled_from(["2026-11-01T00:00:00Z", "not a date", "1999-12-31"]).map(
    nodes.String)}
TRACE_MARKERS = ("Traceback", "File \"/", "neo4j.exceptions", "Error:")


@pytest.fixture(scope="module")
def fuzz_client(graph: Graph, neo4j_settings: Neo4jSettings) -> Iterator[tuple[TestClient, str]]:
    with TestClient(create_app(SETTINGS, neo4j_settings)) as client:
        submitted = client.post("/graphql", headers=bearer(SETTINGS, Role.INTAKE), json={
            "query": SUBMIT, "variables": {"input": referral(
                "TV-FUZZ-MET", victim={"postcode": "SE1 7PB", "name": "Jo"},
                contentUrls=["https://www.tiktok.com/@f/video/7300000000000000555"],
                contentText="fuzz target text")}})
        london = submitted.json()["data"]["submitReport"]["case"]["reference"]
        yield client, london


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(document=st.one_of(queries(SDL, custom_scalars=SCALARS),
                         mutations(SDL, custom_scalars=SCALARS)),
       role=st.sampled_from([Role.FORCE_OFFICER, Role.ANALYST]))
def test_generated_documents_fail_cleanly_and_stay_in_scope(
        fuzz_client: tuple[TestClient, str], document: str, role: Role) -> None:
    client, london = fuzz_client
    force = "west-yorkshire" if role is Role.FORCE_OFFICER else None
    response = client.post("/graphql", json={"query": document},
                           headers=bearer(SETTINGS, role, force))
    assert response.status_code in (200, 400), response.text
    text = json.dumps(response.json())
    assert not any(marker in text for marker in TRACE_MARKERS), text[:500]
    if role is Role.FORCE_OFFICER:
        assert london not in text
        assert "TV-FUZZ-MET" not in text
