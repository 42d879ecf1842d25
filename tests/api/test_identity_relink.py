"""Account linking over the graph: suggestions with evidence, suspects, decisions that stick."""

from __future__ import annotations

import asyncio

from casework.access import Principal, Role
from casework.identity.service import (
    AccountStage,
    decide,
    load_account_records,
    relink_accounts,
)
from graph.driver import Graph
from tests.support.linking import population

ANALYST = Principal(subject="analyst-1", role=Role.ANALYST)
PAIR = [{"id": "r1", "platform": "x", "handle": "qwerty_zz", "email": "zed@example.org",
         "phone": "07700 900123"},
        {"id": "r2", "platform": "gab", "handle": "other_name", "email": "ZED@example.org",
         "phone": "+44 7700 900123"}]


async def suspect_of(graph: Graph) -> dict[str, str]:
    rows = await graph.rows("MATCH (a:Account)-[:ATTRIBUTED_TO]->(p:Suspect) "
                            "RETURN a.recordId AS record, p.id AS suspect")
    return {row["record"]: row["suspect"] for row in rows}


async def test_relinking_suggests_explained_links_and_respects_a_rejection(
        clean_graph: Graph) -> None:
    await load_account_records(clean_graph, population(PAIR))
    first = await relink_accounts(clean_graph)
    assert first.links > 0
    links = await clean_graph.rows(
        "MATCH (a:Account {recordId: 'r1'})-[s:SAME_PERSON_AS]-(b:Account {recordId: 'r2'}) "
        "RETURN s.status AS status, s.evidence AS evidence, a.id AS a, b.id AS b")
    assert links[0]["status"] == "SUGGESTED"
    assert "email" in links[0]["evidence"]
    suspects = await suspect_of(clean_graph)
    assert suspects["r1"] == suspects["r2"]

    await decide(clean_graph, ANALYST, links[0]["a"], links[0]["b"], same=False,
                 reason="different people sharing a family email address")
    split = await suspect_of(clean_graph)
    assert split["r1"] != split["r2"]  # at once, before any relink
    await relink_accounts(clean_graph)
    suspects = await suspect_of(clean_graph)
    assert suspects["r1"] != suspects["r2"]
    kept = await clean_graph.rows(
        "MATCH (:Account {recordId: 'r1'})-[s:SAME_PERSON_AS]-(:Account {recordId: 'r2'}) "
        "RETURN s.status AS status, s.decidedBy AS by")
    assert kept == [{"status": "REJECTED", "by": "analyst-1"}]


async def test_a_rejection_made_while_a_relink_runs_stands_after_it(clean_graph: Graph) -> None:
    await load_account_records(clean_graph, population(PAIR))
    pair = sorted(row["id"] for row in await clean_graph.rows(
        "MATCH (a:Account) WHERE a.recordId IN ['r1', 'r2'] RETURN a.id AS id"))
    loop = asyncio.get_running_loop()
    rejections: list[str] = []

    def reject_while_linking(stage: AccountStage, done: int, total: int | None) -> None:
        """The analyst decides while the relink links (in its worker thread, which waits for
        the decision): after the relink read the decisions, before it writes."""
        if stage is AccountStage.LINKING and not rejections:
            rejections.append(asyncio.run_coroutine_threadsafe(
                decide(clean_graph, ANALYST, pair[0], pair[1], same=False,
                       reason="different people sharing a family email address"),
                loop).result())

    await relink_accounts(clean_graph, reject_while_linking)
    assert rejections == ["REJECTED"]
    suspects = await suspect_of(clean_graph)
    assert suspects["r1"] != suspects["r2"]
