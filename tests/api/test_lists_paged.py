"""Lists that grow, paged beside their old plain fields; suspects and advice notes searched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from resolvers.pagination import Connection, listed
from tests.support.graphql import gql
from tests.support.network import build_world, global_id
from tests.support.tokens import bearer

START = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _names(page: Connection[str]) -> list[str]:
    return [edge.node for edge in page.edges]


def test_a_list_read_whole_pages_by_key_both_ways_and_skips_nothing_that_arrives() -> None:
    queue = [((START + timedelta(days=n % 3), f"item-{n}"), f"item-{n}") for n in range(7)]
    order = [name for _, name in sorted(queue)]
    first = listed(queue, "DUE_AT", 3, None, None, None)
    assert (_names(first), first.total_count, first.page_info.has_next_page) == (
        order[:3], 7, True)
    # An item arriving before the cursor while the client pages does not shift the next page.
    grown = [((START - timedelta(days=1), "early"), "early"), *queue]
    second = listed(grown, "DUE_AT", 3, first.page_info.end_cursor, None, None)
    assert (_names(second), second.total_count) == (order[3:6], 8)
    last = listed(queue, "DUE_AT", None, None, 3, None)
    assert _names(last) == order[4:]
    back = listed(queue, "DUE_AT", None, None, 3, last.page_info.start_cursor)
    assert (_names(back), back.page_info.has_previous_page) == (order[1:4], True)
    # Each item's cursor is the same whichever way it was reached.
    cursors = {edge.node: edge.cursor for edge in listed(queue, "DUE_AT", 7, None, None,
                                                         None).edges}
    assert all(cursors[edge.node] == edge.cursor for edge in (*back.edges, *last.edges))
    newest = listed(queue, "DUE_AT", 2, None, None, None, descending=True)
    assert _names(newest) == order[::-1][:2]


async def test_suspects_and_advice_notes_are_searched(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await build_world(client, api_settings, clean_graph)
    analyst = bearer(api_settings, Role.ANALYST)
    suspects = """query($search: String) { suspects(search: $search) { totalCount
      edges { node { suspectId } } } }"""
    found = (await gql(client, suspects, analyst, search="@Hater"))["data"]["suspects"]
    assert global_id("Suspect", "suspect-1") in [
        edge["node"]["suspectId"] for edge in found["edges"]]
    assert found["totalCount"] == len(found["edges"])
    nobody = (await gql(client, suspects, analyst, search="nobody_at_all"))["data"]["suspects"]
    assert nobody == {"totalCount": 0, "edges": []}

    hub = bearer(api_settings, Role.HUB_OFFICER)
    give = """mutation($i: GiveAdviceInput!) { giveAdvice(input: $i) { userErrors { code } } }"""
    for title, body in (("Harassment at places of worship", "Capture the harassing posts first."),
                        ("Preservation", "Ask the platform to preserve the account's data.")):
        given = await gql(client, give, hub, i={"forceCode": "west-yorkshire", "title": title,
                                                 "body": body})
        assert given["data"]["giveAdvice"]["userErrors"] == []
    notes = """query($search: String) { adviceNotes(search: $search) { totalCount
      edges { node { title } } } }"""

    async def titles(search: str) -> list[str]:
        body = await gql(client, notes, hub, search=search)
        return [edge["node"]["title"] for edge in body["data"]["adviceNotes"]["edges"]]

    assert await titles("harass worship") == ["Harassment at places of worship"]
    assert await titles("preserve") == ["Preservation"]
    assert await titles("preserve worship") == []
