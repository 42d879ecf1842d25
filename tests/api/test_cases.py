"""Listing cases: newest first, filtered, and paged without gaps or repeats."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from tests.api.test_intake import referral, submit
from tests.conftest import bearer
from tests.graphql import gql

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
