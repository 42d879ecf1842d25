"""Batch relinking: reconciles clusters with cases, and never undoes an analyst's decision."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from casework.duplicates.relink import NEW, plan_relink
from casework.duplicates.service import relink_reports
from graph.driver import Graph
from tests.support.duplicates import MERGE, SPLIT
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.stores import unmaintained_cases
from tests.support.tokens import bearer


def test_the_case_holding_most_of_a_cluster_keeps_it() -> None:
    current = {"a": "C1", "b": "C1", "c": "C2", "d": "C3"}
    clusters = {"a": "k1", "b": "k1", "c": "k1", "d": "k2"}
    plan = plan_relink(current, clusters)
    assert plan.moves == {"c": "C1"}
    assert plan.closures == {"C2": "C1"}


def test_a_case_split_by_the_linker_keeps_its_larger_part() -> None:
    current = {"a": "C1", "b": "C1", "c": "C1"}
    clusters = {"a": "k1", "b": "k1", "c": "k2"}
    plan = plan_relink(current, clusters)
    assert plan.moves == {"c": NEW + "k2"}
    assert plan.closures == {}


async def test_relinking_repairs_a_missed_duplicate_and_honours_decisions(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    analyst = bearer(api_settings, Role.ANALYST)
    one = await submit(client, api_settings, referral(
        "TV-L1", contentUrls=["https://x.com/a/status/1790000000000000601"], contentText="aa"))
    two = await submit(client, api_settings, referral(
        "TV-L2", contentUrls=["https://x.com/b/status/1790000000000000602"], contentText="bb"))
    await gql(client, MERGE, analyst, i={"targetId": one["case"]["id"],
                                        "sourceId": two["case"]["id"],
                                        "reason": "analyst knows these are one incident"})
    await submit(client, api_settings, referral(
        "TV-L3", contentUrls=["https://x.com/c/status/1790000000000000603"], contentText="cc"))
    await submit(client, api_settings, referral(
        "TV-L4", contentUrls=["https://x.com/c/status/1790000000000000603"], contentText="cc"))
    await gql(client, SPLIT, analyst, i={"truevisionRef": "TV-L4",
                                        "reason": "reporter meant a different reply"})
    # A report stored before linking existed: the same post as TV-L3, in a case of its own.
    async with clean_graph.driver.session(database=clean_graph.database) as session:
        await (await session.run(
            "CREATE (r:Report {truevisionRef: 'TV-L5', receivedAt: datetime(), "
            "contentUrls: ['https://twitter.com/c/status/1790000000000000603?s=20'], "
            "strands: []})-[:PART_OF]->(:Case {reference: 'HUB-LEGACY-1', status: 'RECEIVED',"
            " force: 'west-yorkshire', strands: [], openedAt: datetime(), priority: 'NORMAL'})"
        )).consume()

    changed = await relink_reports(clean_graph)

    assert changed.reports == 5
    rows = await clean_graph.rows(
        "MATCH (r:Report)-[:PART_OF]->(c:Case) RETURN r.truevisionRef AS r, c.reference AS c")
    case_of = {row["r"]: row["c"] for row in rows}
    assert case_of["TV-L1"] == case_of["TV-L2"]  # the merge stands
    assert case_of["TV-L4"] != case_of["TV-L3"]  # the split stands
    assert case_of["TV-L5"] == case_of["TV-L3"]  # the missed duplicate is repaired
    legacy = await clean_graph.rows(
        "MATCH (c:Case {reference: 'HUB-LEGACY-1'}) RETURN c.status AS s, c.outcome AS o")
    assert legacy == [{"s": "CLOSED", "o": "MERGED"}]
    # Every case's count and time of change followed the merge, the split and the moves.
    assert await unmaintained_cases(clean_graph) == []
    again = await relink_reports(clean_graph)
    assert again.moved == 0  # relinking is stable
