"""Which suspect accounts belong to one person, across platforms and after bans.

The pipeline, data flowing one way: normalise (`linking.normalise.accounts`: records into
folded features, as integer codes) -> block (`linking.block.accounts`: cheap exact keys) ->
compare (`linking.compare.accounts`: a level per comparison for every candidate pair) ->
estimate (`linking.estimate`: u from random pairs, m by EM over the blocked pairs, the prior)
-> score (`linking.score`: weights, probability, explanation) -> cluster (`linking.cluster`:
average linkage over every pair of a linked group, so weak links do not chain).

A pair is a link when its probability reaches THRESHOLD, the same rule on every file: a wrong
attribution costs an analyst's time and may point police at the wrong person, so it is taken to
cost nine missed links (link when P(one person) >= 9/(9+1)). Probabilities are calibrated by
the estimation, so the rule needs no tuning to a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from linking import estimate
from linking.block.accounts import BLOCK_CAP, key_rows
from linking.block.pairs import block_pairs
from linking.cluster import cluster
from linking.compare import accounts as comparing
from linking.compare.accounts import (
    BIO,
    COMPARISONS,
    COUNTED,
    DISPLAY,
    DOB,
    EMAIL,
    FIRST,
    HANDLE,
    LAST,
    PHONE,
    POSTCODE,
    RARE,
    VALUED,
    Counts,
)
from linking.evidence import Match
from linking.normalise.accounts import AccountFeatures, normalise_account
from linking.normalise.columns import Columns, distinct
from linking.score import Explainer, Levels, Table, match_weights, probabilities
from linking.score import weight_table as weights_of

THRESHOLD = 0.9
# Two groups of accounts merge only while a random pair across them is more likely than not one
# person (mean probability over every cross pair): one strong link cannot pull in a group whose
# other members are against it.
COHESION = 0.5
# Linked groups up to this size have every pair inside compared before clustering; bigger ones
# (rare) are clustered on their candidate pairs, pairs never compared counting as 0.
COMPLETE = 60
# Random pairs per comparison; the handle's rare levels need more of them than the rest do.
RANDOM_PAIRS = 200_000
HANDLE_PAIRS = 500_000
STORED_VALUES = 20_000
ROUNDS = 3
SETTLE = 10
# Settling stops when no level's u moves by more than this (log2: a thousandth of a bit).
SETTLED = 1e-3
# EM runs once per rule on the candidate pairs that rule selects, holding what it selected on.
# Rules select on rare values (a name few accounts carry): among pairs sharing a common name,
# one person's pairs are too few for EM to tell them from the rest.
RULES: tuple[estimate.Rule, ...] = (
    (lambda levels: levels[:, EMAIL] == 2, frozenset({"email"})),
    (lambda levels: levels[:, PHONE] == 2, frozenset({"phone"})),
    (lambda levels: np.isin(levels[:, HANDLE], (6, 8, 9, 13)), frozenset({"handle"})),
    (lambda levels: (levels[:, FIRST] >= 3) & (levels[:, LAST] == 5),
     frozenset({"first name", "family name"})),
    (lambda levels: levels[:, DISPLAY] == 5, frozenset({"display name"})),
    (lambda levels: levels[:, DOB] == 3, frozenset({"date of birth"})),
    (lambda levels: levels[:, POSTCODE] == 3, frozenset({"postcode"})),
)
# Handle levels whose random pairs are one person's: rare or signed usernames, slips in a
# signed number (`_owned_u`).
_OWNED = (9, 13)
# Email and phone learn m from each other's pairs (rules 0 and 1) when there are any.
_ANCHORED = {"email": frozenset({1}), "phone": frozenset({0})}
_EXACT = {FIRST: ("first", 5, 4), LAST: ("last", 5, 4), DISPLAY: ("display", 5, 4)}
_SHARED = {DOB: ("dob", 3), POSTCODE: ("postcode", 3), EMAIL: ("email", 2),
           PHONE: ("phone", 2)}
# The levels whose u is counted exactly (`_shared_u`), so that the matches among their random
# pairs can be taken out (`estimate.corrected_u`), by comparison name.
_COUNTED_LEVELS = {
    **{COMPARISONS[c].name: (rare, common) for c, (_, rare, common) in _EXACT.items()},
    **{COMPARISONS[c].name: (level,) for c, (_, level) in _SHARED.items()},
    COMPARISONS[HANDLE].name: (9, 10, 11, 12, 13),
    COMPARISONS[BIO].name: (1, 2, 3)}
# Comparisons whose agreeing pairs all share a blocking key (email, phone, a handle a bio names).
_IDENTIFIERS = (EMAIL, PHONE, BIO)


@dataclass
class AccountModel:
    """Fellegi–Sunter parameters: m and u per comparison level, the prior, common values."""

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float
    records: int
    frequencies: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"m": self.m, "u": self.u, "prior": self.prior, "records": self.records,
                "frequencies": self.frequencies}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AccountModel:
        return cls(m={k: list(v) for k, v in data["m"].items()},
                   u={k: list(v) for k, v in data["u"].items()}, prior=float(data["prior"]),
                   records=int(data["records"]),
                   frequencies={k: dict(v) for k, v in data.get("frequencies", {}).items()})

    def weights(self) -> dict[str, NDArray[np.float64]]:
        return weights_of(COMPARISONS, self.m, self.u)

    def fits(self) -> bool:
        """Whether the model has a weight for every level of every comparison: one stored
        before a comparison gained a level cannot score pairs until the next relinking."""
        return all(len(self.m.get(c.name, ())) == len(self.u.get(c.name, ())) == len(c.levels)
                   for c in COMPARISONS)


@dataclass(frozen=True, slots=True)
class AccountLinkage:
    clusters: dict[str, str]
    links: list[Match]
    model: AccountModel


def _columns(features: Iterable[AccountFeatures]) -> Columns:
    return Columns(comparing.SCALARS, comparing.SETS, features)


def _counts(columns: Columns) -> dict[str, NDArray[np.int64]]:
    return {name: columns.counts(name) for name in COUNTED}


def _candidates(columns: Columns) -> NDArray[np.int64]:
    keys, owners = key_rows(columns)
    return block_pairs(keys, owners, columns.size, BLOCK_CAP)


def _carriers(columns: Columns) -> list[NDArray[np.bool_]]:
    """Per comparison, the accounts that carry what it compares (the others are missing)."""
    scalar = columns.scalar
    carried = [scalar["handle"], scalar["first"], scalar["last"], scalar["display"],
               scalar["dob"], scalar["postcode"], scalar["email"], scalar["phone"], None,
               scalar["platform"]]
    return [np.ones(columns.size, dtype=bool) if codes is None else codes >= 0
            for codes in carried]


def _sampled_u(columns: Columns, counts: Counts, rng: np.random.Generator) -> Table:
    """u per comparison from random pairs of the accounts that carry its field. The handle's
    pairs are drawn in two strata, pairs sharing the handle's letters (exactly counted, then
    sampled within) and the rest, since at a million accounts uniform pairs almost never
    share letters."""
    levels_of: list[NDArray[np.int8]] = []
    for column, carriers in enumerate(_carriers(columns)):
        among = np.flatnonzero(carriers)
        if len(among) < 2:
            levels_of.append(np.zeros(0, dtype=np.int8))
            continue
        pairs = estimate.random_pairs(among, HANDLE_PAIRS if column == HANDLE else RANDOM_PAIRS,
                                      rng)
        levels_of.append(comparing.compare_one(columns, pairs, counts, column))
    table = {}
    for column, comparison in enumerate(COMPARISONS):
        found = np.bincount(levels_of[column], minlength=len(comparison.levels)).astype(float)
        found += estimate.SMOOTHING
        if comparison.missing_first:
            found[0] = 0.0
        table[comparison.name] = list(found / found.sum())
    table["handle"] = _handle_u(columns, counts, table["handle"], levels_of[HANDLE], rng)
    return table


def _handle_u(columns: Columns, counts: Counts, uniform: list[float],
              uniform_levels: NDArray[np.int8], rng: np.random.Generator) -> list[float]:
    letters = np.where(columns.scalar["handle"] >= 0, columns.scalar["letters"], -1)
    share = estimate.shared_share(letters, int((columns.scalar["handle"] >= 0).sum()))
    carriers = np.flatnonzero(letters >= 0)
    if share <= 0 or len(carriers) < 2:
        return uniform
    # Groups in the order of their first account (accounts are in id order), not of their
    # codes: codes number values as they were first met, so a draw over groups in code order
    # would hang on the order the accounts came in, and so would the persons found.
    codes = letters[carriers]
    first = np.full(columns.vocabulary_size + 1, len(letters), dtype=np.int64)
    np.minimum.at(first, codes, carriers)
    order = carriers[np.lexsort((carriers, first[codes]))]
    sorted_codes = letters[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    sizes = np.diff(np.r_[starts, len(order)]).astype(np.float64)
    weights = sizes * (sizes - 1)
    picked = rng.choice(len(starts), RANDOM_PAIRS, p=weights / weights.sum())
    first = rng.integers(0, sizes[picked].astype(np.int64))
    second = rng.integers(0, sizes[picked].astype(np.int64) - 1)
    second += second >= first
    a, b = order[starts[picked] + first], order[starts[picked] + second]
    within = comparing.compare_one(
        columns, np.column_stack([np.minimum(a, b), np.maximum(a, b)]), counts, HANDLE)
    size = len(COMPARISONS[HANDLE].levels)
    inside = np.bincount(within, minlength=size) / len(within)
    # Uniform pairs that happen to share letters belong to the first stratum.
    rest_levels = uniform_levels[~np.isin(uniform_levels, (2, 3, 5, 6, 9, 10, 11, 12, 13))]
    rest = (np.bincount(rest_levels, minlength=size) + estimate.SMOOTHING) / (
        len(rest_levels) + estimate.SMOOTHING * size)
    mixed = share * inside + (1.0 - share) * rest
    mixed[0] = 0.0
    return list(mixed / mixed.sum())


def _shared_u(columns: Columns, counts: Counts, table: Table) -> Table:
    """Levels that mean "the same value" get their exact share of random pairs, by value counts:
    sampling would miss the rare ones."""
    table = {name: list(values) for name, values in table.items()}
    carriers = _carriers(columns)
    exact: dict[int, list[tuple[int, float]]] = {}
    for column, (name, rare_level, common_level) in _EXACT.items():
        codes, held = columns.scalar[name], int(carriers[column].sum())
        exact[column] = [(rare_level, estimate.shared_share(codes, held, RARE)),
                         (common_level, estimate.shared_share(codes, held, RARE, common=True))]
    for column, (name, level) in _SHARED.items():
        codes = columns.scalar[name]
        exact[column] = [(level, estimate.shared_share(codes, int((codes >= 0).sum())))]
    handle, held = columns.scalar["handle"], int(carriers[HANDLE].sum())
    numbered = np.where(columns.scalar["digits"] >= 0, handle, -1)
    bare = np.where(numbered < 0, handle, -1)
    common_letters = counts["letters"][columns.scalar["letters"]] > RARE
    # A username with a signed tail is "same username" however many accounts carry it
    # (`comparing.signed`): its pairs are one person's, so they are no part of u.
    unsigned = np.where(comparing.signed(columns, columns.scalar["digits"]), -1, numbered)
    exact[HANDLE] = [(10, estimate.shared_share(np.where(common_letters, bare, -1), held)),
                     (11, estimate.shared_share(np.where(common_letters, -1, bare), held)),
                     (13, estimate.shared_share(numbered, held, RARE)),
                     (12, estimate.shared_share(unsigned, held, RARE, common=True))]
    exact[BIO] = list(zip((1, 2, 3), _named_shares(columns, counts), strict=True))
    for column, fixed in exact.items():
        name = COMPARISONS[column].name
        values = np.asarray(table[name])
        floor = estimate.SMOOTHING / max(estimate.pairs_among(carriers[column].sum()), 1.0)
        pinned = [level for level, _ in fixed]
        free = [level for level in range(int(COMPARISONS[column].missing_first), len(values))
                if level not in pinned]
        total = sum(max(share, floor) for _, share in fixed)
        values[free] *= (1.0 - total) / max(values[free].sum(), 1e-300)
        for level, share in fixed:
            values[level] = max(share, floor)
        table[name] = [float(x) for x in values]
    return table


def _named_shares(columns: Columns, counts: Counts) -> tuple[float, float, float]:
    """The share of all pairs in which one account's bio names the other's handle, for a
    handle more than RARE accounts carry, for a rarer one, and for a rarer one it calls its
    own, counted exactly from the handles bios name: random pairs see a handful, and most of
    those are one person's, which the correction of u can only take out of a count it can
    trust."""
    handle = columns.scalar["handle"]
    all_pairs = max(estimate.pairs_among(columns.size), 1.0)
    standing = comparing.named_counts(columns, counts)

    def pairs(name: str) -> tuple[float, float]:
        owners, at = np.nonzero(columns.sets[name] >= 0)
        named = columns.sets[name][owners, at]
        others = counts["handle"][named] - (handle[owners] == named)
        common = standing[named] > RARE
        return float(others[common].sum()), float(others[~common].sum())

    common, rare = pairs("mentions")
    claimed = pairs("claims")[1]
    return common / all_pairs, (rare - claimed) / all_pairs, claimed / all_pairs


class _Settling:
    """What the settling of u against the matches found needs, computed once: the distinct
    rows of levels (the candidates' millions of pairs are a few thousand outcomes), how many
    pairs each stands for, and per identifier level which rows are at it and over how many
    pairs its u is counted."""

    def __init__(self, columns: Columns, levels: Levels) -> None:
        self.rows, self.often = estimate.distinct_rows(levels)
        carriers = _carriers(columns)
        self.at: dict[str, list[tuple[int, NDArray[np.bool_], float]]] = {}
        for column in _IDENTIFIERS:
            comparison = COMPARISONS[column]
            among = max(estimate.pairs_among(carriers[column].sum()), 1.0)
            self.at[comparison.name] = [
                (level, self.rows[:, column] == level, among)
                for level in _COUNTED_LEVELS[comparison.name]]

    def prior(self, m: Table, u: Table, all_pairs: float) -> tuple[float, NDArray[np.float64]]:
        """The prior and the summed weight of each distinct row."""
        weights = match_weights(COMPARISONS, self.rows, weights_of(COMPARISONS, m, u))
        return estimate.prior_of(weights, all_pairs, often=self.often), weights

    def found(self, weights: NDArray[np.float64], prior: float) -> dict[str, dict[int, float]]:
        """Per identifier level (the same email, the same phone, a bio naming the other), the
        matches expected among its pairs as a share of the pairs its u is counted over: every
        pair at those levels shares a blocking key, so the candidates hold them all."""
        expected = probabilities(weights, prior) * self.often
        return {name: {level: float(expected[rows].sum() / among) for level, rows, among in at}
                for name, at in self.at.items()}


def _start_m() -> Table:
    """Where EM starts: most of one person's pairs agree, the top level commonest."""
    table = {}
    for comparison in COMPARISONS:
        size = len(comparison.levels)
        first = 1 if comparison.missing_first else 0
        values = np.zeros(size)
        values[first:] = 2.0 ** np.arange(size - first)
        values[first] = 0.1 * values[first:].sum()
        table[comparison.name] = list(values / values.sum())
    return table


def _frequencies(columns: Columns, counts: Counts) -> dict[str, dict[str, int]]:
    """Counts of the commonest values (more than RARE accounts, at most STORED_VALUES per
    feature): what a stored model needs to weigh one new pair. Other values count as rare."""
    table = {}
    for name in COUNTED:
        common = np.flatnonzero(counts[name][:-1] > RARE)
        common = common[np.argsort(-counts[name][common], kind="stable")[:STORED_VALUES]]
        table[name] = {str(columns.strings[c]): int(counts[name][c]) for c in common}
    return table


def _selecting(compared: comparing.Compared) -> Levels:
    """The levels training rules select on: the names as they alone say them."""
    selecting = compared.levels.copy()
    selecting[:, [FIRST, LAST, DISPLAY]] = compared.said
    return selecting


def _train(columns: Columns, counts: Counts, compared: comparing.Compared,
           labelled: Iterable[tuple[str, str, bool]], seed: int,
           accounts: comparing.PerAccount) -> AccountModel:
    """`accounts`: the `comparing.per_account` the candidates were compared with, reused for
    the labelled pairs rather than computed again."""
    levels = compared.levels
    random_u = _shared_u(columns, counts,
                         _sampled_u(columns, counts, np.random.default_rng(seed)))
    index = {name: i for i, name in enumerate(columns.ids)}
    known = [(index[a], index[b], same) for a, b, same in labelled
             if a in index and b in index and a != b]
    known_pairs = np.asarray([[min(a, b), max(a, b)] for a, b, _ in known],
                             dtype=np.int64).reshape(-1, 2)
    known_levels = (comparing.compare(columns, known_pairs, counts, accounts).levels if known
                    else None)
    known_same = np.asarray([same for *_, same in known], dtype=bool)
    all_pairs = estimate.pairs_among(columns.size)
    m, u, prior = _start_m(), random_u, 1.0 / max(columns.size, 2)
    selecting = _selecting(compared)
    settling = _Settling(columns, levels)
    for _ in range(ROUNDS):
        m = estimate.train_m(COMPARISONS, levels, RULES, m, known_levels, known_same,
                             anchored=_ANCHORED, selecting=selecting)
        # The matches found among an identifier's pairs and its u depend on each other: a
        # few steps bring them to where they agree, and stop once they do.
        for _ in range(SETTLE):
            prior, weights = settling.prior(m, u, all_pairs)
            settled = estimate.corrected_u(COMPARISONS, random_u, m, prior, all_pairs,
                                           _COUNTED_LEVELS, found=settling.found(weights, prior))
            settled["handle"] = _owned_u(random_u["handle"], settled["handle"], all_pairs)
            moved = max(float(np.max(np.abs(np.log2(np.maximum(settled[name], 1e-300))
                                            - np.log2(np.maximum(u[name], 1e-300)))))
                        for name in settled)
            u = settled
            if moved < SETTLED:
                break
    # A field no two accounts carry was never compared: it weighs nothing.
    for column, carriers in enumerate(_carriers(columns)):
        if carriers.sum() < 2:
            u[COMPARISONS[column].name] = list(m[COMPARISONS[column].name])
    prior = settling.prior(m, u, all_pairs)[0]
    return AccountModel(m=m, u=u, prior=prior, records=columns.size,
                        frequencies=_frequencies(columns, counts))


def _owned_u(random: Sequence[float], corrected: Sequence[float], all_pairs: float
             ) -> list[float]:
    """u of the username levels no two people are expected to share by chance (a rare or
    signed username, one slip in a signed number): their random pairs are one person's but
    for the noise of their count, which is all that is left to two people. Subtracting the
    expected matches instead leaves a small difference of two large estimates, as wrong as
    the prior is: a prior a third too low left u seven times too high."""
    values = np.asarray(corrected, dtype=np.float64)
    for level in _OWNED:
        values[level] = estimate.count_noise(random[level], all_pairs)
    return [float(x) for x in values / values.sum()]


def train(features: Sequence[AccountFeatures],
          labelled: Iterable[tuple[str, str, bool]] = (), seed: int = 0) -> AccountModel:
    """u from random pairs, m and the prior by EM over blocked pairs, labels held at their class.

    `labelled` holds analysts' decisions as (account, account, same person?).
    """
    columns = _columns(features)
    counts = _counts(columns)
    accounts = comparing.per_account(columns, counts)
    compared = comparing.compare_chunked(columns, _candidates(columns), counts,
                                         accounts=accounts)
    return _train(columns, counts, compared, labelled, seed, accounts)


@dataclass(frozen=True, slots=True)
class _Scored:
    """Scored pairs with what their explanation needs."""

    pairs: NDArray[np.int64]
    probability: NDArray[np.float64]
    levels: Levels
    carried: NDArray[np.int32]
    model: AccountModel

    def matches(self, ids: Sequence[str], rows: NDArray[np.intp]) -> list[Match]:
        """The chosen rows as explained matches (every comparison's weight, the prior)."""
        table = self.model.weights()
        explain = Explainer(COMPARISONS, self.model.prior, "accounts").match
        carried = np.zeros((len(rows), len(COMPARISONS)), dtype=np.int64)
        carried[:, list(VALUED)] = self.carried[rows]
        levels = self.levels[rows]
        weights = np.column_stack([table[c.name][levels[:, i]]
                                   for i, c in enumerate(COMPARISONS)])
        return [explain(ids[left], ids[right], row, weight, shared, p)
                for left, right, row, weight, shared, p in zip(
                    self.pairs[rows, 0].tolist(), self.pairs[rows, 1].tolist(),
                    levels.tolist(), weights.tolist(), carried.tolist(),
                    self.probability[rows].tolist(), strict=True)]


def _score(columns: Columns, pairs: NDArray[np.int64], counts: Counts,
           model: AccountModel, compared: comparing.Compared | None = None,
           accounts: comparing.PerAccount | None = None) -> _Scored:
    """Pairs scored; `compared`, their levels and carried counts when already computed;
    `accounts`, `comparing.per_account` when already computed."""
    levels, carried, _ = compared or comparing.compare_chunked(columns, pairs, counts,
                                                               accounts=accounts)
    probability = probabilities(match_weights(COMPARISONS, levels, model.weights()), model.prior)
    return _Scored(pairs, probability, levels, carried, model)


def compare(a: AccountFeatures, b: AccountFeatures, model: AccountModel) -> Match:
    """One pair, explained: every comparison's level and weight, and the probability.

    Common values are judged by the model's stored counts, since two accounts alone cannot say
    how many others share a name.
    """
    columns = _columns([a, b])
    counts = {name: np.asarray([model.frequencies.get(name, {}).get(str(s), 2)
                                for s in columns.strings], dtype=np.int64) for name in COUNTED}
    scored = _score(columns, np.asarray([[0, 1]], dtype=np.int64), counts, model)
    return scored.matches(columns.ids, np.arange(1))[0]


def _rescaled(model: AccountModel, size: int) -> AccountModel:
    """The model's prior for a population of `size`: each account has about as many other
    accounts of its person wherever it is, so the chance for a random pair falls as 1/size."""
    if size == model.records:
        return model
    prior = min(0.5, model.prior * max(model.records - 1, 1) / max(size - 1, 1))
    return AccountModel(m=model.m, u=model.u, prior=prior, records=size,
                        frequencies=model.frequencies)


def _groups(size: int, pairs: NDArray[np.int64]) -> NDArray[np.int32]:
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(size, size))
    return connected_components(graph, directed=False)[1].astype(np.int32)


def _within_groups(columns: Columns, pairs: NDArray[np.int64], linked: NDArray[np.int64]
                   ) -> NDArray[np.int64]:
    """Every pair inside each linked group of at most COMPLETE accounts, and the candidate pairs
    inside bigger groups: what the clustering weighs."""
    group = _groups(columns.size, linked)
    sizes = np.bincount(group)
    members = np.flatnonzero(sizes[group] >= 2)
    small = members[sizes[group[members]] <= COMPLETE]
    inside = block_pairs(group[small].astype(np.int64), small.astype(np.int64), columns.size,
                         COMPLETE)
    big = (sizes[group[pairs[:, 0]]] > COMPLETE) & (group[pairs[:, 0]] == group[pairs[:, 1]])
    return np.vstack([inside, pairs[big]])


def link_accounts(records: Iterable[Mapping[str, Any]], model: AccountModel | None = None,
                  must_link: Iterable[tuple[str, str]] = (),
                  cannot_link: Iterable[tuple[str, str]] = (),
                  progress: Callable[[int], None] | None = None) -> AccountLinkage:
    """Cluster accounts into persons; cluster ids are the smallest account id in each.

    Analysts' decisions bind the clustering and, when no model is given, train it.
    """
    columns = Columns(comparing.SCALARS, comparing.SETS)
    for count, record in enumerate(records, start=1):
        columns.add(normalise_account(record))
        if progress and count % 10_000 == 0:
            progress(10_000)
    columns.freeze()
    if progress:
        progress(columns.size % 10_000)
    must, cannot = list(must_link), list(cannot_link)
    counts = _counts(columns)
    pairs = _candidates(columns)
    accounts = comparing.per_account(columns, counts)
    compared = comparing.compare_chunked(columns, pairs, counts, accounts=accounts)
    if model is None:
        labelled = [(a, b, True) for a, b in must] + [(a, b, False) for a, b in cannot]
        model = _train(columns, counts, compared, labelled, 0, accounts)
    model_here = _rescaled(model, columns.size)
    scored = _score(columns, pairs, counts, model_here, compared)
    del compared
    index = {name: i for i, name in enumerate(columns.ids)}
    decided = np.asarray([[index[a], index[b]] for a, b in must if a in index and b in index],
                         dtype=np.int64).reshape(-1, 2)
    linked = np.vstack([pairs[scored.probability >= THRESHOLD], decided])
    weighed = _score(columns, _within_groups(columns, pairs, linked), counts,
                     model_here, accounts=accounts)
    ids = columns.ids
    involved = {ids[i] for i in distinct(weighed.pairs.ravel()).tolist()}
    involved.update(name for pair in (*must, *cannot) for name in pair)
    candidates = [Match(ids[a], ids[b], p) for a, b, p in zip(
        weighed.pairs[:, 0].tolist(), weighed.pairs[:, 1].tolist(),
        weighed.probability.tolist(), strict=True)]
    clusters = dict(zip(ids, ids, strict=True))
    clusters.update(cluster(involved, candidates, THRESHOLD, must, cannot, cohesion=COHESION))
    kept = np.flatnonzero((weighed.probability >= THRESHOLD) & np.asarray(
        [clusters[ids[a]] == clusters[ids[b]] for a, b in weighed.pairs.tolist()], dtype=bool))
    return AccountLinkage(clusters=clusters, links=weighed.matches(ids, kept), model=model)
