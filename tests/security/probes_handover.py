"""Probes for overrides, transfers, victim preferences, explanations and advice (see probes.py).

The other force's case is assessed, allocated to its own force (the Metropolitan Police) and
offered to it, so a transfer awaits a Metropolitan answer; its victim has an agreed channel,
and the hub has written advice on the case and to the Metropolitan Police. The library gets no
entry: it holds no case data and is the same for every force, so no probe of it can reach the
other case.
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

# The transfer offered to the other force, by its case's reference; a phantom case has none.
MADE: dict[str, str] = {}

TRANSFER = ("id state fromForceCode toForceCode sendingReference receivingReference reason"
            " victimUpdateOwner case { reference status strands reportCount allocationReason"
            " decision offences }")
ASSESS = ("mutation($i: AssessCaseInput!) { assessCase(input: $i) {"
          " userErrors { field code } } }")
ALLOCATE = ("mutation($i: AllocateCaseInput!) { allocateCase(input: $i) {"
            " userErrors { field code } } }")
PROPOSE = ("mutation($i: ProposeTransferInput!) { proposeTransfer(input: $i) {"
           " transfer { id } userErrors { field code } } }")
PREFER = ("mutation($i: SetVictimPreferencesInput!) { setVictimPreferences(input: $i) {"
          " userErrors { field code } } }")
GIVE = ("mutation($i: GiveAdviceInput!) { giveAdvice(input: $i) {"
        " userErrors { field code } } }")
VICTIMS = "query($c: ID!) { victimPreferences(caseId: $c) { victimId } }"


def _transfer(other: Named) -> str:
    return MADE.get(other.reference, "00000000-0000-4000-8000-000000000000")


async def _hub(client: httpx.AsyncClient, settings: ApiSettings, document: str,
               **variables: Any) -> Any:
    body = await gql(client, document, bearer(settings, Role.HUB_OFFICER), **variables)
    assert "errors" not in body, body
    result = next(iter(body["data"].values()))
    assert not isinstance(result, dict) or not result["userErrors"], result
    return result


async def prepare_other(client: httpx.AsyncClient, settings: ApiSettings, graph: Graph,
                        own: Named, other: Named) -> None:
    await _hub(client, settings, ASSESS, i={
        "caseId": other.case_id, "decision": "CRIME", "strands": ["RELIGION"],
        "perceivedBy": "VICTIM", "offences": ["POA1986-s4A"], "offenceInLaw": True,
        "credibleEvidenceToContrary": False,
        "reasons": "threatening words about the victim's faith, perceived as religious hate"})
    await _hub(client, settings, ALLOCATE, i={"caseId": other.case_id})
    offered = await _hub(client, settings, PROPOSE, i={"caseId": other.case_id})
    MADE[other.reference] = offered["transfer"]["id"]
    (victim,) = await _hub(client, settings, VICTIMS, c=other.case_id)
    await _hub(client, settings, PREFER, i={"caseId": other.case_id,
                                            "victimId": victim["victimId"], "channel": "EMAIL"})
    await _hub(client, settings, GIVE, i={"caseId": other.case_id, "title": "On this case",
                                          "body": "Capture the video before asking TikTok."})
    await _hub(client, settings, GIVE, i={"forceCode": "metropolitan", "title": "To the Met",
                                          "body": "Three cases share one suspect this week."})


NOTES = "totalCount edges { node { id title forceCode caseReference } }"

QUERIES: dict[str, Probe] = {
    "transfers": Probe(
        "query($theirs: ID!, $mine: ID!) {"
        f" theirs: transfers(caseId: $theirs) {{ {TRANSFER} }}"
        " mine: transfers(caseId: $mine) { id } }",
        lambda own, other: {"theirs": other.case_id, "mine": own.case_id}),
    "transfersAwaiting": Probe(f"query {{ transfersAwaiting {{ {TRANSFER} }} }}"),
    "transfersAwaitingConnection": Probe(
        f"query {{ transfersAwaitingConnection {{ totalCount"
        f" pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {TRANSFER} }} }} }} }}"),
    "victimPreferences": Probe(
        "query($theirs: ID!, $mine: ID!) {"
        " theirs: victimPreferences(caseId: $theirs) { victimId channel frequencyDays }"
        " mine: victimPreferences(caseId: $mine) { victimId channel } }",
        lambda own, other: {"theirs": other.case_id, "mine": own.case_id}),
    "adviceNotes": Probe(
        f"query {{ all: adviceNotes {{ {NOTES} }}"
        f" theirs: adviceNotes(forceCode: \"metropolitan\") {{ {NOTES} }} }}"),
    # The words of the notes on their case and to their force, found by the Met alone.
    "adviceNotes:search": Probe(
        f"query {{ video: adviceNotes(search: \"capture the videos\") {{ {NOTES} }}"
        f" suspect: adviceNotes(search: \"suspects\", last: 5) {{ {NOTES} }} }}"),
    # Open to every force by design, and never about a case.
    "bestPractice": Probe(
        "query { bestPractice(search: \"video\") { totalCount edges { node { title } } } }",
        reaches_other=False),
}

# Force officers decide no casework and write no advice; a transfer offered to another force
# is answered as one that does not exist.
MUTATIONS: dict[str, Probe] = {
    "overrideAllocation": Probe(
        "mutation($theirs: ID!) { overrideAllocation(input: {caseId: $theirs,"
        " forceCode: \"west-yorkshire\", reason: \"the suspect lives in Leeds, we know him\"})"
        " { allocation { forceCode } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "proposeTransfer": Probe(
        "mutation($theirs: ID!) { proposeTransfer(input: {caseId: $theirs})"
        " { transfer { id } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "acceptTransfer": Probe(
        "mutation($t: ID!) { acceptTransfer(input: {transferId: $t,"
        " receivingReference: \"WY-2026-1\"})"
        f" {{ transfer {{ {TRANSFER} }} userErrors {{ field code message }} }} }}",
        lambda own, other: {"t": _transfer(other)}),
    "disputeTransfer": Probe(
        "mutation($t: ID!) { disputeTransfer(input: {transferId: $t,"
        " reason: \"not a West Yorkshire matter at all\"})"
        f" {{ transfer {{ {TRANSFER} }} userErrors {{ field code message }} }} }}",
        lambda own, other: {"t": _transfer(other)}),
    "resolveTransferDispute": Probe(
        "mutation($t: ID!) { resolveTransferDispute(input: {transferId: $t, upheld: false,"
        " reason: \"the registrar says it is not ours\"})"
        " { transfer { id } userErrors { field code message } } }",
        lambda own, other: {"t": _transfer(other)}),
    "setVictimPreferences": Probe(
        "mutation($theirs: ID!) { setVictimPreferences(input: {caseId: $theirs,"
        " victimId: \"someone\", channel: TELEPHONE})"
        " { preference { victimId } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "explainNoAction": Probe(
        "mutation($theirs: ID!) { explainNoAction(input: {caseId: $theirs,"
        " reason: SUSPECT_ABROAD, channel: EMAIL})"
        " { explanations { body } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "giveAdvice": Probe(
        "mutation($theirs: ID!) { giveAdvice(input: {caseId: $theirs, title: \"Tip\","
        " body: \"from one force to another\"}) { advice { id } userErrors { field code } } }",
        lambda own, other: {"theirs": other.case_id}),
    "publishPractice": Probe(
        "mutation { publishPractice(input: {title: \"Our tip\", body: \"shared\"})"
        " { entry { id } userErrors { field code } } }", reaches_other=False),
}
