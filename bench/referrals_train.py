"""Estimate the referral linker's Fellegi–Sunter weights from the training seed's ground truth.

`python -m bench.referrals_train --seed 1 --referrals 20000` generates the training data (or
reads `--data DIR`) and forms the same units as `link_referrals`. Each comparison level is counted
among all true duplicate unit pairs (m) and among random pairs of different posts (u), as Splink
does; the prior is the share of duplicates among all comparable pairs. It prints the weights
(log2 m/u, add-one smoothed) and the prior for `linking/referrals.py`, and how well the module's
current weights are calibrated on the pairs a batch run scores. Train on seed 1 only; evaluate
on other seeds.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from bench.referrals_run import read_referrals
from linking.evidence import Match
from linking.referrals import (
    PRIOR_LOG2_ODDS,
    WEIGHTS,
    ReferralFeatures,
    _score_units,
    _units,
    levels,
    normalise_referral,
)

# Content levels are decisive by definition (same key: same post; different keys: different
# posts), so they are not estimated.
FIXED = {"content"}


def generate(seed: int, referrals: int, out: Path, *options: str) -> Path:
    subprocess.run([sys.executable, "-m", "seeds.demo.generator", "--seed", str(seed),
                    "--referrals", str(referrals), "--out", str(out), *options], check=True)
    return out


def generate_styled(seed: int, referrals: int, out: Path) -> Path:
    """Referrals whose reporters' habits are drawn from the seed (`referral_style.json`)."""
    return generate(seed, referrals, out, "--referral-style")


def truth_of(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as lines:
        return {row["id"]: str(row["content"]) for row in map(json.loads, lines)}


def training_units(data: Path) -> tuple[list[ReferralFeatures], dict[str, str]]:
    """The linker's units for the training data, each with the content most of its members
    report (units are pure in practice: one content key, one post)."""
    truth = truth_of(data / "referrals.truth.jsonl")
    features = [normalise_referral(r) for r in read_referrals(data / "referrals.jsonl")]
    units, members = _units(features, set())
    content = {unit.id: Counter(truth[m.id] for m in group).most_common(1)[0][0]
               for unit, group in zip(units, members, strict=True)}
    return units, content


def estimate(units: list[ReferralFeatures], content: dict[str, str],
             samples: int, seed: int) -> tuple[dict[str, dict[str, float]], float]:
    """m from every true duplicate pair, u from random pairs, both among the pairs the linker
    may compare at all (not proven different by their content keys), and the prior odds of such
    a pair being a duplicate."""
    comparable = [pair for pair in _true_pairs(units, content)
                  if levels(*pair)["content"] != "different"]
    m_counts = _level_counts(levels(a, b) for a, b in comparable)
    rng = random.Random(seed)
    drawn = kept = 0
    u_levels = []
    while kept < samples:
        a, b = rng.sample(units, 2)
        drawn += 1
        found = levels(a, b)
        if found["content"] == "different":
            continue
        kept += 1
        if content[a.id] != content[b.id]:
            u_levels.append(found)
    u_counts = _level_counts(u_levels)
    weights: dict[str, dict[str, float]] = {}
    for feature, table in WEIGHTS.items():
        if feature in FIXED:
            weights[feature] = dict(table)
            continue
        weights[feature] = {level: round(_weight(m_counts[feature], u_counts[feature], level), 2)
                            for level in table}
    population = len(units) * (len(units) - 1) / 2 * kept / drawn
    prior = math.log2(len(comparable) / (population - len(comparable)))
    return weights, round(prior, 2)


# A joint level ("same/different": same handle, other platform) seen fewer times than this among
# duplicates and non-duplicates together is weighed as the sum of its parts, each estimated on
# its own, rather than from a handful of pairs.
SPARSE = 30


def _weight(m: Counter[str], u: Counter[str], level: str) -> float:
    """log2 m/u of one level, add-one smoothed; 0 for missing values."""
    parts = level.split("/")
    if set(parts) == {"missing"}:
        return 0.0
    if len(parts) > 1 and m[level] + u[level] < SPARSE:
        return sum(_weight(_part(m, n), _part(u, n), part) for n, part in enumerate(parts))
    return math.log2(((m[level] + 1) / (m.total() + len(m) + 1))
                     / ((u[level] + 1) / (u.total() + len(u) + 1)))


def _part(counts: Counter[str], position: int) -> Counter[str]:
    """Counts of one part of joint levels, summed over the other parts."""
    found: Counter[str] = Counter()
    for level, count in counts.items():
        found[level.split("/")[position]] += count
    return found


def _true_pairs(units: list[ReferralFeatures],
                content: dict[str, str]) -> list[tuple[ReferralFeatures, ReferralFeatures]]:
    groups: dict[str, list[ReferralFeatures]] = defaultdict(list)
    for unit in units:
        groups[content[unit.id]].append(unit)
    return [(a, b) for group in groups.values() for n, a in enumerate(group) for b in group[n + 1:]]


def _level_counts(found: Iterable[dict[str, str]]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for levels_of_pair in found:
        for feature, level in levels_of_pair.items():
            counts[feature][level] += 1
    return counts


def compared_pairs(units: list[ReferralFeatures],
                   content: dict[str, str]) -> list[tuple[Match, bool]]:
    """The pairs a batch run scores (joins and matches left for clustering), with the module's
    current weights, and whether each is a true duplicate."""
    joined, matches = _score_units(units, set())
    return [(match, content[match.left] == content[match.right]) for match in (*joined, *matches)]


def calibration(scored: list[tuple[Match, bool]]) -> list[str]:
    bins: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for match, same in scored:
        row = bins[min(9, int(match.probability * 10))]
        row[0] += 1
        row[1] += same
    return [f"  p in [{b / 10:.1f}, {(b + 1) / 10:.1f}): {n:7d} pairs, {k / n:.3f} duplicates"
            for b, (n, k) in sorted(bins.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--referrals", type=int, default=20000)
    parser.add_argument("--data", type=Path, help="an existing generator output directory")
    parser.add_argument("--samples", type=int, default=300_000, help="random pairs for u")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or generate(args.seed, args.referrals, Path(scratch))
        units, content = training_units(data)
    weights, prior = estimate(units, content, args.samples, args.seed)
    print(f"WEIGHTS = {json.dumps(weights, indent=4)}")
    print(f"PRIOR_LOG2_ODDS = {prior}  # was {PRIOR_LOG2_ODDS}")
    print("Calibration of the pairs a batch run scores, with the weights now in the module:")
    print("\n".join(calibration(compared_pairs(units, content))))


if __name__ == "__main__":
    main()
