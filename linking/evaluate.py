"""Linkage quality against ground truth: pairwise and B-cubed precision, recall and F1.

Pairs are counted from cluster sizes (n choose 2), never enumerated, so a ground-truth cluster
of ten thousand viral referrals costs no more than a small one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> Scores:
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(pred: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """Precision and recall over all pairs put together, for the ids present in truth."""
    ids = [i for i in truth if i in pred]
    both = Counter((pred[i], truth[i]) for i in ids)
    predicted = Counter(pred[i] for i in ids)
    actual = Counter(truth[i] for i in ids)
    true_pairs = sum(_pairs(n) for n in both.values())
    predicted_pairs = sum(_pairs(n) for n in predicted.values())
    actual_pairs = sum(_pairs(n) for n in actual.values())
    return Scores.of(true_pairs / predicted_pairs if predicted_pairs else 1.0,
                     true_pairs / actual_pairs if actual_pairs else 1.0)


def bcubed(pred: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """Per-item precision and recall of its cluster, averaged over items."""
    ids = [i for i in truth if i in pred]
    if not ids:
        return Scores(1.0, 1.0, 1.0)
    both = Counter((pred[i], truth[i]) for i in ids)
    predicted = Counter(pred[i] for i in ids)
    actual = Counter(truth[i] for i in ids)
    precision = sum(both[(pred[i], truth[i])] / predicted[pred[i]] for i in ids) / len(ids)
    recall = sum(both[(pred[i], truth[i])] / actual[truth[i]] for i in ids) / len(ids)
    return Scores.of(precision, recall)
