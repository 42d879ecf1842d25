"""Where the account linker loses pairs, read off the truth: every true pair (two accounts of one
person) and every wrongly joined pair, followed through the pipeline's stages.

For each set it prints: how many true pairs blocking never compared; how many it compared but
scored under THRESHOLD; how many scored over it but the clustering split; and, per comparison,
the true pairs missed and the wrong pairs joined grouped by that comparison's level, beside the
level's estimated weight (log2 m/u). Then the model's m, u and prior. The figures in
docs/LINKING.md on why pairs are missed come from here.

    python -m bench.accounts_diagnose --blind 1001 1002 --styles 1 2 --febrl febrl3
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from bench import blind_accounts
from bench.accounts_quality import febrl, styled
from linking import accounts as linker
from linking.compare import accounts as comparing
from linking.compare.accounts import BIO, COMPARISONS, DOB, EMAIL, HANDLE, PHONE, POSTCODE
from linking.normalise.accounts import normalise_account
from linking.normalise.columns import Columns
from linking.score import match_weights, probabilities

Record = dict[str, Any]


def _true_pairs(ids: Sequence[str], truth: Mapping[str, str]) -> set[tuple[int, int]]:
    people: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(ids):
        people[truth[name]].append(i)
    return {(a, b) for members in people.values() for a, b in combinations(sorted(members), 2)}


def diagnose(name: str, records: list[Record], truth: Mapping[str, str], show: int) -> None:
    columns = Columns(comparing.SCALARS, comparing.SETS)
    for record in records:
        columns.add(normalise_account(record))
    columns.freeze()
    ids = columns.ids
    counts = linker._counts(columns)
    candidates = linker._candidates(columns)
    compared = comparing.compare_chunked(columns, candidates, counts)
    model = linker._train(columns, counts, compared, (), 0,
                          comparing.per_account(columns, counts))
    clusters = linker.link_accounts(records, model=model).clusters
    true = _true_pairs(ids, truth)
    blocked = {(int(a), int(b)) for a, b in candidates.tolist()}
    weights = model.weights()
    probability = probabilities(match_weights(COMPARISONS, compared.levels, weights),
                                model.prior)
    scored = {(int(a), int(b)): i for i, (a, b) in enumerate(candidates.tolist())}
    unblocked = true - blocked
    low = {p for p in true & blocked if probability[scored[p]] < linker.THRESHOLD}
    split = {p for p in true & blocked if probability[scored[p]] >= linker.THRESHOLD
             and clusters[ids[p[0]]] != clusters[ids[p[1]]]}
    joined: dict[str, list[int]] = defaultdict(list)
    for i, name_ in enumerate(ids):
        joined[clusters[name_]].append(i)
    wrong = {(a, b) for members in joined.values() for a, b in combinations(sorted(members), 2)
             if truth[ids[a]] != truth[ids[b]]}
    found = sum(len(m) * (len(m) - 1) // 2 for m in joined.values())
    print(f"\n## {name}: {len(ids)} accounts, {len(true)} true pairs, {len(blocked)} candidate "
          f"pairs, prior {model.prior:.3g}")
    print(f"found pairs {found}, wrong {len(wrong)}; true pairs missed: never blocked "
          f"{len(unblocked)}, scored under {linker.THRESHOLD} {len(low)}, over it but split by "
          f"clustering {len(split)}")
    is_true = np.asarray([p in true for p in scored], dtype=bool)
    all_pairs = len(ids) * (len(ids) - 1) / 2
    print("\nper level among the candidate pairs, the truth against the model: pairs, true "
          "pairs, m and u read off the truth (u over all pairs), m and u estimated, weight "
          "from the truth, weight estimated")
    for column, comparison in enumerate(COMPARISONS):
        print(f"{comparison.name}:")
        at_level = compared.levels[:, column]
        for level, label in enumerate(comparison.levels):
            here = at_level == level
            if not here.any():
                continue
            hits, misses = int((here & is_true).sum()), int((here & ~is_true).sum())
            m_true, u_true = hits / max(len(true), 1), misses / all_pairs
            m_est, u_est = model.m[comparison.name][level], model.u[comparison.name][level]
            w_true = np.log2(max(m_true, 1e-12) / max(u_true, 1e-12))
            print(f"  {label} | {int(here.sum())} | {hits} | {m_true:.4f} {u_true:.2e} | "
                  f"{m_est:.4f} {u_est:.2e} | {w_true:+.1f} | "
                  f"{weights[comparison.name][level]:+.1f}")
    print("\ncalibration over the candidate pairs: probability band | pairs | true share")
    for low_edge, high_edge in ((0, .01), (.01, .1), (.1, .3), (.3, .5), (.5, .7), (.7, .9),
                                (.9, .97), (.97, .99), (.99, 1.01)):
        band = (probability >= low_edge) & (probability < high_edge)
        if band.any():
            print(f"  [{low_edge}, {min(high_edge, 1)}) | {int(band.sum())} | "
                  f"{float(is_true[band].mean()):.3f}")
    if unblocked:
        apart = comparing.compare(columns, np.asarray(sorted(unblocked), dtype=np.int64),
                                  counts).said
        levels_apart = comparing.compare(columns, np.asarray(sorted(unblocked),
                                                             dtype=np.int64), counts).levels
        seen = ((levels_apart[:, HANDLE] >= 2) | (apart >= 2).any(axis=1)
                | (levels_apart[:, [DOB, POSTCODE]] >= 2).any(axis=1)
                | (levels_apart[:, [EMAIL, PHONE]] == 2).any(axis=1)
                | (levels_apart[:, BIO] >= 1))
        kinds = {"handle above 'different'": levels_apart[:, HANDLE] >= 2,
                 "first name": apart[:, 0] >= 2, "family name": apart[:, 1] >= 2,
                 "display name": apart[:, 2] >= 2,
                 "date or postcode": (levels_apart[:, [DOB, POSTCODE]] >= 2).any(axis=1),
                 "email or phone": (levels_apart[:, [EMAIL, PHONE]] == 2).any(axis=1),
                 "bio": levels_apart[:, BIO] >= 1}
        print("never blocked, agreeing on: " + ", ".join(
            f"{kind} {int(rows.sum())}" for kind, rows in kinds.items()))
        print(f"never blocked: {int(seen.sum())} of {len(unblocked)} agree on any comparison "
              "(a handle level above 'different', a name at least an initial, a date or "
              "postcode at least one slip apart, an email, a phone, a bio naming the other); "
              "the rest share nothing the linker reads")
    every = np.asarray(sorted(low | split | wrong), dtype=np.int64).reshape(-1, 2)
    levels = comparing.compare(columns, every, counts).levels if len(every) else None
    at = {(int(a), int(b)): i for i, (a, b) in enumerate(every.tolist())}
    for column, comparison in enumerate(COMPARISONS):
        print(f"\n{comparison.name}: level | weight | missed (scored low) | missed (split) "
              f"| wrong")
        tally = {kind: Counter(int(levels[at[p], column]) for p in pairs) if levels is not None
                 else Counter() for kind, pairs in (("low", low), ("split", split),
                                                     ("wrong", wrong))}
        for level, label in enumerate(comparison.levels):
            row = [tally[k][level] for k in ("low", "split", "wrong")]
            if any(row):
                print(f"  {label} | {weights[comparison.name][level]:+.2f} | "
                      + " | ".join(map(str, row)))
    strings = columns.strings
    handle = columns.scalar["handle"]

    def shown(pair: tuple[int, int]) -> str:
        a, b = pair
        p = probability[scored[pair]] if pair in scored else float("nan")
        return (f"{strings[handle[a]] if handle[a] >= 0 else '-'} ~ "
                f"{strings[handle[b]] if handle[b] >= 0 else '-'} p={p:.3f}")

    rng = np.random.default_rng(0)
    for kind, pairs in (("never blocked", unblocked), ("scored low", low), ("split", split),
                        ("wrong", wrong)):
        chosen = sorted(pairs)
        if chosen and show:
            picked = rng.choice(len(chosen), min(show, len(chosen)), replace=False)
            print(f"\nexamples, {kind}: " + "; ".join(shown(chosen[i]) for i in picked))
    print("\nmodel weights (log2 m/u):")
    for comparison in COMPARISONS:
        print(f"  {comparison.name}: " + ", ".join(
            f"{label} {w:+.1f}" for label, w in zip(comparison.levels,
                                                     weights[comparison.name], strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blind", type=int, nargs="*", default=[])
    parser.add_argument("--styles", type=int, nargs="*", default=[])
    parser.add_argument("--febrl", nargs="*", default=[])
    parser.add_argument("--show", type=int, default=8, help="example pairs per kind")
    args = parser.parse_args()
    for seed in args.blind:
        diagnose(f"blind {seed}", *blind_accounts.generate(seed), args.show)
    for seed in args.styles:
        diagnose(f"style {seed}", *styled(seed), args.show)
    for name in args.febrl:
        diagnose(name, *febrl(name), args.show)


if __name__ == "__main__":
    main()
