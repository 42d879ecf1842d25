"""The live probe script, run against the app served by a real uvicorn."""

from __future__ import annotations

import httpx

from api.app import create_app
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.conftest import served_by_uvicorn, token
from tests.security.probe_live import PROBES, Live, run


def test_every_probe_of_the_issue_holds_against_a_served_hub(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    with served_by_uvicorn(create_app(api_settings, neo4j_settings)) as url, \
            httpx.Client(base_url=url, timeout=60) as http:
        outcomes = run(Live(http, token(api_settings, Role.ANALYST),
                            token(api_settings, Role.INTAKE),
                            token(api_settings, Role.FORCE_OFFICER, "HUB")))
    assert set(outcomes) == set(PROBES)
    failed = {name: outcome.saw for name, outcome in outcomes.items() if not outcome.passed}
    assert failed == {}
