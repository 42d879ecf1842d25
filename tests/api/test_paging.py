"""Relay paging as a front end uses it: forward and backward, bounded, refused plainly."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.settings import ApiSettings
from casework.access import Role
from tests.support.cases import PAGE_INFO, nodes, separate_cases
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.tokens import bearer

CASES = """query($first: Int, $after: String, $last: Int, $before: String) {
  cases(first: $first, after: $after, last: $last, before: $before) {
    totalCount """ + PAGE_INFO + """ edges { cursor node { reference } } } }"""
REPORTS = """query($r: String!, $first: Int, $after: String, $last: Int, $before: String) {
  case(reference: $r) { reports(first: $first, after: $after, last: $last, before: $before) {
    totalCount """ + PAGE_INFO + """ edges { cursor node { truevisionRef } } } } }"""


async def test_cases_page_backward_to_the_same_list_with_the_same_cursors(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    references = await separate_cases(client, api_settings, 5)
    newest_first = references[::-1]
    hub = bearer(api_settings, Role.HUB_OFFICER)

    forward = (await gql(client, CASES, hub, first=5))["data"]["cases"]
    assert nodes(forward) == newest_first
    cursors = {edge["node"]["reference"]: edge["cursor"] for edge in forward["edges"]}

    pages, before = [], None
    while True:
        page = (await gql(client, CASES, hub, last=2, before=before))["data"]["cases"]
        assert page["totalCount"] == 5
        pages.insert(0, page)
        for edge in page["edges"]:  # a case's cursor is the same whichever way it was reached
            assert edge["cursor"] == cursors[edge["node"]["reference"]]
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert [nodes(page) for page in pages] == [newest_first[:1], newest_first[1:3],
                                               newest_first[3:]]
    oldest, middle, newest = pages
    assert newest["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True,
                                  "startCursor": cursors[newest_first[3]],
                                  "endCursor": cursors[newest_first[4]]}
    assert middle["pageInfo"]["hasNextPage"]
    assert oldest["pageInfo"]["hasNextPage"]

    # Between two cursors, from either end: only what lies strictly between them.
    inner = {"after": cursors[newest_first[0]], "before": cursors[newest_first[4]]}
    assert nodes((await gql(client, CASES, hub, first=2, **inner))["data"]["cases"]) == \
        newest_first[1:3]
    assert nodes((await gql(client, CASES, hub, last=2, **inner))["data"]["cases"]) == \
        newest_first[2:4]
    first_page = (await gql(client, CASES, hub, first=2))["data"]["cases"]["pageInfo"]
    assert (first_page["hasPreviousPage"], first_page["hasNextPage"]) == (False, True)


async def test_a_case_pages_its_referrals_backward_from_the_latest(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    """Referrals of one post join one case; the newest arrive last and are read first."""
    times = ["2026-11-20T10:00:00+00:00"] * 3 + ["2026-11-20T11:00:00+00:00"] * 2
    refs = [f"TV-BACK-{n}" for n in (4, 1, 3, 5, 2)]
    for ref, at in zip(refs, times, strict=True):
        case = (await submit(client, api_settings, referral(ref, receivedAt=at)))["case"]
    arrival = ["TV-BACK-1", "TV-BACK-3", "TV-BACK-4", "TV-BACK-2", "TV-BACK-5"]
    hub = bearer(api_settings, Role.HUB_OFFICER)

    seen: list[list[str]] = []
    before = None
    while True:
        page = (await gql(client, REPORTS, hub, r=case["reference"], last=2,
                          before=before))["data"]["case"]["reports"]
        assert page["totalCount"] == 5
        seen.insert(0, nodes(page, "truevisionRef"))
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert seen == [arrival[:1], arrival[1:3], arrival[3:]]

    forward = (await gql(client, REPORTS, hub, r=case["reference"], first=2))["data"]
    after = forward["case"]["reports"]["pageInfo"]["endCursor"]
    rest = (await gql(client, REPORTS, hub, r=case["reference"], first=2, after=after))["data"]
    assert nodes(rest["case"]["reports"], "truevisionRef") == arrival[2:4]
    assert rest["case"]["reports"]["pageInfo"]["hasPreviousPage"]


@pytest.mark.parametrize(("arguments", "field", "code"), [
    ({"first": 2, "last": 2}, "last", "FIRST_AND_LAST"),
    ({"last": -1}, "last", "INVALID_PAGE_SIZE"),
    ({"first": 0}, "first", "INVALID_PAGE_SIZE"),
    ({"last": 101}, "last", "INVALID_PAGE_SIZE"),
    ({"last": 2, "before": "not-a-cursor"}, "before", "INVALID_CURSOR"),
    ({"first": 2, "after": "WzFd"}, "after", "INVALID_CURSOR"),  # a suspect's cursor
], ids=["first-and-last", "negative", "zero", "over-the-cap", "garbage-cursor",
        "another-lists-cursor"])
async def test_a_page_that_cannot_be_served_is_refused_naming_the_argument(
        client: httpx.AsyncClient, api_settings: ApiSettings, arguments: dict[str, Any],
        field: str, code: str) -> None:
    body = await gql(client, CASES, bearer(api_settings, Role.HUB_OFFICER), **arguments)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["userErrors"][0]["field"] == [field]
    assert error["path"] == ["cases"]


async def test_every_fault_of_a_page_is_named_at_once(client: httpx.AsyncClient,
                                                      api_settings: ApiSettings) -> None:
    body = await gql(client, "query { suspects(first: 500, last: -2, before: \"??\") {"
                     " totalCount } }", bearer(api_settings, Role.ANALYST))
    [error] = body["errors"]
    assert [(e["field"], e["code"]) for e in error["extensions"]["userErrors"]] == [
        (["last"], "FIRST_AND_LAST"), (["first"], "INVALID_PAGE_SIZE"),
        (["last"], "INVALID_PAGE_SIZE"), (["before"], "INVALID_CURSOR")]


NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Case { reference } } }"


async def test_nodes_answers_each_id_in_the_order_asked(client: httpx.AsyncClient,
                                                        api_settings: ApiSettings) -> None:
    older, newer = await separate_cases(client, api_settings, 2)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    by_reference = "query($r: String!) { case(reference: $r) { id } }"
    case_id = {ref: (await gql(client, by_reference, hub, r=ref))["data"]["case"]["id"]
               for ref in (older, newer)}
    nowhere = "Q2FzZToyMDI2LU5PUEUtMQ=="  # Case:2026-NOPE-1
    force = "Rm9yY2U6bWV0cm9wb2xpdGFu"  # Force:metropolitan, which is no node
    body = await gql(client, NODES, hub, ids=[case_id[newer], nowhere, case_id[older], force,
                                              case_id[newer]])
    assert "errors" not in body, body
    assert body["data"]["nodes"] == [
        {"id": case_id[newer], "reference": newer}, None,
        {"id": case_id[older], "reference": older}, None,
        {"id": case_id[newer], "reference": newer}]


async def test_nodes_refuses_more_ids_than_a_page_holds(client: httpx.AsyncClient,
                                                        api_settings: ApiSettings) -> None:
    body = await gql(client, NODES, bearer(api_settings, Role.HUB_OFFICER),
                     ids=["Q2FzZToyMDI2LU5PUEUtMQ=="] * 101)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "TOO_MANY_IDS"
    assert error["extensions"]["userErrors"][0]["field"] == ["ids"]
