"""Quality metrics on examples worked by hand."""

from __future__ import annotations

import pytest

from linking.evaluate import bcubed, pairwise

TRUTH = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}


def test_perfect_clustering_scores_one() -> None:
    assert pairwise(TRUTH, TRUTH).f1 == 1.0
    assert bcubed(TRUTH, TRUTH).f1 == 1.0


def test_pairwise_counts_pairs_by_combinatorics() -> None:
    # predicted {a,b}, {c,d,e}: true pairs a-b and d-e (2) of 1 + 3 predicted, 3 + 1 actual.
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    scores = pairwise(pred, TRUTH)
    assert scores.precision == pytest.approx(2 / 4)
    assert scores.recall == pytest.approx(2 / 4)


def test_bcubed_averages_over_items() -> None:
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    scores = bcubed(pred, TRUTH)
    # precision: a,b 1; c 1/3; d,e 2/3 -> (1+1+1/3+2/3+2/3)/5
    assert scores.precision == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    # recall: a,b 2/3; c 1/3; d,e 1 -> (4/3+1/3+2)/5
    assert scores.recall == pytest.approx((4 / 3 + 1 / 3 + 2) / 5)


def test_all_singletons_have_full_precision_and_no_pairwise_recall() -> None:
    pred = {i: i for i in TRUTH}
    scores = pairwise(pred, TRUTH)
    assert (scores.precision, scores.recall) == (1.0, 0.0)


def test_a_cluster_of_ten_thousand_is_counted_not_enumerated() -> None:
    truth = {str(i): "left" if i < 5_000 else "right" for i in range(10_000)}
    pred = dict.fromkeys(truth, "all")
    scores = pairwise(pred, truth)
    assert scores.precision == pytest.approx(2 * (5_000 * 4_999 / 2) / (10_000 * 9_999 / 2))
    assert scores.recall == 1.0


def test_ids_missing_from_truth_are_ignored() -> None:
    pred = {**TRUTH, "stray": "1"}
    assert pairwise(pred, TRUTH).f1 == 1.0
    assert bcubed(pred, TRUTH).f1 == 1.0
