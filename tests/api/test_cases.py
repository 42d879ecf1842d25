"""Listing cases: newest first, filtered, and paged without gaps or repeats."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.tokens import bearer

PAGE = """
query($after: String, $filter: CaseFilter) {
  cases(first: 4, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { reference openedAt } }
  }
}
"""


async def test_pages_walk_every_case_once_newest_first(client: httpx.AsyncClient,
                                                        api_settings: ApiSettings) -> None:
    for n in range(10):
        await submit(client, api_settings, referral(
            f"TV-PAGE-{n}", receivedAt=f"2026-11-{10 + n:02d}T09:00:00+00:00",
            contentUrls=[f"https://x.com/a{n}/status/17900000000000000{n:02d}"],
            contentText=f"post number {n} " * (n + 1), suspectHandles=[f"@author{n}"]))
    officer = bearer(api_settings, Role.HUB_OFFICER)
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(client, PAGE, officer, after=after))["data"]["cases"]
        assert page["totalCount"] == 10
        seen += [edge["node"]["openedAt"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 10
    assert seen == sorted(seen, reverse=True)


async def test_filter_by_strand_and_date(client: httpx.AsyncClient,
                                         api_settings: ApiSettings) -> None:
    await submit(client, api_settings, referral(
        "TV-A", perceivedStrands=["disability"], receivedAt="2026-10-01T09:00:00+00:00",
        contentUrls=["https://x.com/a/status/1790000000000000301"]))
    await submit(client, api_settings, referral(
        "TV-B", perceivedStrands=["race"], receivedAt="2026-11-01T09:00:00+00:00",
        contentUrls=["https://x.com/b/status/1790000000000000302"], contentText="other words"))
    officer = bearer(api_settings, Role.HUB_OFFICER)
    disability = (await gql(client, PAGE, officer, filter={"strands": ["DISABILITY"]}))
    assert disability["data"]["cases"]["totalCount"] == 1
    recent = (await gql(client, PAGE, officer,
                        filter={"openedAfter": "2026-10-15T00:00:00+00:00"}))
    assert recent["data"]["cases"]["totalCount"] == 1


async def test_page_size_over_the_cap_is_refused(client: httpx.AsyncClient,
                                                 api_settings: ApiSettings) -> None:
    body = await gql(client, "query { cases(first: 500) { totalCount } }",
                     bearer(api_settings, Role.HUB_OFFICER))
    assert body["data"] is None
    assert body["errors"][0]["message"] == "must be between 1 and 100"


CASE_PAGES = """query($r: String!, $after: String, $afterComplainant: String) {
  case(reference: $r) { reportCount complainantCount
    reports(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { truevisionRef } } }
    complainants(first: 3, after: $afterComplainant) { pageInfo { hasNextPage endCursor }
      edges { node { reportTruevisionRef } } } } }"""


async def test_a_case_pages_its_referrals_and_complainants_in_arrival_order(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """Ties on the time of arrival are broken by reference, so no referral is shown twice or
    skipped at a page boundary; a merged-in case's referrals page like the rest."""
    times = ["2026-11-20T10:00:00+00:00"] * 4 + ["2026-11-20T11:00:00+00:00"] * 3
    refs = [f"TV-PAGE-{n}" for n in (3, 1, 5, 2, 7, 4, 6)]
    for ref, at in zip(refs, times, strict=True):
        case = (await submit(client, api_settings, referral(ref, receivedAt=at)))["case"]
    other = (await submit(client, api_settings, referral(
        "TV-PAGE-0", receivedAt="2026-11-20T10:30:00+00:00",
        contentUrls=["https://x.com/other/status/1790000000000000999"])))["case"]
    officer = bearer(api_settings, Role.HUB_OFFICER)
    merged = await gql(client, """mutation($t: ID!, $s: ID!) { mergeCases(input: {targetId: $t,
        sourceId: $s, reason: "the same post, reported by a link to a repost"}) {
        userErrors { code } } }""", officer, t=case["id"], s=other["id"])
    assert merged["data"]["mergeCases"]["userErrors"] == []
    expected = ["TV-PAGE-1", "TV-PAGE-2", "TV-PAGE-3", "TV-PAGE-5", "TV-PAGE-0",
                "TV-PAGE-4", "TV-PAGE-6", "TV-PAGE-7"]
    seen: dict[str, list[str]] = {"reports": [], "complainants": []}
    cursors: dict[str, str | None] = {"reports": None, "complainants": None}
    for _ in range(3):
        body = (await gql(client, CASE_PAGES, officer, r=case["reference"],
                          after=cursors["reports"],
                          afterComplainant=cursors["complainants"]))["data"]["case"]
        assert (body["reportCount"], body["complainantCount"]) == (8, 8)
        for field, key in (("reports", "truevisionRef"),
                           ("complainants", "reportTruevisionRef")):
            seen[field] += [edge["node"][key] for edge in body[field]["edges"]]
            cursors[field] = body[field]["pageInfo"]["endCursor"]
    assert seen == {"reports": expected, "complainants": expected}
    assert body["reports"]["pageInfo"]["hasNextPage"] is False
