"""The evidence-package and intelligence mutations, and a case worked up to the point of
disclosure."""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from tests.support.content import capture, refer
from tests.support.intake import referral, submit
from tests.support.tokens import bearer
from tests.support.workflow import ALLOCATE, ASSESS, CRIME, NO, TRIAGE, mutate

GENERATE = """mutation($i: GenerateEvidencePackageInput!) { generateEvidencePackage(input: $i) {
  package { id by recipientForce justification bundleSha256 manifest } bundle html
  userErrors { field code } } }"""
RECORD = """mutation($i: RecordIntelligenceInput!) { recordIntelligence(input: $i) {
  report { id grading marking sanitisedNarrative linkedEntities } userErrors { field code } } }"""
POSITIVE = [{"description": "X has disclosed the account's email; a suspect is named",
             "positive": True, "owner": "West Yorkshire DC"}]
WHY = "positive line of enquiry for the victim's force"
INTELLIGENCE = {"sourceEvaluation": "UNTESTED", "intelligenceAssessment":
                "KNOWN_INDIRECTLY_CORROBORATED", "handlingCode": "CONDITIONS",
                "handlingConditions": "not to be shared outside policing",
                "marking": "OFFICIAL_SENSITIVE",
                "sanitisedNarrative": "The account is run by a man living in Leeds who "
                                      "organises raids on mosque pages.",
                "source": {"kind": "complainant", "name": "Fatima Begum",
                           "contact": "fatima@example.org"},
                "linkedEntities": ["x:someone"], "riskAssessmentRequired": False}


async def worked_case(client: httpx.AsyncClient, settings: ApiSettings) -> dict[str, Any]:
    """A case triaged, assessed, allocated to West Yorkshire, captured and referred to X."""
    case: dict[str, Any] = (await submit(client, settings, referral()))["case"]
    officer = bearer(settings, Role.HUB_OFFICER)
    await mutate(client, officer, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, officer, ASSESS, caseId=case["id"], **CRIME)
    await mutate(client, officer, ALLOCATE, caseId=case["id"])
    captured = await capture(client, officer, case["id"])
    assert (await refer(client, officer, case["id"], captured["id"]))["userErrors"] == []
    return {**case, "captureSha256": captured["sha256"]}
