"""Estimation and scoring: EM recovers m from unlabelled pairs, labels correct it, random pairs
give u net of their matches, probabilities hold."""

from __future__ import annotations

import numpy as np
import pytest

from linking import estimate as fs
from linking import score
from linking.compare.levels import Comparison, banded

COMPARISONS = (
    Comparison("email", ("missing", "different", "same")),
    Comparison("name", ("missing", "different", "similar", "same")),
    Comparison("dob", ("missing", "different", "same")),
)
# Shares among pairs where both sides carry the field (level 0, missing, has none).
TRUE_M = {"email": [0, 0.1, 0.9], "name": [0, 0.125, 0.25, 0.625], "dob": [0, 0.1, 0.9]}
TRUE_U = {"email": [0, 0.98, 0.02], "name": [0, 0.875, 0.0875, 0.0375], "dob": [0, 0.97, 0.03]}
MISSING = {"email": 0.5, "name": 0.2, "dob": 0.7}


def sample(count: int, share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs whose levels are drawn independently per comparison from m or u, with a field
    missing as often for matches as for non-matches."""
    rng = np.random.default_rng(seed)
    same = rng.random(count) < share
    columns = []
    for comparison in COMPARISONS:
        m, u = TRUE_M[comparison.name], TRUE_U[comparison.name]
        drawn = np.where(same, rng.choice(len(m), count, p=m), rng.choice(len(u), count, p=u))
        drawn[rng.random(count) < MISSING[comparison.name]] = 0
        columns.append(drawn)
    return np.column_stack(columns).astype(np.int8), same


def flat_start() -> score.Table:
    return {c.name: [0.0] + [1 / (len(c.levels) - 1)] * (len(c.levels) - 1)
            for c in COMPARISONS}


def test_em_converges_to_the_m_that_made_the_pairs() -> None:
    levels, same = sample(40_000, 0.2, seed=1)
    estimate = fs.expectation_maximisation(COMPARISONS, levels, flat_start(), share=0.5,
                                           u=TRUE_U)
    assert estimate.converged
    assert estimate.share == pytest.approx(same.mean(), abs=0.02)
    for name, m in TRUE_M.items():
        assert estimate.m[name][1:] == pytest.approx(m[1:], abs=0.03)


def test_em_learns_u_too_when_it_is_not_given() -> None:
    levels, same = sample(40_000, 0.3, seed=2)
    start = {"email": [0, 0.2, 0.8], "name": [0, 0.1, 0.3, 0.6], "dob": [0, 0.2, 0.8]}
    estimate = fs.expectation_maximisation(COMPARISONS, levels, start, share=0.5)
    assert estimate.share == pytest.approx(same.mean(), abs=0.03)
    assert estimate.u["email"][2] < 0.05 < estimate.m["email"][2]


def test_confirmed_pairs_pull_m_towards_what_analysts_saw() -> None:
    levels, _ = sample(2_000, 0.2, seed=3)
    # Analysts confirm many matches whose emails differ: people do change their email.
    confirmed = np.tile(np.array([[1, 3, 2]], dtype=np.int8), (300, 1))
    plain = fs.expectation_maximisation(COMPARISONS, levels, flat_start(), u=TRUE_U)
    taught = fs.expectation_maximisation(COMPARISONS, levels, flat_start(), u=TRUE_U,
                                         labelled_levels=confirmed,
                                         labelled_same=np.ones(300, dtype=bool))
    assert taught.m["email"][1] > 2 * plain.m["email"][1]


def test_rejected_pairs_count_as_non_matches_when_u_is_learnt() -> None:
    levels, _ = sample(2_000, 0.2, seed=3)
    rejected = np.tile(np.array([[1, 3, 2]], dtype=np.int8), (300, 1))
    start = {"email": [0, 0.2, 0.8], "name": [0, 0.1, 0.3, 0.6], "dob": [0, 0.2, 0.8]}
    plain = fs.expectation_maximisation(COMPARISONS, levels, start)
    taught = fs.expectation_maximisation(COMPARISONS, levels, start, labelled_levels=rejected,
                                         labelled_same=np.zeros(300, dtype=bool))
    assert taught.u["name"][3] > plain.u["name"][3]


def test_held_comparisons_keep_their_m() -> None:
    levels, _ = sample(5_000, 0.5, seed=4)
    start = flat_start()
    estimate = fs.expectation_maximisation(COMPARISONS, levels, start, u=TRUE_U,
                                           hold=frozenset({"email"}))
    assert estimate.m["email"] == start["email"]


def test_missing_fields_weigh_nothing_and_agreement_weighs_for() -> None:
    table = score.weight_table(COMPARISONS, TRUE_M, TRUE_U)
    assert table["email"][0] == 0.0
    assert table["email"][2] > 0 > table["email"][1]
    assert table["name"][3] > table["name"][2] > 0 > table["name"][1]


def test_a_value_few_records_carry_moves_to_its_own_level() -> None:
    levels = np.array([3, 3, 1, 0], dtype=np.int8)
    carried = np.array([2, 40, 0, 0])
    assert banded(levels, carried, rare=4).tolist() == [4, 3, 1, 0]


def test_random_pairs_lose_the_matches_among_them() -> None:
    """Half the random pairs sharing an email are one person: u keeps the other half only."""
    u = {"email": [0.0, 0.999, 0.001]}
    m = {"email": [0.0, 0.5, 0.5]}
    corrected = fs.corrected_u(COMPARISONS[:1], u, m, prior=0.001, all_pairs=1e9,
                               counted={"email": (2,)})
    assert corrected["email"][2] == pytest.approx(0.0005, rel=0.01)


def test_matches_found_among_an_identifiers_pairs_leave_u() -> None:
    """Nine in ten random pairs sharing an email are pairs the model found to be one person
    (people who give their email give it on each account): u keeps the tenth, however small
    the prior over all pairs is."""
    u = {"email": [0.0, 0.999, 0.001]}
    m = {"email": [0.0, 0.5, 0.5]}
    corrected = fs.corrected_u(COMPARISONS[:1], u, m, prior=0.000001, all_pairs=1e9,
                               counted={"email": (2,)}, found={"email": {2: 0.0009}})
    assert corrected["email"][2] == pytest.approx(0.0001, rel=0.01)


def test_the_prior_is_the_share_of_expected_matches_among_all_pairs() -> None:
    weights = np.full(100, 40.0)  # a hundred certain matches among a million pairs
    assert fs.prior_of(weights, 1e6) == pytest.approx(1e-4, rel=0.01)


def test_probabilities_are_calibrated() -> None:
    """Of the pairs scored about p, about p are matches: EM's m and share, random u."""
    levels, same = sample(60_000, 0.1, seed=5)
    estimate = fs.expectation_maximisation(COMPARISONS, levels, flat_start(), share=0.5,
                                           u=TRUE_U)
    table = score.weight_table(COMPARISONS, estimate.m, TRUE_U)
    probability = score.probabilities(score.match_weights(COMPARISONS, levels, table),
                                      estimate.share)
    for low, high in ((0.0, 0.2), (0.2, 0.8), (0.8, 1.0)):
        chosen = (probability >= low) & (probability < high)
        assert chosen.sum() > 200
        assert same[chosen].mean() == pytest.approx(probability[chosen].mean(), abs=0.04)


def test_a_rule_selects_on_the_field_as_said_not_as_weighed() -> None:
    """Where one comparison repeats another (a name the handle spells), the repeated one is
    weighed as missing; a rule selecting on that name must still see those pairs, or the
    agreement it repeats looks as if one person's pairs never showed it."""
    levels = sample(20_000, 0.3, seed=11)[0]
    said = levels.copy()
    # Every matching pair that agrees on its email is weighed with its name missing.
    levels[(levels[:, 0] == 2) & (levels[:, 1] == 3), 1] = 0
    rule: fs.Rule = (lambda rows: rows[:, 1] == 3, frozenset({"name"}))

    def email_m(selecting: np.ndarray | None) -> float:
        return fs.train_m(COMPARISONS, levels, [rule], flat_start(),
                          selecting=selecting)["email"][2]

    assert email_m(said) > 0.75
    assert email_m(None) < 0.2


def test_the_prior_over_distinct_rows_is_the_prior_over_every_pair() -> None:
    """Settling runs over distinct outcomes with their counts; it must find what running
    over every pair would."""
    levels, _ = sample(5_000, 0.05, seed=3)
    table = score.weight_table(COMPARISONS, TRUE_M, TRUE_U)
    rows, often = fs.distinct_rows(levels)
    every = fs.prior_of(score.match_weights(COMPARISONS, levels, table), 1e7)
    distinct = fs.prior_of(score.match_weights(COMPARISONS, rows, table), 1e7, often=often)
    assert len(rows) < 100
    assert distinct == pytest.approx(every, rel=1e-9)
