"""A list of cases sorted and searched as a front end asks: every order both ways, paged either
way with the same cursors, and a search box that finds a case by reference, handle, URL or words.
"""

from __future__ import annotations

import zlib
from typing import Any

import httpx
from strawberry import relay

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from resolvers.enums import CasePriority
from tests.support.cases import PAGE_INFO, nodes, separate_cases
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.tokens import bearer
from tests.support.workflow import NO, TRIAGE, mutate

CASES = """query($first: Int, $after: String, $last: Int, $before: String, $search: String,
               $orderBy: CaseOrder, $filter: CaseFilter) {
  cases(first: $first, after: $after, last: $last, before: $before, search: $search,
        orderBy: $orderBy, filter: $filter) {
    totalCount """ + PAGE_INFO + """
    edges { cursor node { reference openedAt updatedAt priority reportCount } } } }"""
FIELDS = {"OPENED_AT": "openedAt", "UPDATED_AT": "updatedAt", "PRIORITY": "priority",
          "REPORT_COUNT": "reportCount"}


def test_priorities_sort_by_name_in_the_order_of_their_urgency() -> None:
    """The list sorts `c.priority` as a string (an index orders it so): the enum's values,
    declared least urgent first, must sort alike."""
    declared = [priority.value for priority in CasePriority]
    assert sorted(declared) == declared


async def walk(client: httpx.AsyncClient, headers: dict[str, str], size: int, backward: bool,
               **arguments: Any) -> tuple[list[dict[str, Any]], set[int]]:
    """Every case of the list, a page of `size` at a time, from the start or from the end; and
    the totals each page gave."""
    seen: list[dict[str, Any]] = []
    totals: set[int] = set()
    cursor = None
    while True:
        if backward:
            page = (await gql(client, CASES, headers, last=size, before=cursor,
                              **arguments))["data"]["cases"]
            seen[:0] = [edge["node"] for edge in page["edges"]]
            more, cursor = page["pageInfo"]["hasPreviousPage"], page["pageInfo"]["startCursor"]
        else:
            page = (await gql(client, CASES, headers, first=size, after=cursor,
                              **arguments))["data"]["cases"]
            seen += [edge["node"] for edge in page["edges"]]
            more, cursor = page["pageInfo"]["hasNextPage"], page["pageInfo"]["endCursor"]
        totals.add(page["totalCount"])
        if not more:
            return seen, totals


async def test_cases_sort_by_every_field_both_ways_and_page_the_same_either_way(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    references = await separate_cases(client, api_settings, 5, prefix="TV-ORDER")
    hub = bearer(api_settings, Role.HUB_OFFICER)
    # Referrals of the same posts join their cases: the third case gets two more, the first one.
    for n, case in enumerate([2, 2, 0]):
        joined = await submit(client, api_settings, referral(
            f"TV-ORDER-JOIN-{n}", receivedAt="2026-11-30T09:00:00+00:00",
            contentUrls=[f"https://x.com/TV-ORDER{case}/status/{post_of('TV-ORDER', case)}"]))
        assert joined["case"]["reference"] == references[case]
    triaged = await mutate(client, hub, TRIAGE, caseId=relay.to_base64("Case", references[3]),
                           **{**NO, "immediateDanger": True})
    assert triaged["case"]["priority"] == "URGENT"

    for field, key in FIELDS.items():
        for direction in ("ASC", "DESC"):
            order = {"field": field, "direction": direction}
            expected, totals = await walk(client, hub, 5, False, orderBy=order)
            values = [(case[key], case["reference"]) for case in expected]
            assert values == sorted(values, reverse=direction == "DESC"), (field, direction)
            assert totals == {5}
            for backward in (False, True):  # pages of 2, 2 and 1: ends and middles either way
                walked, totals = await walk(client, hub, 2, backward, orderBy=order)
                assert walked == expected, (field, direction, backward)
                assert totals == {5}

    counts = (await gql(client, CASES, hub, first=5, orderBy={"field": "REPORT_COUNT"}))
    assert [(n["reference"], n["reportCount"]) for n in nodes_of(counts)][:2] == [
        (references[2], 3), (references[0], 2)]
    updated = (await gql(client, CASES, hub, first=5, orderBy={"field": "UPDATED_AT"}))
    # The last change of all: the urgent triage; before it, the first case's new referral.
    assert [n["reference"] for n in nodes_of(updated)][:2] == [references[3], references[0]]
    urgent = (await gql(client, CASES, hub, first=1, orderBy={"field": "PRIORITY"}))
    assert [(n["reference"], n["priority"]) for n in nodes_of(urgent)] == [
        (references[3], "URGENT")]


def post_of(prefix: str, n: int) -> int:
    """The status number `separate_cases` gave the post of its `n`th case."""
    return 1_790_000_000_000_000_000 + zlib.crc32(prefix.encode()) * 100 + n


def nodes_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert "errors" not in body, body
    return [edge["node"] for edge in body["data"]["cases"]["edges"]]


async def test_a_cursor_of_one_order_is_refused_by_another(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await separate_cases(client, api_settings, 2, prefix="TV-CURSOR")
    hub = bearer(api_settings, Role.HUB_OFFICER)
    page = (await gql(client, CASES, hub, first=1,
                      orderBy={"field": "REPORT_COUNT"}))["data"]["cases"]
    refused = await gql(client, CASES, hub, first=1, after=page["pageInfo"]["endCursor"],
                        orderBy={"field": "UPDATED_AT"})
    assert refused["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    # The list's default order takes the cursors it always gave, and gives them back alike.
    default = (await gql(client, CASES, hub, first=1))["data"]["cases"]
    opened = (await gql(client, CASES, hub, first=1,
                        orderBy={"field": "OPENED_AT", "direction": "DESC"}))["data"]["cases"]
    assert default["pageInfo"]["endCursor"] == opened["pageInfo"]["endCursor"]


async def test_search_finds_a_case_by_reference_handle_url_and_words(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    references = await separate_cases(client, api_settings, 3, prefix="TV-FIND")
    hub = bearer(api_settings, Role.HUB_OFFICER)
    harassing = await submit(client, api_settings, referral(
        "TV-FIND-TEXT", receivedAt="2026-11-25T09:00:00+00:00",
        contentUrls=["https://www.facebook.com/groups/1/posts/987654321"],
        contentText="They keep harassing the congregation outside the gurdwara",
        suspectHandles=["@Gurdwara_Hater"]))
    text_case = harassing["case"]["reference"]

    async def found(search: str, **arguments: Any) -> list[str]:
        body = await gql(client, CASES, hub, first=10, search=search, **arguments)
        return [n["reference"] for n in nodes_of(body)]

    assert await found(references[1]) == [references[1]]
    assert await found(references[1].lower()) == [references[1]]
    assert set(await found(references[0][:-1])) >= {references[0], references[1]}
    # A handle, as typed in any form the linker folds alike; `@` in front matches its start.
    assert await found("gurdwara.hater") == [text_case]
    assert await found("@GURDWARA") == [text_case]
    # A URL in another form of the same post.
    post = post_of("TV-FIND", 1)
    assert await found(f"https://twitter.com/TV-FIND1/status/{post}?s=20") == [references[1]]
    # Words, stemmed: "harassment" finds "harassing"; every word must be there.
    assert await found("harassment congregation") == [text_case]
    assert await found("harassment synagogue") == []
    # Searched lists sort and page as any other.
    both = await found("find", orderBy={"field": "OPENED_AT", "direction": "ASC"})
    assert both == references
    page = (await gql(client, CASES, hub, last=1, search="find"))["data"]["cases"]
    assert (nodes(page), page["totalCount"]) == ([references[0]], 3)
    too_long = await gql(client, CASES, hub, first=1, search="x" * 201)
    assert too_long["errors"][0]["extensions"]["code"] == "TOO_LONG"

