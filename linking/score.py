"""Score: comparison levels into match weights, a calibrated probability and its explanation.

A level's weight is log2(m/u), the Fellegi–Sunter Bayes factor: m the chance of that level
among pairs of one person, u among pairs of two people. A pair's weight is the sum over its
comparisons; with the prior log2 odds that two random records match, it is a probability.
Every linked pair keeps each comparison's level and weight (`Explainer`), so an analyst sees
why, and the weights add up to the probability shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from linking.compare.levels import Comparison
from linking.evidence import Evidence, Match

Levels = NDArray[np.int8]
Table = dict[str, list[float]]
_FLOOR = 1e-300


def weight_table(comparisons: Sequence[Comparison], m: Mapping[str, Sequence[float]],
                 u: Mapping[str, Sequence[float]]) -> dict[str, NDArray[np.float64]]:
    """log2(m/u) per level of each comparison; a missing level weighs nothing, an `against`
    level never counts for a match, and in an ordered comparison no other level counts
    against one, whatever a thin sample of pairs suggests."""
    table = {}
    for comparison in comparisons:
        w = np.log2(np.maximum(np.asarray(m[comparison.name], dtype=np.float64), _FLOOR)
                    / np.maximum(np.asarray(u[comparison.name], dtype=np.float64), _FLOOR))
        against = sorted(comparison.against)
        w[against] = np.minimum(w[against], 0.0)
        if comparison.ordered:
            toward = [level for level in range(int(comparison.missing_first), len(w))
                      if level not in comparison.against and level not in comparison.free]
            w[toward] = np.maximum(w[toward], 0.0)
        if comparison.missing_first:
            w[0] = 0.0
        table[comparison.name] = w
    return table


def match_weights(comparisons: Sequence[Comparison], levels: Levels,
                  table: Mapping[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """The summed log2 Bayes factor of each row of levels."""
    total = np.zeros(len(levels))
    for column, comparison in enumerate(comparisons):
        total += table[comparison.name][levels[:, column]]
    return total


def log2_odds(probability: float) -> float:
    return float(np.log2(probability / (1.0 - probability)))


def probabilities(weights: NDArray[np.float64], prior: float) -> NDArray[np.float64]:
    """Calibrated match probability from summed weights and the prior chance of a match."""
    z = np.clip(weights + log2_odds(prior), -60.0, 60.0)
    return np.asarray(1.0 / (1.0 + np.exp2(-z)), dtype=np.float64)


class Explainer:
    """Builds each link's evidence; one Evidence object per distinct outcome, shared by every
    link that shows it, because a million links show a few thousand distinct outcomes."""

    def __init__(self, comparisons: Sequence[Comparison], prior: float, subject: str) -> None:
        self._comparisons = comparisons
        self._prior = Evidence("prior", f"chance that two {subject} are one", round(
            log2_odds(prior), 3))
        self._seen: dict[tuple[int, int, int, float], Evidence] = {}

    def _evidence(self, column: int, level: int, carried: int, weight: float) -> Evidence:
        key = (column, level, carried, round(weight, 3))
        found = self._seen.get(key)
        if found is None:
            comparison = self._comparisons[column]
            value = comparison.levels[level]
            if carried > 2:
                value += f" (a value {carried} records carry)"
            found = self._seen[key] = Evidence(comparison.name, value, key[3])
        return found

    def match(self, left: str, right: str, levels: Sequence[int], weights: Sequence[float],
              carried: Sequence[int], probability: float) -> Match:
        """`carried`: per comparison, how many records carry the value its level rests on."""
        evidence = [self._evidence(column, level, carried[column], weights[column])
                    for column, level in enumerate(levels)
                    if level or not self._comparisons[column].missing_first]
        evidence.append(self._prior)
        return Match(left, right, probability, tuple(evidence))
