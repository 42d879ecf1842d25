"""Reconciling the batch linker's clusters with the cases that exist (pure).

The linker proposes clusters; this module reconciles them with the cases that exist, so that
case references stay stable: each cluster keeps the case that already holds most of it, reports
move only when the cluster says so, and a case left empty is closed as merged, never deleted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from linking.evidence import Match

NEW = "NEW:"


@dataclass(frozen=True)
class RelinkPlan:
    """Target case per moved report (`NEW:<cluster>` for a case yet to open), and closures."""

    moves: dict[str, str]
    closures: dict[str, str]


def plan_relink(current: dict[str, str], clusters: dict[str, str]) -> RelinkPlan:
    """Reconcile clusters with existing cases, largest cluster first (pure)."""
    members: dict[str, list[str]] = defaultdict(list)
    for report, cluster in clusters.items():
        members[cluster].append(report)
    taken: dict[str, str] = {}  # case -> cluster
    target: dict[str, str] = {}  # cluster -> case
    for cluster, reports in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
        counts = Counter(current[r] for r in reports)
        free = [(-n, case.startswith(NEW), case) for case, n in counts.items()
                if case not in taken]
        if free:  # most members first; a real holder before a placeholder for "none yet"
            case = min(free)[2]
            taken[case] = cluster
            target[cluster] = case
        else:
            target[cluster] = NEW + cluster
    moves = {r: target[clusters[r]] for r in clusters if target[clusters[r]] != current[r]}
    remaining = Counter(target[clusters[r]] for r in clusters)
    closures: dict[str, str] = {}
    for case in set(current.values()) - set(remaining):
        receivers = Counter(moves[r] for r in current if current[r] == case and r in moves)
        closures[case] = receivers.most_common(1)[0][0]
    return RelinkPlan(moves=moves, closures=closures)


def best_links(links: list[Match]) -> dict[str, Match]:
    """Each report's strongest link: the evidence shown for why it is where it is."""
    best: dict[str, Match] = {}
    for link in links:
        for side in (link.left, link.right):
            if side not in best or link.probability > best[side].probability:
                best[side] = link
    return best
