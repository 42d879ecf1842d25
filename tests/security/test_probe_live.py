"""The live probe script, run against the app served by a real uvicorn."""

from __future__ import annotations

import httpx

from api.app import create_app
from api.auth import mint_development_token
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.security.probe_live import PROBES, SUBMIT, Live, referral, run
from tests.support.servers import forget_rates, served_by_uvicorn
from tests.support.tokens import token


async def test_every_probe_of_the_issue_holds_against_a_served_hub(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings,
        nats_url: str) -> None:
    await forget_rates(nats_url)
    # The rate a live hub serves by default, so that the flood probe meets it soon.
    served = api_settings.model_copy(update={"rate_per_second": 20.0, "rate_burst": 60})
    with served_by_uvicorn(create_app(served, neo4j_settings)) as url, \
            httpx.Client(base_url=url, timeout=60) as http:
        live = Live(http, token(served, Role.ANALYST), token(served, Role.INTAKE),
                    token(served, Role.FORCE_OFFICER, "HUB"),
                    mint_development_token(served, "probe-officer", Role.FORCE_OFFICER,
                                           "west-yorkshire"),
                    token(served, Role.SUPERVISOR))
        london = live.gql(live.intake, SUBMIT, i=referral(
            victim={"name": "A Londoner", "postcode": "SE1 7PB"}))
        assert london["data"]["submitReport"]["created"]
        outcomes = run(live)
    assert set(outcomes) == set(PROBES)
    failed = {name: outcome.saw for name, outcome in outcomes.items() if not outcome.passed}
    assert failed == {}
