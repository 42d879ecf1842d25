"""NCHI records past their review date are erased, each erasure audited with metadata only."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from api.settings import ApiSettings
from casework.retention.service import apply_retention
from graph.driver import Graph
from tests.support.intake import referral, submit


async def assess(graph: Graph, case: str, decision: str, at: str) -> None:
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(
            "MATCH (c:Case {reference: $case}) CREATE (c)-[:HAS_ASSESSMENT]->"
            "(:Assessment {decision: $decision, at: datetime($at)})",
            case=case, decision=decision, at=at)).consume()


async def test_a_reviewed_nchi_is_erased_and_the_rest_kept(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    old = await submit(client, api_settings, referral(
        "TV-OLD", contentUrls=["https://x.com/a/status/1790000000000000901"], contentText="a"))
    recent = await submit(client, api_settings, referral(
        "TV-NEW", contentUrls=["https://x.com/b/status/1790000000000000902"], contentText="b"))
    crime = await submit(client, api_settings, referral(
        "TV-CRIME", contentUrls=["https://x.com/c/status/1790000000000000903"], contentText="c"))
    await assess(clean_graph, old["case"]["reference"], "NON_CRIME_HATE_INCIDENT",
                 "2024-01-10T10:00:00Z")
    await assess(clean_graph, recent["case"]["reference"], "NON_CRIME_HATE_INCIDENT",
                 "2026-11-01T10:00:00Z")
    await assess(clean_graph, crime["case"]["reference"], "CRIME", "2024-01-10T10:00:00Z")
    now = datetime(2026, 11, 28, tzinfo=UTC)

    listed = await apply_retention(clean_graph, dry_run=True, now=now)
    assert [r.case for r in listed] == [old["case"]["reference"]]
    assert await clean_graph.rows("MATCH (r:Report {truevisionRef: 'TV-OLD'}) RETURN r.id")

    await apply_retention(clean_graph, dry_run=False, now=now)
    remaining = await clean_graph.rows("MATCH (r:Report) RETURN r.truevisionRef AS ref")
    assert sorted(r["ref"] for r in remaining) == ["TV-CRIME", "TV-NEW"]
    assert await clean_graph.rows(
        "MATCH (p:Person) WHERE NOT (p)<-[:AGAINST|REPORTED_BY]-() RETURN p") == []
    [event] = await clean_graph.rows(
        "MATCH (e:AuditEvent {action: 'ERASURE'}) RETURN e {.*} AS e")
    assert event["e"]["targets"] == [old["case"]["reference"]]
    assert "Aisha" not in str(event)  # metadata only, never the erased content
