"""Analysts merge and split; their decisions are recorded and explained."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.duplicates import link_constraints
from tests.support.duplicates import MERGE, SPLIT
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.tokens import bearer

CASE = """query($r: String!) { case(reference: $r) { status outcome mergedInto reportCount
  complainantCount complainants(first: 10) { totalCount edges { node { reportTruevisionRef
  isVictim } } }
  reports(first: 10) { edges { node { truevisionRef caseLink { method probability duplicateOf
  decidedBy evidence { feature value weight } } } } } } }"""


async def two_cases(client: httpx.AsyncClient, settings: ApiSettings) -> tuple[dict, dict]:
    one = await submit(client, settings, referral(
        "TV-M1", contentUrls=["https://x.com/a/status/1790000000000000501"],
        contentText="first words"))
    two = await submit(client, settings, referral(
        "TV-M2", contentUrls=["https://x.com/b/status/1790000000000000502"],
        contentText="second words entirely"))
    return one["case"], two["case"]


async def test_merging_moves_reports_closes_the_source_and_binds_relinking(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    target, source = await two_cases(client, api_settings)
    analyst = bearer(api_settings, Role.ANALYST)
    result = (await gql(client, MERGE, analyst, i={
        "targetId": target["id"], "sourceId": source["id"],
        "reason": "same post, reporter pasted a quote tweet"}))["data"]["mergeCases"]
    assert result == {"movedTruevisionRefs": ["TV-M2"], "userErrors": []}
    kept = (await gql(client, CASE, analyst, r=target["reference"]))["data"]["case"]
    assert kept["reportCount"] == 2
    assert kept["complainantCount"] == 2
    merged = (await gql(client, CASE, analyst, r=source["reference"]))["data"]["case"]
    assert (merged["status"], merged["outcome"], merged["mergedInto"]) == (
        "CLOSED", "MERGED", target["reference"])
    moved = [e["node"] for e in kept["reports"]["edges"] if e["node"]["truevisionRef"] == "TV-M2"]
    assert moved[0]["caseLink"]["method"] == "ANALYST_MERGE"
    assert moved[0]["caseLink"]["decidedBy"] == "test-analyst"
    must, cannot = await link_constraints(clean_graph)
    assert must == [("TV-M2", "TV-M1")]
    assert cannot == []
    events = await clean_graph.rows(
        "MATCH (e:AuditEvent {action: 'COMBINATION'}) RETURN e.justification AS why")
    assert events == [{"why": "merge: same post, reporter pasted a quote tweet"}]


async def test_splitting_opens_a_new_case_and_forbids_relinking(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    first = await submit(client, api_settings, referral("TV-S1"))
    await submit(client, api_settings, referral("TV-S2"))  # same post: joins the case
    officer = bearer(api_settings, Role.HUB_OFFICER)
    before = (await gql(client, CASE, officer, r=first["case"]["reference"]))["data"]["case"]
    joined = next(e["node"] for e in before["reports"]["edges"]
              if e["node"]["truevisionRef"] == "TV-S2")["caseLink"]
    assert joined["method"] == "DUPLICATE"
    assert joined["duplicateOf"] == "TV-S1"
    assert {e["feature"] for e in joined["evidence"]} >= {"content"}
    result = (await gql(client, SPLIT, officer, i={
        "truevisionRef": "TV-S2", "reason": "different reply in the same thread"}))
    split = result["data"]["splitReport"]
    assert split["userErrors"] == []
    assert split["oldCaseReference"] == first["case"]["reference"]
    new = (await gql(client, CASE, officer, r=split["newCaseReference"]))["data"]["case"]
    assert new["reportCount"] == 1
    _must, cannot = await link_constraints(clean_graph)
    assert cannot == [("TV-S2", "TV-S1")]


async def test_decisions_need_a_reason_and_the_right_role(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    target, source = await two_cases(client, api_settings)
    short = (await gql(client, MERGE, bearer(api_settings, Role.ANALYST), i={
        "targetId": target["id"], "sourceId": source["id"], "reason": "yes"}))
    assert short["data"]["mergeCases"]["userErrors"] == [
        {"field": ["input", "reason"], "code": "REASON_REQUIRED"}]
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    denied = await gql(client, MERGE, officer, i={
        "targetId": target["id"], "sourceId": source["id"], "reason": "a long enough reason"})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
