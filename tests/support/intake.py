"""Referrals as Truevision sends them, submitted through GraphQL."""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from tests.support.graphql import gql
from tests.support.tokens import bearer

SUBMIT = """
mutation Submit($input: SubmitReportInput!) {
  submitReport(input: $input) {
    created
    report { id truevisionRef }
    case { id reference }
    userErrors { field message code }
  }
}
"""
CASE = """
query Case($reference: String!) {
  case(reference: $reference) {
    reference forceCode status
    allocations { forceCode victimForceCode rule reason by }
    reports(first: 10) { totalCount edges { node { truevisionRef strands otherCharacteristics
      parties { roles name postcode email } } } }
  }
}
"""


def referral(ref: str = "TV-2026-000001", **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "truevisionRef": ref,
        "receivedAt": "2026-11-20T10:15:00+00:00",
        "narrative": "Abusive replies under my post about my mosque.",
        "contentUrls": ["https://x.com/someone/status/1790000000000000001"],
        "contentText": "example abusive text",
        "platform": "Twitter",
        "suspectHandles": ["@someone"],
        "victim": {"name": "Aisha Khan", "postcode": "ls6 2ab", "email": "aisha@example.org"},
        "perceivedStrands": ["Religion", "Race", "age"],
    }
    base.update(overrides)
    return base


async def force_of(client: httpx.AsyncClient, settings: ApiSettings, case: dict[str, Any]) -> str:
    """The force a submitted case is with, as a hub officer reads it (the intake service may
    not)."""
    body = await gql(client, "query($r: String!) { case(reference: $r) { forceCode } }",
                     bearer(settings, Role.HUB_OFFICER), r=case["reference"])
    force: str = body["data"]["case"]["forceCode"]
    return force


async def submit(client: httpx.AsyncClient, settings: ApiSettings,
                 payload: dict[str, Any]) -> dict[str, Any]:
    body = await gql(client, SUBMIT, bearer(settings, Role.INTAKE), input=payload)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["submitReport"]
    return result
