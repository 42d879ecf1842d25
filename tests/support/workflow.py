"""Casework mutations (triage, assessment, allocation, victims' clocks) through GraphQL."""

from __future__ import annotations

from typing import Any

import httpx
from neo4j import AsyncManagedTransaction

from api.settings import ApiSettings
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.intake import referral, submit

TRIAGE = """mutation($i: TriageCaseInput!) { triageCase(input: $i) {
  triage { urgent outOfHours handOffForceCode handOffReasons handOffReason }
  case { status priority } userErrors { field code } } }"""
ASSESS = """mutation($i: AssessCaseInput!) { assessCase(input: $i) {
  assessment { decision hateCrimeFlag offences keepSubjectData } case { status }
  userErrors { field code } } }"""
ALLOCATE = """mutation($i: AllocateCaseInput!) { allocateCase(input: $i) {
  case { status forceCode allocations { forceCode victimForceCode suspectForceCode rule reason
  by } } userErrors { field code } } }"""
NO = {"immediateDanger": False, "posterIdentityKnown": False, "futureEvent": False}
CRIME = {"decision": "CRIME", "strands": ["RELIGION"], "perceivedBy": "VICTIM",
         "offences": ["POA1986-s4A"], "offenceInLaw": True, "credibleEvidenceToContrary": False,
         "reasons": "threatening words about the victim's mosque, perceived as religious hate"}


async def mutate(client: httpx.AsyncClient, headers: dict[str, str], document: str,
                 **input: Any) -> dict[str, Any]:
    body = await gql(client, document, headers, i=input)
    assert "errors" not in body, body
    result: dict[str, Any] = next(iter(body["data"].values()))
    return result


async def received(client: httpx.AsyncClient, settings: ApiSettings,
                   ref: str = "TV-CW-1", **overrides: Any) -> dict[str, Any]:
    case: dict[str, Any] = (await submit(client, settings, referral(ref, **overrides)))["case"]
    return case


UPDATE = """mutation($i: RecordVictimUpdateInput!) { recordVictimUpdate(input: $i) {
  clocksMet userErrors { field code } } }"""


async def let_clocks_run_out(graph: Graph, reference: str) -> None:
    """Time passing: the case's victim update deadlines move into the past."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run("MATCH (:Case {reference: $r})-[:OWES_UPDATE]->(k:VictimClock) "
                     "SET k.due = k.due - duration('P30D')", r=reference)

    await graph.write(work)
