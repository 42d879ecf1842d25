"""Casework through GraphQL: a case moves only as its rules allow, and each move is recorded."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.tokens import bearer
from tests.support.workflow import (
    ALLOCATE,
    ASSESS,
    CRIME,
    NO,
    TRIAGE,
    UPDATE,
    let_clocks_run_out,
    mutate,
    received,
)

TRANSITION = """mutation($i: TransitionCaseInput!) { transitionCase(input: $i) {
  change { fromState toState step by reason outcome } case { status outcome }
  userErrors { field code } } }"""
HISTORY = """query($r: String!) { caseHistory(reference: $r) { fromState toState step by reason
  outcome } }"""


async def test_a_case_moves_through_triage_assessment_and_allocation_with_its_history(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    triaged = await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    assert triaged["userErrors"] == []
    assert triaged["triage"]["urgent"] is False
    assert triaged["case"] == {"status": "TRIAGED", "priority": "NORMAL"}
    assessed = await mutate(client, officer, ASSESS, caseId=case["id"], **CRIME)
    assert assessed["userErrors"] == []
    assert assessed["assessment"]["decision"] == "CRIME"
    assert assessed["assessment"]["hateCrimeFlag"] is True
    assert assessed["case"]["status"] == "ASSESSED"
    allocated = await mutate(client, officer, ALLOCATE, caseId=case["id"],
                             suspectIdentified=True, suspectForceCode="merseyside")
    assert allocated["userErrors"] == []
    assert allocated["case"]["status"] == "ALLOCATED"
    assert allocated["case"]["forceCode"] == "merseyside"
    history = (await gql(client, HISTORY, officer, r=case["reference"]))["data"]["caseHistory"]
    assert [(h["fromState"], h["toState"]) for h in history] == [
        ("RECEIVED", "TRIAGED"), ("TRIAGED", "ASSESSED"), ("ASSESSED", "ALLOCATED")]
    assert {h["by"] for h in history} == {"test-hub_officer"}
    assert history[1]["reason"] == CRIME["reasons"]
    decisions = await clean_graph.rows(
        "MATCH (:Case {reference: $r})-[:HAS_ASSESSMENT]->(a) RETURN a.decision AS d",
        r=case["reference"])
    assert decisions == [{"d": "CRIME"}]
    events = await clean_graph.rows(
        "MATCH (e:AuditEvent {action: 'ALTERATION'}) WHERE $r IN e.targets RETURN count(e) AS n",
        r=case["reference"])
    assert events == [{"n": 3}]


async def test_a_forbidden_transition_is_refused_and_writes_nothing(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    refused = await mutate(client, officer, TRANSITION, caseId=case["id"], target="ALLOCATED",
                           reason="skip straight to a force please")
    assert refused["userErrors"] == [{"field": ["input", "target"],
                                      "code": "FORBIDDEN_TRANSITION"}]
    assert refused["change"] is None
    closing_as_crime = await mutate(client, officer, TRANSITION, caseId=case["id"],
                                    target="CLOSED", outcome="NO_FURTHER_ACTION",
                                    reason="nothing more the hub can do")
    assert closing_as_crime["userErrors"] == [{"field": ["input", "outcome"],
                                               "code": "OUTCOME_NEEDS_ASSESSMENT"}]
    history = (await gql(client, HISTORY, officer, r=case["reference"]))["data"]["caseHistory"]
    assert history == []
    assert await clean_graph.rows("MATCH (e:AuditEvent {action: 'ALTERATION'}) "
                                  "RETURN count(e) AS n") == [{"n": 0}]


async def test_closing_records_the_outcome_and_a_closed_case_stays_closed(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    closed = await mutate(client, officer, TRANSITION, caseId=case["id"], target="CLOSED",
                          outcome="WITHDRAWN", reason="the victim withdrew the report")
    assert closed["userErrors"] == []
    assert closed["case"] == {"status": "CLOSED", "outcome": "WITHDRAWN"}
    assert closed["change"]["outcome"] == "WITHDRAWN"
    again = await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    assert again["userErrors"] == [{"field": ["input", "caseId"],
                                    "code": "FORBIDDEN_TRANSITION"}]


async def test_any_yes_at_triage_makes_the_case_urgent_for_the_local_force(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    triaged = await mutate(client, officer, TRIAGE, caseId=case["id"],
                           **{**NO, "immediateDanger": True})
    assert triaged["userErrors"] == []
    assert triaged["case"] == {"status": "TRIAGED", "priority": "URGENT"}
    assert triaged["triage"]["handOffForceCode"] == "west-yorkshire"
    assert triaged["triage"]["handOffReasons"] == ["IMMEDIATE_DANGER"]
    # Received on a Friday at 10:15 UTC: within office hours.
    assert triaged["triage"]["outOfHours"] is False
    handed = await mutate(client, officer, TRANSITION, caseId=case["id"], target="WITH_FORCE",
                          reason="telephoned West Yorkshire control room")
    assert handed["userErrors"] == []
    assert handed["case"]["status"] == "WITH_FORCE"


async def test_an_unassessed_case_goes_to_a_force_only_after_an_urgent_triage(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    refused = await mutate(client, officer, TRANSITION, caseId=case["id"], target="WITH_FORCE",
                           reason="send it to the force anyway")
    assert refused["userErrors"] == [{"field": ["input", "target"],
                                      "code": "FORBIDDEN_TRANSITION"}]


async def test_triage_needs_every_answer_and_flags_out_of_hours_arrivals(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings, receivedAt="2026-11-21T23:30:00+00:00")
    officer = bearer(api_settings, Role.HUB_OFFICER)
    missing = await mutate(client, officer, TRIAGE, caseId=case["id"], immediateDanger=False)
    assert missing["userErrors"] == [
        {"field": ["input", "posterIdentityKnown"], "code": "ANSWER_REQUIRED"},
        {"field": ["input", "futureEvent"], "code": "ANSWER_REQUIRED"}]
    triaged = await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    assert triaged["triage"]["outOfHours"] is True  # a Saturday night


async def test_an_assessment_without_reasons_is_refused_and_nothing_is_stored(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    refused = await mutate(client, officer, ASSESS, caseId=case["id"],
                           **{**CRIME, "reasons": "", "offenceInLaw": None})
    assert refused["assessment"] is None
    assert {(tuple(e["field"]), e["code"]) for e in refused["userErrors"]} == {
        (("input", "reasons"), "REASON_REQUIRED"), (("input", "offenceInLaw"), "REQUIRED")}
    stored = await clean_graph.rows("MATCH (a:Assessment) RETURN count(a) AS n")
    assert stored == [{"n": 0}]
    read = await gql(client, "query($r: String!) { case(reference: $r) { status } }", officer,
                     r=case["reference"])
    assert read["data"]["case"]["status"] == "TRIAGED"


async def test_a_victim_in_scotland_is_allocated_to_police_scotland(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings,
                          victim={"name": "Morag Bell", "postcode": "EH1 1YZ"})
    officer = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, officer, ASSESS, caseId=case["id"], **CRIME)
    allocated = await mutate(client, officer, ALLOCATE, caseId=case["id"])
    assert allocated["userErrors"] == []
    assert allocated["case"]["forceCode"] == "police-scotland"
    latest, at_intake = allocated["case"]["allocations"]  # newest first
    assert at_intake["by"] != latest["by"] == "test-hub_officer"
    assert latest["rule"] == "VICTIM_IN_SCOTLAND"
    assert "Scotland" in latest["reason"]


async def test_an_unknown_suspect_force_is_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, officer, ASSESS, caseId=case["id"], **CRIME)
    refused = await mutate(client, officer, ALLOCATE, caseId=case["id"],
                           suspectIdentified=True, suspectForceCode="atlantis")
    assert refused["userErrors"] == [{"field": ["input", "suspectForceCode"],
                                      "code": "UNKNOWN_FORCE"}]


async def test_allocation_moves_the_case_out_of_the_old_forces_sight(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    leeds = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    liverpool = bearer(api_settings, Role.FORCE_OFFICER, "merseyside")
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, officer, ASSESS, caseId=case["id"], **CRIME)
    await mutate(client, officer, ALLOCATE, caseId=case["id"], suspectIdentified=True,
                 suspectForceCode="merseyside")
    read = "query($r: String!) { case(reference: $r) { forceCode } }"
    assert (await gql(client, read, leeds, r=case["reference"]))["data"]["case"] is None
    assert (await gql(client, read, liverpool, r=case["reference"]))["data"]["case"] == {
        "forceCode": "merseyside"}
    history = await gql(client, HISTORY, leeds, r=case["reference"])
    assert history["data"]["caseHistory"] is None


async def test_only_casework_roles_decide_and_other_forces_cases_stay_hidden(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    force_officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    body = await gql(client, TRIAGE, force_officer, i={"caseId": case["id"], **NO})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    analyst = bearer(api_settings, Role.ANALYST)
    body = await gql(client, TRIAGE, analyst, i={"caseId": case["id"], **NO})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    missing = await mutate(client, bearer(api_settings, Role.HUB_OFFICER), TRIAGE,
                           caseId="Q2FzZTpIVUItMTk5OS05OTk5OTk=", **NO)
    assert missing["userErrors"] == [{"field": ["input", "caseId"], "code": "NOT_FOUND"}]


OVERDUE = """query { overdueVictimUpdates { caseReference victimId trigger due enhanced
  statutory } }"""


async def test_a_late_victim_update_shows_for_its_force_until_it_is_given(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, officer, ASSESS, caseId=case["id"], **CRIME)
    await mutate(client, officer, ALLOCATE, caseId=case["id"])
    assert (await gql(client, OVERDUE, officer))["data"]["overdueVictimUpdates"] == []
    await let_clocks_run_out(clean_graph, case["reference"])
    late = (await gql(client, OVERDUE, officer))["data"]["overdueVictimUpdates"]
    assert [(d["caseReference"], d["trigger"], d["enhanced"]) for d in late] == [
        (case["reference"], "ALLOCATED", True)]  # hate crime victims have enhanced rights
    leeds = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    london = bearer(api_settings, Role.FORCE_OFFICER, "metropolitan")
    assert len((await gql(client, OVERDUE, leeds))["data"]["overdueVictimUpdates"]) == 1
    assert (await gql(client, OVERDUE, london))["data"]["overdueVictimUpdates"] == []

    given = await mutate(client, officer, UPDATE, caseId=case["id"],
                         victimId=late[0]["victimId"], channel="EMAIL",
                         summary="Your case has gone to West Yorkshire Police.")
    assert given == {"clocksMet": 1, "userErrors": []}
    assert (await gql(client, OVERDUE, officer))["data"]["overdueVictimUpdates"] == []


async def test_an_update_to_someone_who_is_not_a_victim_of_the_case_is_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, officer, ASSESS, caseId=case["id"], **CRIME)
    refused = await mutate(client, officer, UPDATE, caseId=case["id"],
                           victimId="victim-of-another-case", channel="EMAIL",
                           summary="Your case has gone to West Yorkshire Police.")
    assert refused == {"clocksMet": 0, "userErrors": [{"field": ["input", "victimId"],
                                                       "code": "NOT_A_VICTIM_OF_CASE"}]}
    assert await clean_graph.rows("MATCH (u:VictimUpdate) RETURN count(u) AS n") == [{"n": 0}]


async def test_a_decision_not_to_record_a_crime_owes_the_victim_an_update(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    assessed = await mutate(client, officer, ASSESS, caseId=case["id"],
                            decision="NOT_A_HATE_MATTER", offenceInLaw=False,
                            credibleEvidenceToContrary=False,
                            reasons="a dispute between neighbours with no hostility shown")
    assert assessed["userErrors"] == []
    await let_clocks_run_out(clean_graph, case["reference"])
    late = (await gql(client, OVERDUE, officer))["data"]["overdueVictimUpdates"]
    assert [(d["trigger"], d["statutory"]) for d in late] == [("CRIME_NOT_RECORDED", False)]
    refused = await mutate(client, officer, UPDATE, caseId=case["id"],
                           victimId=late[0]["victimId"], channel="EMAIL", summary=" ")
    assert refused == {"clocksMet": 0,
                       "userErrors": [{"field": ["input", "summary"], "code": "REQUIRED"}]}
