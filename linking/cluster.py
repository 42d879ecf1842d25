"""Cohesive clustering of scored pairs: a cluster is a group whose members mostly match each
other, never a long path of weak links.

Connected components over links chain: a–b, b–c and c–d, each plausible alone, would put a and d
in one case although nothing says they belong together. Here clusters grow by average linkage
instead: two clusters merge only while the mean match probability over all their pairs, counting
pairs never compared as 0, stays at or above the cohesion (by default the threshold), and at
least one of those pairs is a link (at or above the threshold). Analyst decisions are hard
constraints: must-link groups start as one unit, and cannot-link pairs never end in one cluster.

Linkage is counted between units (must-link groups), not members, so a group of a thousand
referrals already known to be one case weighs as one member when a new referral is weighed
against it; its members' compared pairs with another unit are averaged into one probability.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable

from linking.evidence import Match


def cluster(ids: Iterable[str], matches: Iterable[Match], threshold: float,
            must_link: Iterable[tuple[str, str]] = (),
            cannot_link: Iterable[tuple[str, str]] = (),
            cohesion: float | None = None) -> dict[str, str]:
    """Map each id to its cluster id, the smallest id in the cluster (stable across runs).

    Raises ValueError when the analyst decisions contradict each other (a must-link path joins a
    cannot-link pair), because no clustering can honour both.
    """
    names = sorted(set(ids))
    index = {name: i for i, name in enumerate(names)}
    for left, right in (*must_link, *cannot_link):
        for name in (left, right):
            if name not in index:
                index[name] = len(names)
                names.append(name)
    unit = _units(len(names), ((index[a], index[b]) for a, b in must_link))
    forbidden = [(unit[index[a]], unit[index[b]]) for a, b in cannot_link]
    for a, b in forbidden:
        if a == b:
            raise ValueError("must-link decisions join a cannot-link pair")
    merged = _average_linkage(unit, _unit_edges(unit, index, matches), forbidden, threshold,
                              threshold if cohesion is None else cohesion)
    members: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(unit):
        members[merged[u]].append(i)
    result: dict[str, str] = {}
    for group in members.values():
        name = names[min(group)]
        for i in group:
            result[names[i]] = name
    return result


def _units(size: int, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """Union-find over must-link pairs; each index maps to its unit's root."""
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [root(i) for i in range(size)]


def _unit_edges(unit: list[int], index: dict[str, int],
                matches: Iterable[Match]) -> dict[tuple[int, int], tuple[float, float]]:
    """Mean and highest probability of the compared pairs between each two units."""
    sums: dict[tuple[int, int], float] = defaultdict(float)
    highest: dict[tuple[int, int], float] = defaultdict(float)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for match in matches:
        a, b = index.get(match.left), index.get(match.right)
        if a is None or b is None:
            continue
        ua, ub = unit[a], unit[b]
        if ua == ub:
            continue
        pair = (ua, ub) if ua < ub else (ub, ua)
        sums[pair] += match.probability
        highest[pair] = max(highest[pair], match.probability)
        counts[pair] += 1
    return {pair: (total / counts[pair], highest[pair]) for pair, total in sums.items()}


def _average_linkage(unit: list[int], edges: dict[tuple[int, int], tuple[float, float]],
                     forbidden: list[tuple[int, int]], threshold: float,
                     cohesion: float) -> dict[int, int]:
    """Greedy agglomeration, best linkage first, over the sparse graph of unit edges.

    Each cluster keeps the summed probability towards each neighbouring cluster, and whether a
    link joins them; the linkage is that sum over the product of the two clusters' unit counts.
    Stale heap entries are skipped by comparing the clusters' versions, so each merge costs the
    degree of the merged cluster.
    """
    roots = sorted(set(unit))
    size = dict.fromkeys(roots, 1)
    version = dict.fromkeys(roots, 0)
    links: dict[int, dict[int, float]] = {r: {} for r in roots}
    linked: dict[int, set[int]] = {r: set() for r in roots}
    for (a, b), (probability, highest) in edges.items():
        if probability > 0:
            links[a][b] = probability
            links[b][a] = probability
        if highest >= threshold:
            linked[a].add(b)
            linked[b].add(a)
    apart: dict[int, set[int]] = {r: set() for r in roots}
    for a, b in forbidden:
        apart[a].add(b)
        apart[b].add(a)
    heap = [(-p, a, b, 0, 0) for (a, b), (p, _) in edges.items()
            if p >= cohesion and b in linked[a]]
    heapq.heapify(heap)
    owner = {r: r for r in roots}
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if version.get(a) != va or version.get(b) != vb or b in apart[a]:
            continue
        keep, gone = (a, b) if len(links[a]) >= len(links[b]) else (b, a)
        for other, total in links.pop(gone).items():
            if other == keep:
                continue
            links[other].pop(gone)
            links[other][keep] = links[other].get(keep, 0.0) + total
            links[keep][other] = links[other][keep]
        links[keep].pop(gone, None)
        for other in linked.pop(gone):
            linked[other].discard(gone)
            if other != keep:
                linked[other].add(keep)
                linked[keep].add(other)
        linked[keep].discard(gone)
        for other in apart.pop(gone):
            apart[other].discard(gone)
            apart[other].add(keep)
            apart[keep].add(other)
        size[keep] += size.pop(gone)
        version[keep] += 1
        del version[gone]
        owner[gone] = keep
        for other, total in links[keep].items():
            linkage = total / (size[keep] * size[other])
            if linkage >= cohesion and other in linked[keep] and other not in apart[keep]:
                first, second = (keep, other) if keep < other else (other, keep)
                heapq.heappush(heap, (-linkage, first, second, version[first], version[second]))
    return {r: _final(owner, r) for r in roots}


def _final(owner: dict[int, int], root: int) -> int:
    while owner[root] != root:
        owner[root] = owner[owner[root]]
        root = owner[root]
    return root
