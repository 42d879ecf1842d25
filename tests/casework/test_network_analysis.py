"""Co-offending as the analysis derives it, and the handle search box: pure functions."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import networkx as nx
import pytest

from casework.errors import RuleViolation
from casework.network.analysis import (
    NetworkEdge,
    Shared,
    analyse,
    co_offending,
    exported,
    to_cytoscape,
    to_graphml,
)
from casework.network.search import handle_search


def day(n: int) -> datetime:
    return datetime(2026, 11, n, tzinfo=UTC)


def posted(account: str, case: str, first: int, last: int) -> NetworkEdge:
    return NetworkEdge(account, case, "POSTED", first_seen=day(first), last_seen=day(last))


def test_co_offending_rests_on_the_shared_victim_and_spans_the_pairs_posts() -> None:
    edges = [posted("Account:a", "Case:1", 3, 4), posted("Account:b", "Case:2", 9, 10),
             posted("Account:c", "Case:3", 1, 28),  # a case against nobody they share
             NetworkEdge("Case:1", "Victim:v", "TARGETED"),
             NetworkEdge("Case:2", "Victim:v", "TARGETED")]
    [edge] = co_offending(edges)
    assert (edge.source, edge.target) == ("Account:a", "Account:b")
    assert edge.shared == (Shared("SAME_VICTIM", ("Victim:v",)),)
    assert edge.reasons == ("same victim Victim:v",)
    assert (edge.first_seen, edge.last_seen) == (day(3), day(10))
    assert edge.weight == 1.0


def test_a_raid_names_both_cases_and_a_pair_keeps_every_ground() -> None:
    edges = [posted("Account:a", "Case:1", 3, 3), posted("Account:b", "Case:2", 5, 5),
             NetworkEdge("Case:1", "Case:2", "SAME_RAID_TEXT"),
             NetworkEdge("Case:1", "Victim:v", "TARGETED"),
             NetworkEdge("Case:2", "Victim:v", "TARGETED")]
    [edge] = co_offending(edges)
    assert [s.kind for s in edge.shared] == ["SAME_VICTIM", "RAID"]
    assert edge.shared[1].keys == ("Case:1", "Case:2")


def test_exports_carry_the_dates_of_edges() -> None:
    network = analyse({"Account:a": {"label": "Account"}, "Case:1": {"label": "Case"}},
                      [posted("Account:a", "Case:1", 3, 4)])
    assert "2026-11-03T00:00:00+00:00" in to_graphml(network)


def test_exports_name_nodes_by_global_id_and_label_them_as_the_page_does() -> None:
    network = analyse({"Account:x:a": {"label": "Account", "id": "x:a", "handle": "@a"},
                       "Case:HUB-1": {"label": "Case", "reference": "HUB-1"}},
                      [posted("Account:x:a", "Case:HUB-1", 3, 4)])
    ids = {"Account:x:a": "QWNjb3VudDp4OmE=", "Case:HUB-1": "Q2FzZTpIVUItMQ=="}
    shown = exported(network, ids, {"Account:x:a": "@a", "Case:HUB-1": "HUB-1"})
    graphml = nx.read_graphml(io.BytesIO(to_graphml(shown).encode()))
    cytoscape = json.loads(to_cytoscape(shown))
    assert {n: d["label"] for n, d in graphml.nodes(data=True)} == {
        "QWNjb3VudDp4OmE=": "@a", "Q2FzZTpIVUItMQ==": "HUB-1"}
    assert {n["data"]["id"]: (n["data"]["name"], n["data"]["kind"])
            for n in cytoscape["elements"]["nodes"]} == {
        "QWNjb3VudDp4OmE=": ("@a", "Account"), "Q2FzZTpIVUItMQ==": ("HUB-1", "Case")}
    [edge] = cytoscape["elements"]["edges"]
    assert (edge["data"]["source"], edge["data"]["target"]) == tuple(ids.values())
    assert "x:a" not in to_graphml(shown)
    assert "x:a" not in to_cytoscape(shown)


@pytest.mark.parametrize(("typed", "key"), [("@Hater_One", "haterone"), ("h4ter.0ne", "haterone")])
def test_a_search_is_folded_as_the_linker_folds_handles(typed: str, key: str) -> None:
    assert handle_search(typed) == key


@pytest.mark.parametrize(("typed", "code"), [("x" * 101, "TOO_LONG"), (" @_. ", "REQUIRED")])
def test_a_search_that_is_no_handle_is_refused(typed: str, code: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        handle_search(typed)
    assert [(e.field, e.code) for e in refused.value.errors] == [(("search",), code)]
