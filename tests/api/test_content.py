"""Captures, platform referrals and preservation requests through GraphQL, on the real graph."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.audit import unblock_audit
from tests.support.content import (
    CAPTURE,
    POST,
    PRESERVE,
    REFER,
    REFERRAL,
    REQUEST,
    RESPOND,
    TEXT,
    ago,
    audit_of,
    block_audit,
    capture,
    refer,
)
from tests.support.graphql import gql
from tests.support.intake import force_of
from tests.support.tokens import bearer
from tests.support.workflow import mutate, received

RENEW = ("mutation($i: RenewPreservationInput!) { renewPreservation(input: $i) {"
         " request { " + REQUEST + " } userErrors { field code } } }")
REFERRALS = "query($c: ID!) { platformReferrals(caseId: $c) { " + REFERRAL + " } }"
CAPTURES = "query($c: ID!) { captures(caseId: $c) { id sha256 } }"
OVERDUE = ("query($p: String) { overduePlatformReferrals(platformId: $p) {"
           " caseReference platformId contentUrl } }")
RATES = """query { platformRefusalRates { platformId referred removed restricted declined
  noResponse open decided refusalRate } }"""
REMINDERS = ("query($d: Int) { preservationReminders(withinDays: $d) {"
             " caseReference target expiresAt } }")


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def count(graph: Graph, label: str) -> int:
    rows = await graph.rows("MATCH (n) WHERE $label IN labels(n) RETURN count(n) AS n",
                            label=label)
    return int(rows[0]["n"])


async def test_a_capture_is_stored_with_its_hashes_and_audited(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    screenshot = b"\x89PNG not really a png"
    stored = await capture(client, officer, case["id"], fileName="shot.png",
                           fileBase64=base64.b64encode(screenshot).decode())
    canonical = json.dumps({"text": TEXT, "url": POST}, sort_keys=True, separators=(",", ":"))
    assert stored["sha256"] == hashlib.sha256(canonical.encode()).hexdigest()
    assert stored["fileSha256"] == hashlib.sha256(screenshot).hexdigest()
    assert (stored["platformId"], stored["contentId"]) == ("x", "1790000000000000001")
    assert stored["by"] == "test-hub_officer"
    shape = await clean_graph.rows(
        "MATCH (:Case {reference: $r})-[:HAS_CAPTURE]->(k:Capture) RETURN k {.*} AS k",
        r=case["reference"])
    assert [row["k"]["id"] for row in shape] == [stored["id"]]
    assert shape[0]["k"]["text"] == TEXT
    listed = await gql(client, CAPTURES, officer, c=case["id"])
    assert listed["data"]["captures"] == [{"id": stored["id"], "sha256": stored["sha256"]}]
    [event] = [e for e in await audit_of(clean_graph, "COLLECTION") if e["role"] != "INTAKE"]
    assert event["actor"] == "test-hub_officer"
    assert set(event["targets"]) == {case["reference"], stored["id"]}


async def test_a_capture_must_hold_something_and_its_stated_hash_must_match_the_file(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph,
        now: datetime) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    empty = await mutate(client, officer, CAPTURE, caseId=case["id"], url=POST,
                         capturedAt=ago(1))
    assert empty["userErrors"] == [{"field": ["input"], "code": "CAPTURE_EMPTY"}]
    wrong = await mutate(client, officer, CAPTURE, caseId=case["id"], url=POST,
                         capturedAt=ago(1), fileSha256="0" * 64,
                         fileBase64=base64.b64encode(b"the file").decode())
    assert wrong["userErrors"] == [{"field": ["input", "fileSha256"], "code": "HASH_MISMATCH"}]
    future = await mutate(client, officer, CAPTURE, caseId=case["id"], url=POST, text=TEXT,
                          capturedAt=(now + timedelta(days=1)).isoformat())
    assert future["userErrors"] == [{"field": ["input", "capturedAt"],
                                     "code": "INVALID_DATETIME"}]
    assert await count(clean_graph, "Capture") == 0


async def test_content_cannot_be_referred_before_it_is_captured(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    refused = await refer(client, officer, case["id"], "no-such-capture")
    assert refused["userErrors"] == [{"field": ["input", "captureId"],
                                      "code": "CAPTURE_REQUIRED"}]
    assert refused["referral"] is None
    assert await count(clean_graph, "PlatformReferral") == 0
    assert await audit_of(clean_graph, "DISCLOSURE") == []


async def test_a_capture_of_another_case_cannot_be_referred_on_this_one(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    first = await received(client, api_settings)
    second = await received(client, api_settings, "TV-CW-2", contentText="something else",
                            contentUrls=["https://x.com/other/status/1790000000000000002"])
    assert second["reference"] != first["reference"]
    officer = bearer(api_settings, Role.HUB_OFFICER)
    theirs = await capture(client, officer, second["id"],
                           url="https://x.com/other/status/1790000000000000002")
    refused = await refer(client, officer, first["id"], theirs["id"])
    assert refused["userErrors"] == [{"field": ["input", "captureId"],
                                      "code": "CAPTURE_REQUIRED"}]
    assert await count(clean_graph, "PlatformReferral") == 0


async def test_a_referral_keeps_its_legal_basis_capture_and_platform(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    captured = await capture(client, officer, case["id"])
    result = await refer(client, officer, case["id"], captured["id"], days_ago=2)
    assert result["userErrors"] == []
    referral = result["referral"]
    assert referral["status"] == "SENT"
    assert referral["legalBasis"]["schedule7Priority"] is True
    assert "Public Order Act 1986 s.4A" in referral["legalBasis"]["description"]
    assert when(referral["noResponseDue"]) - when(referral["sentAt"]) == timedelta(days=14)
    assert [h["status"] for h in referral["history"]] == ["SENT"]
    shape = await clean_graph.rows(
        "MATCH (:Case {reference: $r})-[:HAS_REFERRAL]->(p:PlatformReferral)"
        "-[:OF_CAPTURE]->(k:Capture), (p)-[:TO_PLATFORM]->(f:Platform) "
        "RETURN p.status AS status, p.contentUrl AS url, k.id AS capture, f.id AS platform",
        r=case["reference"])
    assert shape == [{"status": "SENT", "url": POST, "capture": captured["id"],
                      "platform": "x"}]
    [event] = await audit_of(clean_graph, "DISCLOSURE")
    assert event["recipient"] == "x"
    assert set(event["targets"]) == {case["reference"], referral["id"], captured["id"]}


async def test_a_referral_is_refused_on_a_wrong_basis_or_platform(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    captured = await capture(client, officer, case["id"])
    no_basis = await refer(client, officer, case["id"], captured["id"], termsClause=" ")
    assert no_basis["userErrors"] == [{"field": ["input", "legalBasis", "offenceCode"],
                                       "code": "LEGAL_BASIS_REQUIRED"}]
    not_priority = await refer(client, officer, case["id"], captured["id"],
                               offenceCode="POA1986-s4A", schedule7Priority=False)
    assert not_priority["userErrors"] == [{"field": ["input", "legalBasis",
                                                     "schedule7Priority"],
                                           "code": "SCHEDULE7_MISMATCH"}]
    elsewhere = await refer(client, officer, case["id"], captured["id"], platform="tiktok")
    assert elsewhere["userErrors"] == [{"field": ["input", "platformId"],
                                        "code": "CAPTURE_OF_OTHER_PLATFORM"}]
    assert await count(clean_graph, "PlatformReferral") == 0


async def test_platform_answers_follow_the_allowed_order_and_every_status_is_kept(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph,
        now: datetime) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    captured = await capture(client, officer, case["id"])
    referral = (await refer(client, officer, case["id"], captured["id"], days_ago=3,
                            now=now))["referral"]
    acknowledged = await mutate(client, officer, RESPOND, referralId=referral["id"],
                                status="ACKNOWLEDGED", at=ago(2, now))
    assert acknowledged["userErrors"] == []
    too_early = await mutate(client, officer, RESPOND, referralId=referral["id"],
                             status="REMOVED", at=ago(2.5, now))
    assert too_early["userErrors"] == [{"field": ["input", "at"], "code": "INVALID_DATETIME"}]
    removed = await mutate(client, officer, RESPOND, referralId=referral["id"],
                           status="REMOVED", at=ago(1, now),
                           note="removed under hateful conduct")
    assert removed["userErrors"] == []
    after_removal = await mutate(client, officer, RESPOND, referralId=referral["id"],
                                 status="DECLINED", at=ago(0.5, now))
    assert after_removal["userErrors"] == [{"field": ["input", "status"],
                                            "code": "FORBIDDEN_TRANSITION"}]
    stored = (await gql(client, REFERRALS, officer, c=case["id"]))["data"]["platformReferrals"]
    [current] = stored
    assert current["status"] == "REMOVED"
    assert [(h["status"], when(h["at"])) for h in current["history"]] == [
        ("SENT", now - timedelta(days=3)), ("ACKNOWLEDGED", now - timedelta(days=2)),
        ("REMOVED", now - timedelta(days=1))]
    assert current["history"][-1]["note"] == "removed under hateful conduct"
    assert len(await audit_of(clean_graph, "ALTERATION")) == 2


async def test_a_referral_unanswered_past_the_configured_wait_is_overdue(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    captured = await capture(client, officer, case["id"])
    late = (await refer(client, officer, case["id"], captured["id"], days_ago=15))["referral"]
    recent = (await refer(client, officer, case["id"], captured["id"], days_ago=13))["referral"]
    overdue = (await gql(client, OVERDUE, officer))["data"]["overduePlatformReferrals"]
    assert overdue == [{"caseReference": case["reference"], "platformId": "x",
                        "contentUrl": POST}]
    assert (await gql(client, OVERDUE, officer, p="tiktok"))["data"][
        "overduePlatformReferrals"] == []
    not_yet = await mutate(client, officer, RESPOND, referralId=recent["id"],
                           status="NO_RESPONSE", at=ago(0))
    assert not_yet["userErrors"] == [{"field": ["input", "status"], "code": "NOT_YET_DUE"}]
    marked = await mutate(client, officer, RESPOND, referralId=late["id"],
                          status="NO_RESPONSE", at=ago(0))
    assert marked["userErrors"] == []
    assert (await gql(client, OVERDUE, officer))["data"]["overduePlatformReferrals"] == []


async def test_refusal_rates_count_each_platforms_answers(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    captured = await capture(client, officer, case["id"])
    answers = ["REMOVED", "DECLINED", "RESTRICTED", "NO_RESPONSE", None]
    for answer in answers:
        referral = (await refer(client, officer, case["id"], captured["id"],
                                days_ago=20))["referral"]
        if answer:
            result = await mutate(client, officer, RESPOND, referralId=referral["id"],
                                  status=answer, at=ago(1))
            assert result["userErrors"] == []
    elsewhere = await capture(client, officer, case["id"], url="https://example.org/a-post")
    web = await refer(client, officer, case["id"], elsewhere["id"], platform="telegram")
    assert web["userErrors"] == []
    rates = (await gql(client, RATES, officer))["data"]["platformRefusalRates"]
    assert rates == [
        {"platformId": "telegram", "referred": 1, "removed": 0, "restricted": 0, "declined": 0,
         "noResponse": 0, "open": 1, "decided": 0, "refusalRate": None},
        {"platformId": "x", "referred": 5, "removed": 1, "restricted": 1, "declined": 1,
         "noResponse": 1, "open": 1, "decided": 3, "refusalRate": 1 / 3}]


async def test_preservation_lasts_the_configured_90_days_and_renews_from_the_renewal(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph,
        now: datetime) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    asked = await mutate(client, officer, PRESERVE, caseId=case["id"], platformId="x",
                         targetKind="ACCOUNT", target="@someone", requestedAt=ago(80),
                         reason="the account may be deleted before disclosure")
    assert asked["userErrors"] == []
    request = asked["request"]
    assert when(request["expiresAt"]) - when(request["requestedAt"]) == timedelta(days=90)
    assert when(request["expiresAt"]) - when(request["remindAt"]) == timedelta(days=14)
    reminded = (await gql(client, REMINDERS, officer))["data"]["preservationReminders"]
    assert [r["target"] for r in reminded] == ["@someone"]
    assert (await gql(client, REMINDERS, officer, d=5))["data"]["preservationReminders"] == []
    assert len((await gql(client, REMINDERS, officer, d=11))["data"][
        "preservationReminders"]) == 1

    renewed = await mutate(client, officer, RENEW, requestId=request["id"], at=ago(1, now),
                           reason="disclosure order still awaited")
    assert renewed["userErrors"] == []
    [renewal] = renewed["request"]["renewals"]
    assert when(renewed["request"]["expiresAt"]) == now - timedelta(days=1) + timedelta(days=90)
    assert renewal["expiresAt"] == renewed["request"]["expiresAt"]
    assert (await gql(client, REMINDERS, officer))["data"]["preservationReminders"] == []
    shape = await clean_graph.rows(
        "MATCH (:Case {reference: $r})-[:HAS_PRESERVATION]->(q:PreservationRequest)"
        "-[:TO_PLATFORM]->(:Platform {id: 'x'}), (q)-[:HAS_RENEWAL]->(n:PreservationRenewal) "
        "RETURN count(n) AS n", r=case["reference"])
    assert shape == [{"n": 1}]
    assert [e["recipient"] for e in await audit_of(clean_graph, "DISCLOSURE")] == ["x", "x"]


async def test_a_lapsed_preservation_cannot_be_renewed(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    asked = await mutate(client, officer, PRESERVE, caseId=case["id"], platformId="x",
                         targetKind="CONTENT", target=POST, requestedAt=ago(91),
                         reason="the post may be deleted before disclosure")
    lapsed = await mutate(client, officer, RENEW, requestId=asked["request"]["id"],
                          reason="disclosure order still awaited")
    assert lapsed["userErrors"] == [{"field": ["input"], "code": "PRESERVATION_LAPSED"}]
    assert await count(clean_graph, "PreservationRenewal") == 0


async def test_a_force_officer_sees_only_their_own_forces_referrals(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    hub = bearer(api_settings, Role.HUB_OFFICER)
    leeds = await received(client, api_settings)
    london_url = "https://x.com/other/status/1790000000000000002"
    london = await received(client, api_settings, "TV-CW-2", contentText="something else",
                            contentUrls=[london_url],
                            victim={"name": "Jo Bloggs", "postcode": "SE1 7PB"})
    assert [await force_of(client, api_settings, case) for case in (leeds, london)] == [
        "west-yorkshire", "metropolitan"]
    for case, url in ((leeds, POST), (london, london_url)):
        captured = await capture(client, hub, case["id"], url=url)
        await refer(client, hub, case["id"], captured["id"], days_ago=20)
        await mutate(client, hub, PRESERVE, caseId=case["id"], platformId="x",
                     targetKind="CONTENT", target=url, requestedAt=ago(80),
                     reason="the post may be deleted before disclosure")
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    own = await gql(client, REFERRALS, officer, c=leeds["id"])
    assert [r["caseReference"] for r in own["data"]["platformReferrals"]] == [
        leeds["reference"]]
    theirs = await gql(client, REFERRALS, officer, c=london["id"])
    assert theirs["data"]["platformReferrals"] is None
    overdue = (await gql(client, OVERDUE, officer))["data"]["overduePlatformReferrals"]
    assert [r["caseReference"] for r in overdue] == [leeds["reference"]]
    [rate] = (await gql(client, RATES, officer))["data"]["platformRefusalRates"]
    assert (rate["platformId"], rate["referred"]) == ("x", 1)
    reminded = (await gql(client, REMINDERS, officer))["data"]["preservationReminders"]
    assert [r["caseReference"] for r in reminded] == [leeds["reference"]]
    refused = await gql(client, CAPTURE, officer,
                        i={"caseId": leeds["id"], "url": POST, "text": TEXT,
                           "capturedAt": ago(1)})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_each_change_is_in_the_audit_log_a_supervisor_reads(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    captured = await capture(client, officer, case["id"])
    referral = (await refer(client, officer, case["id"], captured["id"]))["referral"]
    await mutate(client, officer, RESPOND, referralId=referral["id"], status="DECLINED",
                 at=ago(0))
    request = (await mutate(client, officer, PRESERVE, caseId=case["id"], platformId="x",
                            targetKind="ACCOUNT", target="@someone",
                            reason="the account may be deleted"))["request"]
    await mutate(client, officer, RENEW, requestId=request["id"],
                 reason="disclosure order still awaited")
    log = await gql(client, "query($r: String!) { auditEvents(target: $r) { edges { node {"
                            " action actor recipient } } } }",
                    bearer(api_settings, Role.SUPERVISOR), r=case["reference"])
    actions = sorted((e["node"]["action"], e["node"]["recipient"])
                     for e in log["data"]["auditEvents"]["edges"]
                     if e["node"]["actor"] == "test-hub_officer")
    assert actions == [("ALTERATION", None), ("COLLECTION", None), ("DISCLOSURE", "x"),
                       ("DISCLOSURE", "x"), ("DISCLOSURE", "x")]


async def test_a_referral_whose_audit_entry_fails_is_not_sent(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    officer = bearer(api_settings, Role.HUB_OFFICER)
    captured = await capture(client, officer, case["id"])
    await block_audit(clean_graph, "DISCLOSURE")
    try:
        body = await gql(client, REFER, officer, i={
            "caseId": case["id"], "captureId": captured["id"], "platformId": "x",
            "legalBasis": {"offenceCode": "POA1986-s4A"}})
    finally:
        await unblock_audit(clean_graph)
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert await count(clean_graph, "PlatformReferral") == 0


async def test_a_capture_whose_audit_entry_fails_is_not_stored(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    await block_audit(clean_graph, "COLLECTION")
    try:
        body = await gql(client, CAPTURE, bearer(api_settings, Role.HUB_OFFICER), i={
            "caseId": case["id"], "url": POST, "text": TEXT, "capturedAt": ago(1)})
    finally:
        await unblock_audit(clean_graph)
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert await count(clean_graph, "Capture") == 0
