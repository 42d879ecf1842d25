"""Transfers and victim preferences through GraphQL, on a case allocated to Merseyside."""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from tests.support.graphql import gql
from tests.support.tokens import bearer
from tests.support.workflow import (
    ALLOCATE,
    ASSESS,
    CRIME,
    NO,
    TRIAGE,
    mutate,
    received,
)

TRANSFER = """id state fromForceCode toForceCode sendingReference receivingReference
  proposedBy reason answeredBy answerReason escalatedTo resolvedBy resolution
  victimUpdateOwner case { reference status strands reportCount allocationRule
  allocationReason decision offences }"""
PROPOSE = ("mutation($i: ProposeTransferInput!) { proposeTransfer(input: $i) {"
           f" transfer {{ {TRANSFER} }} userErrors {{ field code }} }} }}")
PREFER = """mutation($i: SetVictimPreferencesInput!) { setVictimPreferences(input: $i) {
  preference { victimId channel frequencyDays agreedBy nextUpdateDue } userErrors { field code }
  } }"""
PREFERENCES = """query($c: ID!) { victimPreferences(caseId: $c) { victimId channel frequencyDays
  lastUpdateAt nextUpdateDue } }"""


async def allocated_to_merseyside(client: httpx.AsyncClient,
                                  settings: ApiSettings) -> dict[str, Any]:
    """A West Yorkshire victim's crime, its suspect located on Merseyside."""
    case = await received(client, settings)
    hub = bearer(settings, Role.HUB_OFFICER)
    await mutate(client, hub, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, hub, ASSESS, caseId=case["id"], **CRIME)
    allocated = await mutate(client, hub, ALLOCATE, caseId=case["id"], suspectIdentified=True,
                             suspectForceCode="merseyside")
    assert allocated["case"]["forceCode"] == "merseyside"
    return case


async def proposed(client: httpx.AsyncClient, settings: ApiSettings,
                   case: dict[str, Any]) -> dict[str, Any]:
    offered = await mutate(client, bearer(settings, Role.HUB_OFFICER), PROPOSE,
                           caseId=case["id"])
    assert offered["userErrors"] == []
    transfer: dict[str, Any] = offered["transfer"]
    return transfer


async def victim_of(client: httpx.AsyncClient, settings: ApiSettings,
                    case: dict[str, Any]) -> str:
    body = await gql(client, PREFERENCES, bearer(settings, Role.HUB_OFFICER), c=case["id"])
    (victim,) = body["data"]["victimPreferences"]
    return str(victim["victimId"])
