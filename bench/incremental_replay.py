"""Intake's decisions replayed without a database, scored against the truth.

`bench.incremental` measures intake through Neo4j (20,000 arrivals take minutes); this replays
the same decisions in memory in seconds, to find where intake goes wrong: each referral, in
arrival order, reads the recent lists of its keys (`remembered`, `COMPARED_PER_KEY`; text bands
only for reports met in `BANDS_ALONE` of them), is decided by `decide` among those candidates,
joins the case of the one chosen (the case opened first among those it would join outright)
or opens its own, and is put at the head of its keys' lists,
as `graph.intake` does. The batch linker runs on the same records.

    .venv/bin/python -m bench.incremental_replay --referrals 20000 --seed 303
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from linking.evaluate import bcubed, pairwise
from linking.referrals import (
    BANDS_ALONE,
    COMPARED_PER_KEY,
    ReferralFeatures,
    blocking_keys,
    decide,
    link_referrals,
    lookup_keys,
    normalise_referral,
    post_keys,
    post_of,
    remembered,
)
from seeds.demo.generator import generate_world


def replay(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The case (named by its first report) each referral ends in, arriving in the order
    given."""
    lists: dict[str, list[tuple[str, str]]] = defaultdict(list)
    stored: dict[str, ReferralFeatures] = {}
    case: dict[str, str] = {}
    opened: dict[str, float] = {}
    for record in records:
        new = normalise_referral(record)
        own = post_keys(new)
        bands = blocking_keys(new) - own
        found = {ref for key in own for ref, _ in lists[key][:COMPARED_PER_KEY[key[0]]]}
        met = Counter(ref for key in bands | (lookup_keys(new) - blocking_keys(new))
                      for ref, _ in lists[key][:COMPARED_PER_KEY["t"]])
        found.update(ref for ref, count in met.items() if count >= BANDS_ALONE)
        candidates = [stored[ref] for ref in sorted(found)]
        match = decide(new, candidates, {c.id: opened[case[c.id]] for c in candidates})
        case[new.id] = case[match.right] if match is not None else new.id
        opened.setdefault(case[new.id], len(opened))
        for key in own | bands:
            lists[key] = remembered(key, lists[key], new.id, post_of(new))
        stored[new.id] = normalise_referral(record, blocked=False)
    return case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=303)
    args = parser.parse_args()
    pairs = list(generate_world(seed=args.seed, referrals=args.referrals).referrals())
    truth = {record["id"]: str(known["content"]) for record, known in pairs}
    records = sorted((record for record, _ in pairs),
                     key=lambda r: datetime.fromisoformat(str(r["received_at"])))
    print("| linker | pairwise P | pairwise R | pairwise F1 | B-cubed F1 |\n|---|---|---|---|---|")
    for name, clusters in (("intake, replayed", replay(records)),
                           ("batch", link_referrals(records).clusters)):
        found, cubed = pairwise(clusters, truth), bcubed(clusters, truth)
        print(f"| {name} | {found.precision:.4f} | {found.recall:.4f} | {found.f1:.4f} "
              f"| {cubed.f1:.4f} |")


if __name__ == "__main__":
    main()
