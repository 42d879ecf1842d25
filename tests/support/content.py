"""Captures and platform referrals made through GraphQL, and the audit entries they leave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from graph.driver import Graph
from tests.support.audit import block_audit_events
from tests.support.workflow import mutate

CAPTURE = """mutation($i: CaptureContentInput!) { captureContent(input: $i) {
  capture { id url text capturedAt by sha256 fileSha256 fileName platformId contentId }
  userErrors { field code } } }"""
REFERRAL = """id caseReference platformId contentUrl status sentAt by noResponseDue
  legalBasis { offenceCode schedule7Priority termsClause description }
  history { status at by note } capture { id }"""
REFER = ("mutation($i: ReferToPlatformInput!) { referToPlatform(input: $i) { referral { "
         + REFERRAL + " } userErrors { field code } } }")
RESPOND = ("mutation($i: RecordPlatformResponseInput!) { recordPlatformResponse(input: $i) {"
           " referral { " + REFERRAL + " } userErrors { field code } } }")
REQUEST = """id caseReference platformId targetKind target requestedAt expiresAt remindAt
  renewals { at reason expiresAt }"""
PRESERVE = ("mutation($i: RequestPreservationInput!) { requestPreservation(input: $i) {"
            " request { " + REQUEST + " } userErrors { field code } } }")
POST = "https://x.com/someone/status/1790000000000000001"
TEXT = "example abusive text"


def ago(days: float, now: datetime | None = None) -> str:
    """`days` before `now` (the test's `now` fixture, when it compares what it sent with what it
    gets back), else before the clock read here: never a clock read at import, which a long
    suite would leave behind."""
    return ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat()


async def capture(client: httpx.AsyncClient, headers: dict[str, str], case_id: str,
                  url: str = POST, **extra: Any) -> dict[str, Any]:
    result = await mutate(client, headers, CAPTURE, caseId=case_id, url=url,
                          **{"text": TEXT, "capturedAt": ago(30), **extra})
    assert result["userErrors"] == [], result
    captured: dict[str, Any] = result["capture"]
    return captured


async def refer(client: httpx.AsyncClient, headers: dict[str, str], case_id: str,
                capture_id: str, platform: str = "x", days_ago: float = 1,
                now: datetime | None = None, **basis: Any) -> dict[str, Any]:
    return await mutate(client, headers, REFER, caseId=case_id, captureId=capture_id,
                        platformId=platform, sentAt=ago(days_ago, now),
                        legalBasis=basis or {"offenceCode": "POA1986-s4A"})


async def audit_of(graph: Graph, action: str) -> list[dict[str, Any]]:
    rows = await graph.rows("MATCH (e:AuditEvent {action: $action}) RETURN e {.*} AS e "
                            "ORDER BY e.at", action=action)
    return [row["e"] for row in rows]


async def block_audit(graph: Graph, action: str) -> None:
    """Make the next `action` entry fail. The blocking constraint makes every entry's action
    unique, so the entries written while setting up (intake, capture) are removed first."""
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run("MATCH (e:AuditEvent) DELETE e")).consume()
    await block_audit_events(graph, "action", action)
