"""Evidence packages and intelligence exports: what leaves the hub, reproducibly and logged."""

from __future__ import annotations

import json

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.audit import unblock_audit
from tests.support.content import audit_of, block_audit
from tests.support.disclosures import GENERATE, INTELLIGENCE, POSITIVE, RECORD, WHY, worked_case
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.tokens import bearer
from tests.support.workflow import mutate

PACKAGES = """query($c: ID!) { evidencePackages(caseId: $c) { id bundleSha256 } }"""
EXPORT = """mutation($i: ExportIntelligenceInput!) { exportIntelligence(input: $i) {
  export userErrors { field code } } }"""
REPORTS = """query($c: ID!) { intelligenceReports(caseId: $c) { id grading } }"""


async def test_a_package_holds_the_case_and_its_hashes_and_regenerates_identically(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await worked_case(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    first = await mutate(client, officer, GENERATE, caseId=case["id"],
                         linesOfEnquiry=POSITIVE, justification=WHY)
    assert first["userErrors"] == []
    bundle = json.loads(first["bundle"])
    parts = bundle["parts"]
    assert parts["case"]["reference"] == case["reference"]
    assert [r["truevisionRef"] for r in parts["referrals"]] == ["TV-2026-000001"]
    assert parts["assessment"]["decision"] == "CRIME"
    assert parts["allocation"]["force"] == "west-yorkshire"
    assert [p["status"] for p in parts["platformRequests"]] == ["SENT"]
    assert [a["account"] for a in parts["suspect"]] == ["x:someone"]
    assert first["package"]["recipientForce"] == "west-yorkshire"
    assert first["package"]["manifest"]["bundleSha256"] == first["package"]["bundleSha256"]
    assert case["reference"] in first["html"]
    assert first["package"]["bundleSha256"] in first["html"]

    again = await mutate(client, officer, GENERATE, caseId=case["id"],
                         linesOfEnquiry=POSITIVE, justification=WHY)
    assert again["bundle"] == first["bundle"]
    assert again["package"]["id"] != first["package"]["id"]
    listed = (await gql(client, PACKAGES, officer, c=case["id"]))["data"]["evidencePackages"]
    assert [p["id"] for p in listed] == [first["package"]["id"], again["package"]["id"]]
    disclosed = [e for e in await audit_of(clean_graph, "DISCLOSURE")
                 if e["justification"].startswith("evidence package")]
    assert [(e["recipient"], e["actor"]) for e in disclosed] == [
        ("west-yorkshire", "test-hub_officer")] * 2
    leeds = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    london = bearer(api_settings, Role.FORCE_OFFICER, "metropolitan")
    assert len((await gql(client, PACKAGES, leeds, c=case["id"]))["data"][
        "evidencePackages"]) == 2
    assert (await gql(client, PACKAGES, london, c=case["id"]))["data"][
        "evidencePackages"] is None


async def test_without_a_positive_line_of_enquiry_nothing_is_packaged_or_disclosed(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await worked_case(client, api_settings)
    refused = await mutate(client, bearer(api_settings, Role.HUB_OFFICER), GENERATE,
                           caseId=case["id"], justification=WHY, linesOfEnquiry=[
                               {"description": "ask the platform again", "positive": False}])
    assert refused["userErrors"] == [{"field": ["input", "linesOfEnquiry"],
                                      "code": "NO_POSITIVE_LINE_OF_ENQUIRY"}]
    assert await clean_graph.rows("MATCH (e:EvidencePackage) RETURN e") == []
    assert not [e for e in await audit_of(clean_graph, "DISCLOSURE")
                if e["justification"].startswith("evidence package")]


async def test_a_package_whose_disclosure_cannot_be_logged_is_not_generated(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await worked_case(client, api_settings)
    await block_audit(clean_graph, "DISCLOSURE")
    try:
        body = await gql(client, GENERATE, bearer(api_settings, Role.HUB_OFFICER),
                         i={"caseId": case["id"], "linesOfEnquiry": POSITIVE,
                            "justification": WHY})
    finally:
        await unblock_audit(clean_graph)
    assert body["data"] is None
    assert await clean_graph.rows("MATCH (e:EvidencePackage) RETURN e") == []


async def test_intelligence_is_graded_and_only_sanitised_text_leaves(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = (await submit(client, api_settings, referral()))["case"]
    officer = bearer(api_settings, Role.HUB_OFFICER)
    no_conditions = await mutate(client, officer, RECORD, caseId=case["id"],
                                 **{**INTELLIGENCE, "handlingConditions": None})
    assert no_conditions["userErrors"] == [{"field": ["input", "handlingConditions"],
                                            "code": "CONDITIONS_REQUIRED"}]
    naming = await mutate(client, officer, RECORD, caseId=case["id"], **{
        **INTELLIGENCE, "sanitisedNarrative": "Fatima Begum says the account is her ex's."})
    assert naming["userErrors"] == [{"field": ["input", "sanitisedNarrative"],
                                     "code": "SOURCE_IN_NARRATIVE"}]
    stored = await mutate(client, officer, RECORD, caseId=case["id"], **INTELLIGENCE)
    assert stored["userErrors"] == []
    assert stored["report"]["grading"] == "2BC"
    listed = (await gql(client, REPORTS, officer, c=case["id"]))["data"]["intelligenceReports"]
    assert [r["id"] for r in listed] == [stored["report"]["id"]]

    sent = await mutate(client, officer, EXPORT, reportId=stored["report"]["id"],
                        recipient="West Yorkshire Police intelligence unit",
                        justification="tasking: identify the organiser of the raids")
    assert sent["userErrors"] == []
    exported = sent["export"]
    assert exported["format"] == "hub-intelligence-report/1"
    assert exported["grading"] == {"source": "2", "intelligence": "B", "handling": "C",
                                   "conditions": "not to be shared outside policing"}
    assert "Fatima" not in json.dumps(exported)
    assert "fatima@example.org" not in json.dumps(exported)
    [event] = await audit_of(clean_graph, "DISCLOSURE")
    assert event["recipient"] == "West Yorkshire Police intelligence unit"
    assert event["justification"].endswith("identify the organiser of the raids")


async def test_an_export_whose_disclosure_cannot_be_logged_sends_nothing(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = (await submit(client, api_settings, referral()))["case"]
    officer = bearer(api_settings, Role.HUB_OFFICER)
    stored = await mutate(client, officer, RECORD, caseId=case["id"], **INTELLIGENCE)
    await block_audit(clean_graph, "DISCLOSURE")
    try:
        body = await gql(client, EXPORT, officer, i={
            "reportId": stored["report"]["id"], "recipient": "a force",
            "justification": "tasking: identify the organiser of the raids"})
    finally:
        await unblock_audit(clean_graph)
    assert body["data"] is None
    assert "errors" in body
