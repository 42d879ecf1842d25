"""Statistics: counts, surges and delays, never counting another force's cases."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.cases import two_forces_cases
from tests.support.content import RESPOND, ago, capture, refer
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.tokens import bearer
from tests.support.workflow import ALLOCATE, ASSESS, CRIME, NO, TRIAGE, mutate

BY_FORCE = "query { statistics(by: FORCE) { key reports cases } }"


async def test_a_force_officer_counts_only_their_own_cases(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    await two_forces_cases(client, api_settings)
    hub = (await gql(client, BY_FORCE, bearer(api_settings, Role.HUB_OFFICER)))["data"]
    assert {b["key"] for b in hub["statistics"]} == {"west-yorkshire", "metropolitan"}
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    own = (await gql(client, BY_FORCE, officer))["data"]["statistics"]
    assert own == [{"key": "west-yorkshire", "reports": 1, "cases": 1}]
    strands = (await gql(client, "query { statistics(by: STRAND) { key reports } }",
                         officer))["data"]["statistics"]
    assert sum(b["reports"] for b in strands) == 2  # RELIGION and RACE of the one referral


async def test_mass_reporting_of_one_item_raises_an_alert(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    for n in range(52):
        await submit(client, api_settings, referral(f"TV-MASS-{n:03d}"))
    alerts = (await gql(client, "query { alerts { kind reports detail } }",
                        bearer(api_settings, Role.HUB_OFFICER)))["data"]["alerts"]
    assert [a["kind"] for a in alerts] == ["ONE_ITEM_MASS_REPORTING"]
    assert alerts[0]["reports"] == 52
    assert alerts[0]["detail"].startswith("x:post:1790000000000000001")


async def test_offences_and_decisions_count_the_latest_assessment_and_delays_are_measured(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = (await submit(client, api_settings, referral()))["case"]
    officer = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, officer, ASSESS, caseId=case["id"], **CRIME)
    again = await mutate(client, officer, ASSESS, caseId=case["id"],
                         **{**CRIME, "offences": ["PHA1997-s2"],
                            "reasons": "re-assessed: a course of conduct, not one threat"})
    assert again["userErrors"] == []
    await mutate(client, officer, ALLOCATE, caseId=case["id"])
    body = (await gql(client, """query { offence: statistics(by: OFFENCE) { key reports }
        decision: statistics(by: DECISION) { key cases }
        assessment: timeTo(milestone: ASSESSMENT) { p50 p95 count }
        allocation: timeTo(milestone: ALLOCATION) { count }
        removal: timeTo(milestone: REMOVAL) { p50 count } }""", officer))["data"]
    assert body["offence"] == [{"key": "PHA1997-s2", "reports": 1}]
    assert body["decision"] == [{"key": "CRIME", "cases": 1}]
    assert body["assessment"]["count"] == 1
    assert body["assessment"]["p50"] >= 0
    assert body["allocation"] == {"count": 1}
    assert body["removal"] == {"p50": None, "count": 0}


async def test_time_to_removal_runs_from_the_first_referral_to_the_platform_removing_it(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = (await submit(client, api_settings, referral(
        receivedAt=ago(3.5))))["case"]
    officer = bearer(api_settings, Role.HUB_OFFICER)
    captured = await capture(client, officer, case["id"])
    sent = (await refer(client, officer, case["id"], captured["id"], days_ago=2))["referral"]
    removed = await mutate(client, officer, RESPOND, referralId=sent["id"], status="REMOVED",
                           at=ago(1))
    assert removed["userErrors"] == []
    delay = (await gql(client, "query { timeTo(milestone: REMOVAL) { p50 count } }",
                       officer))["data"]["timeTo"]
    assert delay == {"p50": 60.0, "count": 1}
