"""Probes for evidence packages and intelligence reports (see probes.py).

The other force's case gets an evidence package and an intelligence report, so that the queries
here reach it from its own force; the report's id is kept so the export probe can name it.
"""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.security.probes import Named, Probe
from tests.support.graphql import gql
from tests.support.tokens import bearer

REPORTS: dict[str, str] = {}
GENERATE = """mutation($i: GenerateEvidencePackageInput!) { generateEvidencePackage(input: $i) {
  package { id recipientForce bundleSha256 } bundle userErrors { field code message } } }"""
RECORD = """mutation($i: RecordIntelligenceInput!) { recordIntelligence(input: $i) {
  report { id grading } userErrors { field code message } } }"""
POSITIVE = [{"description": "the platform has disclosed the account holder", "positive": True}]
INTELLIGENCE = {"sourceEvaluation": "RELIABLE", "intelligenceAssessment": "KNOWN_DIRECTLY",
                "handlingCode": "PERMITTED", "marking": "OFFICIAL",
                "sanitisedNarrative": "The account holder lives in south London.",
                "source": {"kind": "platform disclosure", "name": "TikTok law enforcement"},
                "riskAssessmentRequired": False}


async def _hub(client: httpx.AsyncClient, settings: ApiSettings, document: str,
               **input: Any) -> dict[str, Any]:
    body = await gql(client, document, bearer(settings, Role.HUB_OFFICER), i=input)
    assert "errors" not in body, body
    result: dict[str, Any] = next(iter(body["data"].values()))
    assert result["userErrors"] == [], result
    return result


async def prepare_other(client: httpx.AsyncClient, settings: ApiSettings, graph: Graph,
                        own: Named, other: Named) -> None:
    await _hub(client, settings, GENERATE, caseId=other.case_id, linesOfEnquiry=POSITIVE,
               justification="positive line of enquiry for the Metropolitan Police")
    recorded = await _hub(client, settings, RECORD, caseId=other.case_id, **INTELLIGENCE)
    REPORTS[other.reference] = recorded["report"]["id"]


def _report(other: Named) -> str:
    return REPORTS.get(other.reference, "INT-NO-SUCH-REPORT")


QUERIES: dict[str, Probe] = {
    "evidencePackages": Probe(
        "query($theirs: ID!, $mine: ID!) {"
        " theirs: evidencePackages(caseId: $theirs) { id recipientForce bundleSha256 manifest }"
        " mine: evidencePackages(caseId: $mine) { id } }",
        lambda own, other: {"theirs": other.case_id, "mine": own.case_id}),
    "intelligenceReports": Probe(
        "query($theirs: ID!, $mine: ID!) {"
        " theirs: intelligenceReports(caseId: $theirs) { id grading sanitisedNarrative }"
        " mine: intelligenceReports(caseId: $mine) { id } }",
        lambda own, other: {"theirs": other.case_id, "mine": own.case_id}),
}

# Force officers may not disclose or grade: refused alike for a real case and a phantom one.
MUTATIONS: dict[str, Probe] = {
    "generateEvidencePackage": Probe(
        GENERATE, lambda own, other: {"i": {"caseId": other.case_id, "linesOfEnquiry": POSITIVE,
                                            "justification": "we would like to see it please"}}),
    "recordIntelligence": Probe(
        RECORD, lambda own, other: {"i": {"caseId": other.case_id, **INTELLIGENCE}}),
    "exportIntelligence": Probe(
        "mutation($i: ExportIntelligenceInput!) { exportIntelligence(input: $i) {"
        " export userErrors { field code message } } }",
        lambda own, other: {"i": {"reportId": _report(other), "recipient": "West Yorkshire",
                                  "justification": "we would like to see it please"}}),
}
