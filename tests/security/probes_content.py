"""Probes for captures, platform referrals and preservation requests (see probes.py).

The other force's case gets a capture, a referral sent long enough ago to be overdue and a
preservation request inside its reminder window, so that every query here reaches it from its
own force; the ids made are kept so the mutation probes can name them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.security.probes import Named, Probe
from tests.support.graphql import gql
from tests.support.tokens import bearer

# Ids made on the other force's case, by its reference; a phantom case has none.
MADE: dict[str, dict[str, str]] = {}
CONTENT_URL = "https://www.tiktok.com/@someone/video/7300000000000000001"


def _made(other: Named, kind: str) -> str:
    return MADE.get(other.reference, {}).get(kind, f"no-such-{kind}")


def _ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


REFERRAL = ("id caseReference platformId contentUrl status sentAt noResponseDue"
            " legalBasis { offenceCode description } history { status at } capture { id url }")
REQUEST = "id caseReference platformId targetKind target expiresAt renewals { at }"
RATE = "platformId referred removed declined noResponse open decided refusalRate"
CAPTURE = "mutation($i: CaptureContentInput!) { captureContent(input: $i) { capture { id } } }"
REFER = ("mutation($i: ReferToPlatformInput!) { referToPlatform(input: $i) {"
         " referral { id } } }")
PRESERVE = ("mutation($i: RequestPreservationInput!) { requestPreservation(input: $i) {"
            " request { id } } }")


async def _hub(client: httpx.AsyncClient, settings: ApiSettings, document: str,
               **input: Any) -> dict[str, Any]:
    body = await gql(client, document, bearer(settings, Role.HUB_OFFICER), i=input)
    assert "errors" not in body, body
    result: dict[str, Any] = next(iter(next(iter(body["data"].values())).values()))
    return result


async def prepare_other(client: httpx.AsyncClient, settings: ApiSettings, graph: Graph,
                        own: Named, other: Named) -> None:
    capture = await _hub(client, settings, CAPTURE, caseId=other.case_id, url=CONTENT_URL,
                         text="the video's caption", capturedAt=_ago(30))
    referral = await _hub(client, settings, REFER, caseId=other.case_id,
                          captureId=capture["id"], platformId="tiktok", sentAt=_ago(20),
                          legalBasis={"offenceCode": "POA1986-s4A"})
    request = await _hub(client, settings, PRESERVE, caseId=other.case_id,
                         platformId="tiktok", targetKind="ACCOUNT", target="@someone",
                         requestedAt=_ago(80), reason="the account may be deleted soon")
    MADE[other.reference] = {"capture": capture["id"], "referral": referral["id"],
                             "request": request["id"]}


QUERIES: dict[str, Probe] = {
    "captures": Probe(
        "query($theirs: ID!, $mine: ID!) { theirs: captures(caseId: $theirs) {"
        " id url text sha256 fileSha256 by } mine: captures(caseId: $mine) { id } }",
        lambda own, other: {"theirs": other.case_id, "mine": own.case_id}),
    "platformReferrals": Probe(
        "query($theirs: ID!, $mine: ID!) { theirs: platformReferrals(caseId: $theirs) {"
        f" {REFERRAL} }} mine: platformReferrals(caseId: $mine) {{ id }} }}",
        lambda own, other: {"theirs": other.case_id, "mine": own.case_id}),
    "preservationRequests": Probe(
        "query($theirs: ID!, $mine: ID!) { theirs: preservationRequests(caseId: $theirs) {"
        f" {REQUEST} }} mine: preservationRequests(caseId: $mine) {{ id }} }}",
        lambda own, other: {"theirs": other.case_id, "mine": own.case_id}),
    "overduePlatformReferrals": Probe(
        f"query {{ all: overduePlatformReferrals {{ {REFERRAL} }}"
        " tiktok: overduePlatformReferrals(platformId: \"tiktok\") { id } }"),
    "overduePlatformReferralsConnection": Probe(
        f"query {{ all: overduePlatformReferralsConnection {{ totalCount edges {{ cursor"
        f" node {{ {REFERRAL} }} }} }}"
        " tiktok: overduePlatformReferralsConnection(platformId: \"tiktok\", last: 5) {"
        " totalCount edges { cursor node { id } } } }"),
    "platformRefusalRates": Probe(f"query {{ platformRefusalRates {{ {RATE} }} }}"),
    "preservationReminders": Probe(
        f"query {{ soon: preservationReminders {{ {REQUEST} }}"
        " year: preservationReminders(withinDays: 365) { id } }"),
    "preservationRemindersConnection": Probe(
        f"query {{ soon: preservationRemindersConnection {{ totalCount edges {{ cursor"
        f" node {{ {REQUEST} }} }} }}"
        " year: preservationRemindersConnection(withinDays: 365, last: 5) { totalCount"
        " edges { cursor node { id } } } }"),
}

# Force officers may not decide casework; the refusal must not depend on what exists.
MUTATIONS: dict[str, Probe] = {
    "captureContent": Probe(
        "mutation($theirs: ID!) { captureContent(input: {caseId: $theirs, url:"
        f" \"{CONTENT_URL}\", text: \"a caption\", capturedAt: \"2026-11-01T00:00:00Z\"}})"
        " { capture { id } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "referToPlatform": Probe(
        "mutation($theirs: ID!, $capture: ID!) { referToPlatform(input: {caseId: $theirs,"
        " captureId: $capture, platformId: \"tiktok\", legalBasis: {termsClause: \"hate\"}})"
        " { referral { id status } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id, "capture": _made(other, "capture")}),
    "recordPlatformResponse": Probe(
        "mutation($referral: ID!) { recordPlatformResponse(input: {referralId: $referral,"
        " status: REMOVED, at: \"2026-11-20T00:00:00Z\"})"
        " { referral { id status } userErrors { field code message } } }",
        lambda own, other: {"referral": _made(other, "referral")}),
    "requestPreservation": Probe(
        "mutation($theirs: ID!) { requestPreservation(input: {caseId: $theirs,"
        " platformId: \"tiktok\", targetKind: ACCOUNT, target: \"@someone\","
        " reason: \"the account may be deleted\"})"
        " { request { id } userErrors { field code message } } }",
        lambda own, other: {"theirs": other.case_id}),
    "renewPreservation": Probe(
        "mutation($request: ID!) { renewPreservation(input: {requestId: $request,"
        " reason: \"disclosure order awaited\"})"
        " { request { id expiresAt } userErrors { field code message } } }",
        lambda own, other: {"request": _made(other, "request")}),
}
