"""What the blind account files offer a linker, and how much of it ours takes.

Reference points for reading `bench.accounts_quality --blind`: the B-cubed F1 of leaving every
account alone; the pairs joined by plain evidence alone (same email, same phone digits, a bio
naming the other's handle, the same handle once case, separators and look-alikes are undone),
closed transitively, which any linker can reach but at a precision it would not accept; and,
for each kind of plain evidence between two accounts of one person, how many such pairs ours
put in one cluster, with the phone shapes it missed.

    python -m bench.blind_evidence 1001 1002 1003 1004 1005
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import combinations, pairwise
from typing import Any

import networkx as nx

from bench.blind_accounts import generate
from linking.accounts import link_accounts

UNDO_LOOKALIKE = str.maketrans("43105", "aeios")


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-10:]


def _shape(phone: str) -> str:
    return re.sub(r"\d", "9", phone)


def _plain_handle(handle: str) -> str:
    return re.sub(r"[._-]", "", handle.lower()).translate(UNDO_LOOKALIKE)


def _names(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return bool(re.search("@" + re.escape(other["handle"]) + r"(?![\w.])", one.get("bio", "")))


def evidence(one: dict[str, Any], other: dict[str, Any]) -> Iterator[str]:
    """The kinds of plain evidence that two account records share."""
    if one.get("email") and one.get("email") == other.get("email"):
        yield "same email"
    if one.get("phone") and other.get("phone") and \
            _digits(one["phone"]) == _digits(other["phone"]):
        yield "same phone"
    if _names(one, other) or _names(other, one):
        yield "bio @mention"
    if _plain_handle(one["handle"]) == _plain_handle(other["handle"]):
        yield "same handle"


def _closure(records: list[dict[str, Any]]) -> dict[str, int]:
    graph = nx.Graph()
    graph.add_nodes_from(r["id"] for r in records)
    keyed: dict[str, list[str]] = defaultdict(list)
    for r in records:
        keyed["h:" + _plain_handle(r["handle"])].append(r["id"])
        if r.get("email"):
            keyed["e:" + r["email"].lower()].append(r["id"])
        if r.get("phone"):
            keyed["p:" + _digits(r["phone"])].append(r["id"])
    for ids in keyed.values():
        graph.add_edges_from(pairwise(ids))
    handles = {r["handle"]: r["id"] for r in records}
    for r in records:
        for named in re.findall(r"@([\w.]+)", r.get("bio", "")):
            if named in handles:
                graph.add_edge(r["id"], handles[named])
    return {a: n for n, part in enumerate(nx.connected_components(graph)) for a in part}


def report(seed: int, phones: Counter[tuple[str, bool]]) -> None:
    records, truth = generate(seed)
    by_id = {r["id"]: r for r in records}
    people: dict[str, list[str]] = defaultdict(list)
    for account, person in truth.items():
        people[person].append(account)
    pairs = [pair for accounts in people.values() for pair in combinations(accounts, 2)]
    alone = sum(1 / len(people[p]) for p in truth.values()) / len(truth)
    closed = _closure(records)
    hit = sum(closed[a] == closed[b] for a, b in pairs)
    sizes = Counter(closed.values())
    joined = sum(n * (n - 1) // 2 for n in sizes.values())
    print(f"blind {seed}: {len(pairs)} true pairs; all alone B-cubed F1 "
          f"{2 * alone / (1 + alone):.3f}"
          f"; plain-evidence closure pairwise P {hit / joined:.3f} R {hit / len(pairs):.3f}")
    ours = link_accounts(records).clusters
    seen, taken = Counter[str](), Counter[str]()
    for a, b in pairs:
        together = ours[a] == ours[b]
        for kind in evidence(by_id[a], by_id[b]):
            seen[kind] += 1
            taken[kind] += together
            if kind == "same phone":
                for phone in (by_id[a]["phone"], by_id[b]["phone"]):
                    phones[_shape(phone), together] += 1
    print("  ours joined, of one person's pairs sharing: "
          + "; ".join(f"{kind} {taken[kind]}/{seen[kind]}" for kind in sorted(seen)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", type=int, nargs="+")
    phones: Counter[tuple[str, bool]] = Counter()
    for seed in parser.parse_args().seeds:
        report(seed, phones)
    print("same-phone pairs by how the number was written (joined / missed by ours):")
    for shape in sorted({shape for shape, _ in phones}):
        print(f"  {shape:24} {phones[shape, True]:4} / {phones[shape, False]:4}")


if __name__ == "__main__":
    main()
