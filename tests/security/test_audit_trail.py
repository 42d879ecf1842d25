"""The audit trail (DPA 2018 s.62) holds every path to a person and every refused attempt.

Read back as a supervisor reads it, through GraphQL: what the hub shows of suspects through a
case needs the same justification and leaves the same entries as through `network`; a force
officer's reach for another force's case, a request refused for its cost or depth, and a
flood of requests each leave a REFUSAL entry.
"""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.audit import log_read_by_supervisor
from tests.support.graphql import gql
from tests.support.network import build_world, global_id
from tests.support.tokens import bearer

PEOPLE = """query People($reference: String!) { case(reference: $reference) {
  reference accounts { id handle } suspects { id accountIds } } }"""
LISTED = """query Listed { cases(first: 5) { edges { node {
  reference accounts { id } suspects { id } } } } }"""


def consulted_by(entries: list[dict[str, Any]], operation: str) -> set[str]:
    """Everything the operation's consultation entries name: one entry, or two where more was
    read after the first began (`api.consultation`)."""
    named = [set(e["targets"]) for e in entries if e["operation"] == operation]
    assert named, f"no consultation entry for {operation}"
    return set().union(*named)


def refused_for_justification(body: dict[str, Any]) -> list[list[str]]:
    """The fields a request was refused for, for want of a justification; nothing ran, not even
    the case."""
    assert body.get("data") is None
    assert {error["extensions"]["code"] for error in body["errors"]} == {
        "JUSTIFICATION_REQUIRED"}
    return sorted(error["extensions"]["userErrors"][0]["field"] for error in body["errors"])


async def test_a_cases_accounts_and_suspects_need_a_justification_and_are_logged(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    world = await build_world(client, api_settings, clean_graph)
    leeds = world["leeds"]["reference"]
    unjustified = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire",
                         justification=None)
    refused = await gql(client, PEOPLE, unjustified, reference=leeds)
    assert refused_for_justification(refused) == [["accounts"], ["suspects"]]
    [refusal] = await log_read_by_supervisor(client, api_settings, "REFUSAL")
    assert (refusal["actor"], refusal["operation"]) == ("test-force_officer", "People")

    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire",
                     justification="Op Beacon: raid on WY/77")
    shown = await gql(client, PEOPLE, officer, reference=leeds)
    case = shown["data"]["case"]
    assert [account["handle"] for account in case["accounts"]] == ["@hater_one"]
    assert [suspect["id"] for suspect in case["suspects"]] == [global_id("Suspect", "suspect-1")]
    listed = await gql(client, LISTED, officer)
    assert any(edge["node"]["accounts"] for edge in listed["data"]["cases"]["edges"])

    entries = await log_read_by_supervisor(client, api_settings, "CONSULTATION")
    # The one-query case screen and the batched list of cases log alike.
    for operation in ("People", "Listed"):
        targets = consulted_by(entries, operation)
        assert {leeds, "account:x:haterone", "suspect:suspect-1"} <= targets
        assert "account:tiktok:haterone" not in targets  # another force's: never shown
    assert all(e["justification"] == "Op Beacon: raid on WY/77" for e in entries
               if e["operation"] in ("People", "Listed"))


async def test_an_account_or_suspect_read_by_id_is_logged_under_its_kind(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await build_world(client, api_settings, clean_graph)
    analyst = bearer(api_settings, Role.ANALYST)
    body = await gql(client, """query ById($ids: [ID!]!) { nodes(ids: $ids) {
        id ... on Account { samePerson { otherAccountId } } } }""", analyst,
                     ids=[global_id("Account", "x:haterone"), global_id("Suspect", "suspect-1")])
    assert all(node is not None for node in body["data"]["nodes"])
    targets = consulted_by(await log_read_by_supervisor(client, api_settings, "CONSULTATION"),
                           "ById")
    # As `network` names them: an account's id alone could be read as a case's or a report's.
    assert targets == {"account:x:haterone", "suspect:suspect-1"}


OTHER_FORCE = """query Reach($reference: String!, $id: ID!, $report: String!) {
  case(reference: $reference) { reference }
  screen: case(reference: $reference) { reference history { at } }
  node(id: $id) { id }
  report(truevisionRef: $report) { truevisionRef } }"""


async def test_another_forces_case_answers_null_and_the_attempt_is_a_refusal(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    world = await build_world(client, api_settings, clean_graph)
    london = world["london"]
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    reached = await gql(client, OTHER_FORCE, officer, reference=london["reference"],
                        id=london["id"], report="TV-N3")
    absent = await gql(client, OTHER_FORCE, officer, reference="HUB-2026-999999",
                       id=global_id("Case", "HUB-2026-999999"), report="TV-NOWHERE")
    # The officer learns nothing: another force's case answers as one that does not exist.
    assert reached == absent == {"data": {"case": None, "screen": None, "node": None,
                                          "report": None}, "extensions": reached["extensions"]}
    [refusal] = await log_read_by_supervisor(client, api_settings, "REFUSAL")
    assert (refusal["actor"], refusal["force"], refusal["operation"]) == (
        "test-force_officer", "west-yorkshire", "Reach")
    assert sorted(refusal["targets"]) == [london["reference"], "TV-N3"]
    assert "another force" in refusal["reason"]
    # Nor is the hub's own reading of the case anyone's refusal.
    await gql(client, OTHER_FORCE, bearer(api_settings, Role.HUB_OFFICER),
              reference=london["reference"], id=london["id"], report="TV-N3")
    assert len(await log_read_by_supervisor(client, api_settings, "REFUSAL")) == 1


COSTLY = """query Scrape { cases(first: 100) { edges { node {
  reports(first: 100) { edges { node { truevisionRef } } } } } } }"""
DEEP = ("query Dig { case(reference: \"HUB-2026-000001\") { "
        + "reports(first: 1) { edges { node { case { " * 3 + "reference" + " } } } }" * 3 + " } }")


async def test_requests_refused_for_their_cost_or_depth_are_refusals(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    analyst = bearer(api_settings, Role.ANALYST)
    costly = await gql(client, COSTLY, analyst)
    assert costly["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    deep = (await client.post("/graphql", json={"query": DEEP}, headers=analyst)).json()
    assert "exceeds maximum operation depth" in deep["errors"][0]["message"]
    refusals = await log_read_by_supervisor(client, api_settings, "REFUSAL")
    assert [(e["actor"], e["operation"]) for e in refusals] == [
        ("test-analyst", "Scrape"), ("test-analyst", "Dig")]
    assert "Query cost" in refusals[0]["reason"]
    assert "depth" in refusals[1]["reason"]


def test_every_read_that_needs_a_justification_says_so_in_the_schema() -> None:
    from api.schema import schema
    from resolvers.justification import JUSTIFIED_FIELDS

    types = schema._schema.type_map
    fields = [*JUSTIFIED_FIELDS, ("Query", "node"), ("Query", "nodes")]
    silent = [f"{kind}.{name}" for kind, name in fields
              if "X-Hub-Justification" not in (types[kind].fields[name].description or "")]  # type: ignore[union-attr]
    assert silent == []


BY_CASE_ID = """query ByCaseId($id: ID!, $reference: String!) {
  captures(caseId: $id) { capturedAt }
  platformReferrals(caseId: $id) { id }
  preservationRequests(caseId: $id) { id }
  evidencePackages(caseId: $id) { id }
  intelligenceReports(caseId: $id) { id }
  transfers(caseId: $id) { id }
  victimPreferences(caseId: $id) { victimId }
  caseHistory(reference: $reference) { toState }
  network(around: $id) { truncated } }"""


async def test_every_read_by_case_answers_another_forces_case_as_absent_and_logs_it(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """The per-case root fields and `network(around:)` answer null for another force's case,
    as for none, and each such reach is in the REFUSAL entry of its request."""
    world = await build_world(client, api_settings, clean_graph)
    london = world["london"]
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    reached = await gql(client, BY_CASE_ID, officer, id=london["id"],
                        reference=london["reference"])
    absent = await gql(client, BY_CASE_ID, officer, id=global_id("Case", "HUB-2026-999999"),
                       reference="HUB-2026-999999")
    assert reached["data"] == absent["data"]
    assert [field for field, value in reached["data"].items() if value is not None] == []
    [refusal] = await log_read_by_supervisor(client, api_settings, "REFUSAL")
    assert (refusal["actor"], refusal["operation"]) == ("test-force_officer", "ByCaseId")
    assert refusal["targets"] == [london["reference"]]


PAGED = """query Paged($reference: String!) { case(reference: $reference) {
  reference
  accountsConnection(first: 10) { totalCount edges { cursor node { id handle
    onPlatform { id } } } }
  suspectsConnection(last: 10) { totalCount edges { node { id accountIds } } } } }"""


async def test_a_cases_accounts_and_suspects_paged_need_the_same_justification_and_log(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    world = await build_world(client, api_settings, clean_graph)
    leeds = world["leeds"]["reference"]
    unjustified = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire",
                         justification=None)
    refused = await gql(client, PAGED, unjustified, reference=leeds)
    assert refused_for_justification(refused) == [["accountsConnection"],
                                                  ["suspectsConnection"]]

    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire",
                     justification="Op Beacon: raid on WY/77")
    case = (await gql(client, PAGED, officer, reference=leeds))["data"]["case"]
    accounts = case["accountsConnection"]
    assert accounts["totalCount"] == 1
    assert [(edge["node"]["handle"], edge["node"]["onPlatform"]) for edge in accounts["edges"]] \
        == [("@hater_one", {"id": "x"})]
    assert [edge["node"]["id"] for edge in case["suspectsConnection"]["edges"]] == [
        global_id("Suspect", "suspect-1")]
    targets = consulted_by(await log_read_by_supervisor(client, api_settings, "CONSULTATION"),
                           "Paged")
    assert {leeds, "account:x:haterone", "suspect:suspect-1"} <= targets
    assert "account:tiktok:haterone" not in targets
