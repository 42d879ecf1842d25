"""Clusters are cohesive groups, honour analyst decisions, and stay fast on large graphs."""

from __future__ import annotations

import random

import pytest

from linking.cluster import cluster
from linking.evidence import Match


def link(left: str, right: str, probability: float) -> Match:
    return Match(left, right, probability)


def groups(clusters: dict[str, str]) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for name, cluster_id in clusters.items():
        found.setdefault(cluster_id, set()).add(name)
    return {frozenset(g) for g in found.values()}


def test_a_chain_of_weak_links_does_not_become_one_cluster() -> None:
    chain = [link("a", "b", 0.8), link("b", "c", 0.8), link("c", "d", 0.8)]
    result = cluster("abcd", chain, threshold=0.5)
    assert result["a"] != result["d"]
    assert len(set(result.values())) >= 2


def test_a_group_that_all_match_each_other_is_one_cluster() -> None:
    clique = [link(pair[0], pair[1], 0.9) for pair in ["ab", "ac", "ad", "bc", "bd", "cd"]]
    assert groups(cluster("abcde", clique, threshold=0.5)) == {frozenset("abcd"),
                                                                frozenset("e")}


def test_links_below_the_threshold_do_not_merge() -> None:
    assert groups(cluster("ab", [link("a", "b", 0.3)], threshold=0.5)) == {frozenset("a"),
                                                                           frozenset("b")}


def test_cannot_link_keeps_two_apart_even_when_they_match() -> None:
    clique = [link("a", "b", 0.99), link("b", "c", 0.9), link("a", "c", 0.9)]
    result = cluster("abc", clique, threshold=0.5, cannot_link=[("a", "c")])
    assert result["a"] != result["c"]
    assert result["b"] in (result["a"], result["c"])


def test_must_link_joins_even_without_any_match() -> None:
    result = cluster("abc", [], threshold=0.5, must_link=[("a", "c")])
    assert result["a"] == result["c"] != result["b"]


def test_a_must_link_group_weighs_as_one_member() -> None:
    # A thousand referrals known to be one post; a new one that matches their representative
    # joins them, although it was compared with one member only.
    big = [str(i) for i in range(1000)]
    result = cluster([*big, "new"], [link("new", "0", 0.95)], threshold=0.5,
                     must_link=[("0", name) for name in big[1:]])
    assert result["new"] == result["999"]


def test_contradictory_analyst_decisions_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot-link"):
        cluster("abc", [], threshold=0.5, must_link=[("a", "b"), ("b", "c")],
                cannot_link=[("a", "c")])


def test_cluster_ids_are_stable_whatever_the_input_order() -> None:
    matches = [link("b", "c", 0.9), link("c", "a", 0.9), link("a", "b", 0.9), link("x", "y", 0.9)]
    first = cluster(["y", "x", "c", "b", "a"], matches, threshold=0.5)
    second = cluster(["a", "b", "c", "x", "y"], list(reversed(matches)), threshold=0.5)
    assert first == second
    assert first["c"] == "a"
    assert first["y"] == "x"


def test_ids_only_named_by_decisions_still_get_a_cluster() -> None:
    result = cluster(["a"], [], threshold=0.5, must_link=[("a", "late")])
    assert result == {"a": "a", "late": "a"}


def test_hundreds_of_thousands_of_edges_finish() -> None:
    rng = random.Random(7)
    names = [f"r{i}" for i in range(50_000)]
    matches = [link(rng.choice(names), rng.choice(names), rng.random()) for _ in range(200_000)]
    result = cluster(names, matches, threshold=0.5)
    assert set(result) == set(names)
    assert all(result[result[name]] == result[name] for name in names)


def test_a_bridge_does_not_join_two_people_who_are_against_each_other() -> None:
    """`danieltaylor` links to two Daniel Taylors whose numbered handles say they are two
    people: every pair was scored, and the group holds together only while a random pair
    across it is more likely than not one person."""
    scored = [link("bare", "d8172", 0.95), link("bare", "d7003", 0.93),
              link("d8172", "d7003", 0.001)]
    result = cluster(["bare", "d8172", "d7003"], scored, threshold=0.9, cohesion=0.5)
    assert result["d8172"] != result["d7003"]


def test_a_cohesive_group_still_needs_a_link_to_take_a_member() -> None:
    """b averages 0.6 towards {a, c}, above a cohesion of 0.5, but has no link to either; one
    more pair at the threshold brings it in."""
    scored = [link("a", "b", 0.6), link("a", "c", 0.95), link("b", "c", 0.6)]
    assert groups(cluster("abc", scored, threshold=0.9, cohesion=0.5)) == {
        frozenset("ac"), frozenset("b")}
    scored[2] = link("b", "c", 0.9)
    assert groups(cluster("abc", scored, threshold=0.9, cohesion=0.5)) == {frozenset("abc")}
