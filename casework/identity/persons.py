"""From clusters of accounts to suspects (pure): which person keeps its id, and how sure we are.

The whole-graph relink and an analyst's decision both end here, so that regrouping the few
persons a decision touches gives what a relink of the whole graph would give them: the same
clustering (`linking.cluster`, its guard against chains of weak links, decisions binding), the
same rule for ids, the same attribution probability.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from casework.duplicates.relink import NEW, plan_relink
from linking.accounts import COHESION, THRESHOLD
from linking.cluster import cluster
from linking.evidence import Match


def suspect_ids(current: dict[str, str], clusters: dict[str, str]) -> dict[str, str]:
    """The suspect id for each cluster: the existing suspect holding most of its accounts keeps
    its id (largest cluster first); any other cluster gets a new random id.

    Ids carry nothing derived from accounts, so a suspect's id neither changes nor hints when an
    account that only another force knows joins it.
    """
    holders = {account: current.get(account, f"{NEW}{account}") for account in clusters}
    plan = plan_relink(holders, clusters)
    chosen: dict[str, str] = {}
    for account, cluster_id in clusters.items():
        target = plan.moves.get(account, holders[account])
        if target.startswith(NEW):
            target = chosen.get(cluster_id) or f"S-{uuid.uuid4().hex[:12]}"
        chosen[cluster_id] = target
    return chosen


def suspects_of(clusters: dict[str, str], links: Iterable[Match],
                current: dict[str, str]) -> list[dict[str, object]]:
    """One suspect row per cluster: its id, its accounts, and the attribution probability (the
    weakest of its accounts' best links; 1.0 for an account held only by a decision)."""
    members: dict[str, list[str]] = {}
    for account, cluster_id in clusters.items():
        members.setdefault(cluster_id, []).append(account)
    best: dict[str, float] = {}
    for link in links:
        for side in (link.left, link.right):
            best[side] = max(best.get(side, 0.0), link.probability)
    ids = suspect_ids(current, clusters)
    return [{"id": ids[cluster_id], "accounts": sorted(accounts),
             "probability": round(min(best.get(a, 1.0) for a in accounts), 6)}
            for cluster_id, accounts in sorted(members.items())]


def regroup(accounts: Sequence[str], scores: Iterable[Match],
            confirmed: Iterable[tuple[str, str]], rejected: Iterable[tuple[str, str]],
            current: dict[str, str]) -> list[dict[str, object]]:
    """The suspects `accounts` fall into, re-clustered under every decision among them.

    `scores` are the scored pairs among them, `current` their suspects now. Raises ValueError
    when the decisions contradict each other (confirmed pairs chain a rejected pair together).
    """
    scored = list(scores)
    clusters = cluster(accounts, scored, THRESHOLD, list(confirmed), list(rejected),
                       cohesion=COHESION)
    kept = [m for m in scored
            if m.probability >= THRESHOLD and clusters[m.left] == clusters[m.right]]
    return suspects_of(clusters, kept, current)
