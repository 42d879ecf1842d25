"""Regrouping the persons a decision touches (pure): decisions bind, weak chains are cut, and
the largest part keeps its suspect id."""

from __future__ import annotations

import pytest

from casework.identity.persons import regroup
from linking.evidence import Match


def members(suspects: list[dict[str, object]]) -> dict[str, list[object]]:
    return {str(s["id"]): list(s["accounts"]) for s in suspects}  # type: ignore[call-overload]


def test_a_confirmation_joins_two_persons_under_the_larger_ones_id() -> None:
    scores = [Match("a", "b", 0.97), Match("c", "d", 0.3)]
    current = {"a": "S-big", "b": "S-big", "c": "S-small"}
    suspects = regroup(["a", "b", "c"], scores, [("b", "c")], [], current)
    assert members(suspects) == {"S-big": ["a", "b", "c"]}


def test_a_rejection_splits_a_person_and_the_larger_part_keeps_its_id() -> None:
    scores = [Match("a", "b", 0.97), Match("b", "c", 0.95), Match("a", "c", 0.92)]
    current = dict.fromkeys("abc", "S-1")
    suspects = regroup(["a", "b", "c"], scores, [], [("a", "c")], current)
    found = members(suspects)
    assert found["S-1"] in (["a", "b"], ["b", "c"])
    (new_id, part), = ((k, v) for k, v in found.items() if k != "S-1")
    assert new_id.startswith("S-")
    assert part in (["c"], ["a"])


def test_a_rejection_cuts_the_weak_side_of_a_chain() -> None:
    """b is much more like a than c: rejecting a–c leaves b with a, c alone."""
    scores = [Match("a", "b", 0.99), Match("b", "c", 0.91), Match("a", "c", 0.9)]
    suspects = regroup(["a", "b", "c"], scores, [], [("a", "c")], dict.fromkeys("abc", "S-1"))
    assert sorted(map(sorted, members(suspects).values())) == [["a", "b"], ["c"]]


def test_weak_links_do_not_chain_accounts_that_nothing_joins() -> None:
    """a–b and b–c are links, a–c scores nothing: the three are not one person."""
    scores = [Match("a", "b", 0.95), Match("b", "c", 0.95), Match("a", "c", 0.0),
              Match("c", "d", 0.99)]
    suspects = regroup(["a", "b", "c", "d"], scores, [], [], {})
    assert sorted(map(sorted, members(suspects).values())) == [["a", "b"], ["c", "d"]]


def test_decisions_that_contradict_each_other_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot-link"):
        regroup(["a", "b", "c"], [], [("a", "b"), ("b", "c")], [("a", "c")], {})
