"""The demo shows a living hub: its cases stand in every state, closed with every outcome."""

from __future__ import annotations

from casework.workflow.states import CaseState, Outcome
from graph.driver import Graph
from seeds.demo.generator import generate_world
from seeds.demo.living import LIBRARY, PATHS, bring_to_life, path_of, stock_library
from seeds.demo.loader import load_referrals


def test_paths_are_fixed_by_the_case_reference_and_cover_every_share() -> None:
    assert path_of("HUB-2026-000123") == path_of("HUB-2026-000123")
    names = {path_of(f"HUB-2026-{n:06d}")[0] for n in range(2000)}
    assert names == {name for _, name, _ in PATHS}


async def test_demo_cases_reach_every_state_and_outcome(clean_graph: Graph) -> None:
    records = [record for record, _ in generate_world(seed=11, referrals=80).referrals()]
    await load_referrals(clean_graph, records)
    taken = await bring_to_life(clean_graph)
    assert set(taken) == {name for _, name, _ in PATHS}
    rows = await clean_graph.rows("MATCH (c:Case) RETURN collect(DISTINCT c.status) AS states,"
                                  " collect(DISTINCT c.outcome) AS outcomes")
    assert set(rows[0]["states"]) == set(CaseState)
    # MERGED comes from analysts merging cases, which the demo's duplicates need no help with.
    assert set(rows[0]["outcomes"]) == set(Outcome) - {Outcome.MERGED}
    history = await clean_graph.rows(
        "MATCH (:Case)-[:HAS_STATUS_CHANGE]->(s) RETURN count(s) AS n, "
        "collect(DISTINCT s.by) AS officers")
    assert history[0]["n"] > len(taken)
    officers = set(history[0]["officers"])
    assert "demo-hub-officer" in officers
    assert any(o.startswith("demo-officer-") for o in officers), "forces accept their cases"
    referred = await clean_graph.rows(
        "MATCH (c:Case)-[:HAS_REFERRAL]->(p:PlatformReferral)-[:OF_CAPTURE]->(:Capture) "
        "RETURN c.status AS status, p.status AS answer")
    assert referred, "cases referred to platforms have their captures and referrals"
    assert {row["status"] for row in referred} <= {"REFERRED", "CLOSED"}
    transfers = await clean_graph.rows("MATCH (c:Case)-[:HAS_TRANSFER]->(t:Transfer) "
                                       "RETURN c.status AS status, t.state AS state")
    assert {"status": "WITH_FORCE", "state": "ACCEPTED"} in transfers
    packages = await clean_graph.rows("MATCH (:Case)-[:HAS_EVIDENCE]->(e:EvidencePackage) "
                                      "RETURN count(e) AS n")
    assert packages[0]["n"] > 0
    letters = await clean_graph.rows("MATCH (u:VictimUpdate {kind: 'EXPLANATION'}) "
                                     "RETURN count(u) AS n")
    assert letters[0]["n"] > 0


async def test_the_demo_library_is_searchable(clean_graph: Graph) -> None:
    await stock_library(clean_graph)
    found = await clean_graph.rows("CALL db.index.fulltext.queryNodes('practice_text', "
                                   "'preserve') YIELD node RETURN node.title AS title")
    assert [row["title"] for row in found] == ["Preservation requests"]
    assert len(LIBRARY) == 3
