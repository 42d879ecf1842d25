"""A force officer's search for cases: whatever it matches, in whatever order, only their own
force's cases come back and are counted (the access matrix also compares the answers before and
after the other force's case exists: `cases:search`, `cases:ordered`)."""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.intake import force_of, referral, submit
from tests.support.tokens import bearer

SEARCH = """query($search: String!, $orderBy: CaseOrder, $last: Int, $first: Int) {
  cases(search: $search, orderBy: $orderBy, last: $last, first: $first) {
    totalCount edges { node { reference force { code } } } } }"""
# What both forces' cases share: the handle, the words; and what only theirs has.
SHARED = ["@someone", "someone", "abusive text"]


async def test_a_force_officers_search_finds_and_counts_only_their_forces_cases(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    ours = (await submit(client, api_settings, referral("TV-SCOPE-LEEDS")))["case"]
    theirs = (await submit(client, api_settings, referral(
        "TV-SCOPE-LONDON", victim={"name": "Jo Bloggs", "postcode": "SE1 7PB"},
        contentUrls=["https://www.tiktok.com/@someone/video/7300000000000000009"],
        platform="TikTok")))["case"]
    assert await force_of(client, api_settings, ours) == "west-yorkshire"
    assert await force_of(client, api_settings, theirs) == "metropolitan"
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    hub = bearer(api_settings, Role.HUB_OFFICER)

    async def found(headers: dict[str, str], search: str, **arguments: Any) -> tuple[set[str], int]:
        body = await gql(client, SEARCH, headers, search=search, **arguments)
        assert "errors" not in body, body
        cases = body["data"]["cases"]
        return {edge["node"]["reference"] for edge in cases["edges"]}, cases["totalCount"]

    for search in SHARED:
        assert await found(hub, search) == ({ours["reference"], theirs["reference"]}, 2)
        for field in ("OPENED_AT", "UPDATED_AT", "PRIORITY", "REPORT_COUNT"):
            for direction, page in (("ASC", {"first": 5}), ("DESC", {"last": 5})):
                assert await found(officer, search, orderBy={
                    "field": field, "direction": direction}, **page) == (
                    {ours["reference"]}, 1), (search, field, direction, page)
    # Named by what only the other force's case has: as if it did not exist.
    for search in (theirs["reference"],
                   "https://www.tiktok.com/@someone/video/7300000000000000009"):
        assert (await found(hub, search))[0] == {theirs["reference"]}
        assert await found(officer, search) == (set(), 0)
