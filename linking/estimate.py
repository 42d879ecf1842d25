"""Estimate: the m and u probabilities and the prior, from the records themselves.

- u, the chance of each level between two different people, comes from random pairs: sampled
  pairs for graded levels, and for a value shared exactly, the exact share of all pairs that
  share one (from value counts; sampling would miss a value two accounts in a million share).
  Random pairs hold a few true matches, which for an identifier (an email, a rare username) are
  most of the pairs that agree: so u is corrected by the matches the model expects among them.
- m, the chance of each level within one person, comes from expectation–maximisation over the
  blocked pairs, one training rule at a time, holding the comparisons each rule selected on
  (every pair agrees there, so those pairs say nothing about how often a match does); each
  comparison's m is the mean over the rules that learnt it. Analysts' decisions enter as pairs
  whose class is known. EM runs over distinct level rows with their counts, so a million pairs
  cost what a few thousand do.
- The prior, the chance that two random records match, is the fixed point of "expected matches
  among the candidate pairs over all pairs" (non-candidates count as non-matches).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from linking.compare.levels import Comparison
from linking.score import Levels, Table, match_weights, probabilities, weight_table

# Laplace-style smoothing so that a level never seen still has a finite weight.
SMOOTHING = 0.5
Rule = tuple[Callable[[Levels], NDArray[np.bool_]], frozenset[str]]


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
    in says nothing about a match, and a field that few records carry (a phone) must still
    weigh as much as its agreement says. The missing level keeps a share of 0.
    """
    table = {}
    for column, comparison in enumerate(comparisons):
        counts = np.bincount(levels[:, column], weights=weights,
                             minlength=len(comparison.levels)).astype(np.float64)
        smoothed = counts + SMOOTHING
        if comparison.missing_first:
            smoothed[0] = 0.0
        table[comparison.name] = [float(x) for x in smoothed / smoothed.sum()]
    return table


def random_pairs(among: NDArray[np.int64], count: int, rng: np.random.Generator
                 ) -> NDArray[np.int64]:
    left, right = rng.choice(among, count), rng.choice(among, count)
    keep = left != right
    return np.column_stack([np.minimum(left, right), np.maximum(left, right)])[keep]


def pairs_among(count: float) -> float:
    return count * (count - 1) / 2


def shared_share(codes: NDArray[np.int32], carriers: int, rare: int | None = None,
                 common: bool = False) -> float:
    """The share of all pairs of `carriers` records that carry one value of `codes` (-1 is
    none); with `rare`, only values at most `rare` records hold (or, `common`, more)."""
    carried = codes[codes >= 0]
    if len(carried) < 2 or carriers < 2:
        return 0.0
    counts = np.bincount(carried).astype(np.float64)
    if rare is not None:
        counts = counts[counts > rare] if common else counts[counts <= rare]
    return float((counts * (counts - 1)).sum() / (carriers * (carriers - 1.0)))


def corrected_u(comparisons: Sequence[Comparison], u: Mapping[str, Sequence[float]],
                m: Mapping[str, Sequence[float]], prior: float, all_pairs: float,
                counted: Mapping[str, Sequence[int]],
                found: Mapping[str, Mapping[int, float]] | None = None) -> Table:
    """u among non-matches from u among random pairs: random = prior·m + (1 − prior)·u, for
    the `counted` levels (exact shares from value counts); a sampled share is too noisy for a
    difference of two small numbers, and its matches are too few to matter.

    The non-matching pairs left are never fewer than the noise of the count they came from
    (its square root, as for a Poisson count): the difference of two estimates cannot claim
    more certainty than either has.

    `found` gives, for some comparisons' levels, the matches the model expects among the pairs
    at that level, as a share of the pairs u is counted over: for an identifier every pair
    that agrees is a candidate, so the model's own posterior over those very pairs counts
    their matches, where prior·m would assume that pairs of records carrying an email match
    as seldom as pairs at large (people who give their email on one account give it on the
    others, so they match far more often)."""
    table = {name: list(values) for name, values in u.items()}
    for comparison in comparisons:
        levels = list(counted.get(comparison.name, ()))
        if not levels:
            continue
        random = np.asarray(u[comparison.name], dtype=np.float64)
        within = np.asarray(m[comparison.name], dtype=np.float64)
        apart = random.copy()
        floor = np.asarray([count_noise(random[level], all_pairs) for level in levels])
        matches = prior * within[levels]
        if found and comparison.name in found:
            matches = np.asarray([found[comparison.name][level] for level in levels])
        apart[levels] = np.maximum(random[levels] - matches, floor)
        table[comparison.name] = [float(x) for x in apart / apart.sum()]
    return table


def count_noise(share: float, all_pairs: float) -> float:
    """The noise of a share of all pairs counted exactly (the square root of its count, as for
    a Poisson count), never below the smoothing's."""
    return float(max(np.sqrt(max(share, 0.0) * all_pairs), SMOOTHING) / max(all_pairs, 1.0))


def prior_of(weights: NDArray[np.float64], all_pairs: float, rounds: int = 100,
             often: NDArray[np.float64] | None = None) -> float:
    """The chance that two random records match, given the candidates' summed weights: the
    fixed point of (expected matches among the candidates) / (all pairs). `often`: how many
    candidates each weight stands for (distinct rows of levels), one each when not given."""
    candidates = len(weights) if often is None else float(often.sum())
    prior = min(0.5, max(candidates, 1) / max(all_pairs, 1.0))
    for _ in range(rounds):
        expected = probabilities(weights, prior)
        if often is not None:
            expected = expected * often
        found = float(np.clip(expected.sum() / max(all_pairs, 1.0), 1e-15, 0.5))
        if abs(np.log2(found / prior)) < 1e-4:
            return found
        prior = found
    return prior


def distinct_rows(levels: Levels) -> tuple[Levels, NDArray[np.float64]]:
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

    With u from random pairs, the pairs must be mostly selected on `hold`; with u left to EM
    (None) it is estimated for these pairs only. Labelled rows are analysts' decisions: each
    counts as one pair whose class is known, so a handful corrects m where the unlabelled pairs
    mislead it, and many outweigh them.
    """
    rows, counts = distinct_rows(levels)
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


def train_m(comparisons: Sequence[Comparison], levels: Levels, rules: Sequence[Rule],
            start: Table, labelled_levels: Levels | None = None,
            labelled_same: NDArray[np.bool_] | None = None, minimum: int = 50,
            anchored: Mapping[str, frozenset[int]] | None = None,
            selecting: Levels | None = None) -> Table:
    """m per comparison as the mean of EM's estimates on each rule's pairs, each weighted by the
    matches EM found there that carry the comparison's field on both sides: a rule whose pairs
    seldom show an email says little about how often one person's emails agree (rules with
    fewer than `minimum` pairs are skipped; a comparison no rule learnt keeps its start).
    `anchored` names comparisons learnt only from the rules given (by index) while any of those
    has pairs: an identifier's m from pairs another identifier makes one person, since pairs
    that merely share a name hold enough different people to make one person's emails look as
    if they often differ.

    EM learns u too, among the rule's pairs only: two people whose names agree share far more
    of their handle than two random people (handles are built from names), so random u would
    count those agreements as matches.

    `selecting`, when given, is what the rules select on (row for row with `levels`): levels
    as each field alone says them, where `levels` may have taken the weight off a field that
    repeats another (a name the handle spells). Selecting on those would keep a rule on names
    from ever seeing the handle levels that spell the name, and so from learning their m."""
    estimates: dict[str, list[list[float]]] = {c.name: [] for c in comparisons}
    found_matches: dict[str, list[float]] = {c.name: [] for c in comparisons}
    sources: dict[str, list[int]] = {c.name: [] for c in comparisons}
    for number, (rule, held) in enumerate(rules):
        rows = rule(levels if selecting is None else selecting)
        if rows.sum() < minimum:
            continue
        estimate = expectation_maximisation(
            comparisons, levels[rows], start, share=0.5, hold=held,
            labelled_levels=labelled_levels, labelled_same=labelled_same)
        chosen, counts = distinct_rows(levels[rows])
        posterior = counts * probabilities(match_weights(
            comparisons, chosen, weight_table(comparisons, estimate.m, estimate.u)),
            estimate.share)
        for column, comparison in enumerate(comparisons):
            if comparison.name not in held:
                present = chosen[:, column] > 0 if comparison.missing_first else True
                estimates[comparison.name].append(estimate.m[comparison.name])
                found_matches[comparison.name].append(float((posterior * present).sum()))
                sources[comparison.name].append(number)
    for name, allowed in (anchored or {}).items():
        keep = [i for i, number in enumerate(sources[name])
                if number in allowed and found_matches[name][i] > 0]
        if keep:
            estimates[name] = [estimates[name][i] for i in keep]
            found_matches[name] = [found_matches[name][i] for i in keep]
    return {name: [float(x) for x in np.average(found, axis=0, weights=found_matches[name])]
            if found and sum(found_matches[name]) > 0 else start[name]
            for name, found in estimates.items()}
