"""Fellegi–Sunter scoring: how much each comparison outcome says about "same" versus "different".

Every comparison (email, handle, name...) has ordered levels; a pair's row of levels is scored
as the sum over comparisons of log2(m/u), where m is the chance of that level among true matches
and u among non-matches, both among the pairs where the comparison could be made (a field left
blank weighs nothing). u comes from random pairs (almost all non-matches); m has no labelled
source at scale, so it is estimated by expectation–maximisation over the blocked pairs, one
blocking rule at a time, with analysts' decisions entering as pairs whose class is known. The
prior is the chance that two random records match, so that the summed weight turns into a
calibrated probability.

A common value shared says less than a rare one (two `John Smith`s are nothing; two `Zebedee
Quartermaine`s are much): on levels marked for term frequency, u is replaced by the value's own
frequency. EM itself runs over distinct level rows with their counts, so a million pairs cost
what a few thousand do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Levels = NDArray[np.int8]
Table = dict[str, list[float]]
# Laplace-style smoothing so that a level never seen still has a finite weight.
_SMOOTHING = 0.5
_FLOOR = 1e-12


@dataclass(frozen=True, slots=True)
class Comparison:
    """One comparison and its levels, from least to most alike.

    When `missing_first` holds, level 0 means "not recorded on one side": it carries no weight,
    since whether a field is filled in says nothing about a match. `neutral` levels carry none
    either: outcomes that another comparison already counts. When `ordered`, the lowest
    observed level (disagreement) never counts for a match and no higher level counts against
    one, whatever a thin sample of pairs suggests.
    """

    name: str
    levels: tuple[str, ...]
    missing_first: bool = True
    term_frequency: frozenset[int] = frozenset()
    neutral: frozenset[int] = frozenset()
    ordered: bool = True


@dataclass(frozen=True, slots=True)
class Estimate:
    """What EM found: m, u among the pairs it saw, and the share of matches among them."""

    m: Table
    u: Table
    share: float
    iterations: int
    converged: bool


def proportions(comparisons: Sequence[Comparison], levels: Levels,
                weights: NDArray[np.float64] | None = None) -> Table:
    """Smoothed share of each level per comparison, optionally weighted per row.

    Shares are among the pairs where the comparison could be made: whether a field is filled
    in says nothing about a match, and a field that few accounts carry (a phone) must still
    weigh as much as its agreement says. The missing level keeps a share of 0.
    """
    table = {}
    for column, comparison in enumerate(comparisons):
        counts = np.bincount(levels[:, column], weights=weights,
                             minlength=len(comparison.levels)).astype(np.float64)
        smoothed = counts + _SMOOTHING
        if comparison.missing_first:
            smoothed[0] = 0.0
        table[comparison.name] = [float(x) for x in smoothed / smoothed.sum()]
    return table


def estimate_u(comparisons: Sequence[Comparison], random_levels: Levels) -> Table:
    """u from the levels of random pairs, nearly all of which are two different people."""
    return proportions(comparisons, random_levels)


def weight_table(comparisons: Sequence[Comparison], m: Mapping[str, Sequence[float]],
                 u: Mapping[str, Sequence[float]]) -> dict[str, NDArray[np.float64]]:
    """log2(m/u) per level of each comparison; a missing level weighs nothing."""
    table = {}
    for comparison in comparisons:
        w = np.log2(np.maximum(np.asarray(m[comparison.name], dtype=np.float64), _FLOOR)
                    / np.maximum(np.asarray(u[comparison.name], dtype=np.float64), _FLOOR))
        lowest = 1 if comparison.missing_first else 0
        if comparison.ordered:
            w[lowest] = min(w[lowest], 0.0)
            w[lowest + 1:] = np.maximum(w[lowest + 1:], 0.0)
        if comparison.missing_first:
            w[0] = 0.0
        w[sorted(comparison.neutral)] = 0.0
        table[comparison.name] = w
    return table


def match_weights(comparisons: Sequence[Comparison], levels: Levels,
                  table: Mapping[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """The summed log2 Bayes factor of each row of levels."""
    total = np.zeros(len(levels))
    for column, comparison in enumerate(comparisons):
        total += table[comparison.name][levels[:, column]]
    return total


def term_frequency_bits(u_level: float, frequency: NDArray[np.float64]) -> NDArray[np.float64]:
    """Bits to add to an exact level's weight for the value actually shared.

    The level's weight is log2(m/u); for a value of frequency f it should be log2(m/f), so the
    adjustment is log2(u/f): negative for a value commoner than the average agreement.
    """
    return np.log2(u_level / np.maximum(frequency, _FLOOR))


def log2_odds(probability: float) -> float:
    return float(np.log2(probability / (1.0 - probability)))


def probabilities(weights: NDArray[np.float64], prior: float) -> NDArray[np.float64]:
    """Calibrated match probability from summed weights and the prior chance of a match."""
    z = np.clip(weights + log2_odds(prior), -60.0, 60.0)
    return np.asarray(1.0 / (1.0 + np.exp2(-z)), dtype=np.float64)


def _distinct(levels: Levels) -> tuple[Levels, NDArray[np.float64]]:
    """The distinct rows of levels and how often each occurs (rows coded as one integer)."""
    if not len(levels):
        return levels, np.zeros(0)
    base = np.int64(int(levels.max()) + 1)
    places = base ** np.arange(levels.shape[1], dtype=np.int64)
    # Sorted, not `np.unique`: its hashing in numpy 2.x is far slower on millions of rows.
    ordered = np.sort(levels.astype(np.int64) @ places)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    codes, counts = ordered[starts], np.diff(np.r_[starts, len(ordered)])
    rows = (codes[:, None] // places) % base
    return rows.astype(np.int8), counts.astype(np.float64)


def expectation_maximisation(comparisons: Sequence[Comparison], levels: Levels,
                             m: Mapping[str, Sequence[float]], share: float = 0.1,
                             u: Mapping[str, Sequence[float]] | None = None,
                             hold: frozenset[str] = frozenset(),
                             labelled_levels: Levels | None = None,
                             labelled_same: NDArray[np.bool_] | None = None,
                             max_iterations: int = 100, tolerance: float = 1e-5) -> Estimate:
    """m (and u when not given) and the match share among `levels`.

    Train on the pairs of one blocking rule at a time, holding (`hold`) the comparisons the rule
    selected on: every pair agrees there, so those pairs say nothing about how often a match
    does. With u from random pairs the rule's pairs must be mostly matches (a shared email);
    with u left to EM (None) it is estimated for these pairs only, since candidates agree far
    more often than random pairs do.

    Labelled rows are analysts' decisions: each counts as one pair whose class is known, so a
    handful corrects m where the unlabelled pairs mislead it, and many outweigh them.
    """
    rows, counts = _distinct(levels)
    if labelled_levels is not None and labelled_same is not None and len(labelled_levels):
        known_rows = labelled_levels.astype(np.int8)
        known = labelled_same.astype(np.float64)
    else:
        known_rows, known = np.zeros((0, len(comparisons)), dtype=np.int8), np.zeros(0)
    every_row = np.vstack([rows, known_rows])
    learn_u = u is None
    u_now: Table = (proportions(comparisons, every_row, np.concatenate([counts, 1.0 - known]))
                    if u is None else {k: list(v) for k, v in u.items()})
    current = {k: list(v) for k, v in m.items()}
    if not len(rows):
        return Estimate(current, u_now, share, 0, True)
    for iteration in range(1, max_iterations + 1):
        table = weight_table(comparisons, current, u_now)
        posterior = probabilities(match_weights(comparisons, rows, table), share)
        new_share = float(np.clip((posterior * counts).sum() / counts.sum(), 1e-6, 0.999))
        if learn_u:
            u_now = proportions(comparisons, every_row,
                                np.concatenate([(1.0 - posterior) * counts, 1.0 - known]))
        updated = proportions(comparisons, every_row, np.concatenate([posterior * counts, known]))
        updated.update({name: current[name] for name in hold})
        change = max(abs(a - b) for name in updated
                     for a, b in zip(updated[name], current[name], strict=True))
        change = max(change, abs(new_share - share))
        current, share = updated, new_share
        if change < tolerance:
            return Estimate(current, u_now, share, iteration, True)
    return Estimate(current, u_now, share, max_iterations, False)
