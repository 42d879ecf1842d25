"""Batch relinking of duplicate reports over the whole graph, honouring analysts' decisions.

The linker proposes clusters; this module reconciles them with the cases that exist, so that
case references stay stable: each cluster keeps the case that already holds most of it, reports
move only when the cluster says so, and a case left empty is closed as merged, never deleted.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rich.progress import Progress

from casework.referrals import stored_record
from graph.decisions import link_constraints
from graph.driver import Graph
from graph.relink import open_case_for, stream_reports, write_moves
from linking.evidence import Match
from linking.referrals import link_referrals

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


def _evidence(links: list[Match]) -> dict[str, Match]:
    best: dict[str, Match] = {}
    for link in links:
        for side in (link.left, link.right):
            if side not in best or link.probability > best[side].probability:
                best[side] = link
    return best


async def relink_reports(graph: Graph) -> dict[str, int]:
    """Relink every report; returns counts of what changed."""
    now = datetime.now(UTC)
    records: list[dict[str, Any]] = []
    current: dict[str, str] = {}
    with Progress() as bar:
        reading = bar.add_task("Reading reports", total=None)
        async for page in stream_reports(graph):
            for row in page:
                records.append(stored_record(row["report"]))
                current[row["report"]["truevisionRef"]] = row["caseRef"]
            bar.advance(reading, len(page))
        must, cannot = await link_constraints(graph)
        linking = bar.add_task("Linking", total=len(records))
        linkage = link_referrals(records, must_link=must, cannot_link=cannot,
                                 progress=lambda n: bar.advance(linking, n))
    plan = plan_relink(current, linkage.clusters)
    opened: dict[str, str] = {}
    for report, case in sorted(plan.moves.items()):
        if case.startswith(NEW) and case not in opened:
            opened[case] = await open_case_for(graph, report, now,
                                               (str(uuid.uuid4()), str(uuid.uuid4())))
    best = _evidence(linkage.links)
    moves = []
    for report, case in sorted(plan.moves.items()):
        link = best.get(report)
        other = (link.right if link.left == report else link.left) if link else None
        moves.append({"report": report, "case": opened.get(case, case),
                      "probability": round(link.probability, 6) if link else None,
                      "duplicateOf": other,
                      "evidence": json.dumps([{"feature": e.feature, "value": e.value,
                                               "weight": round(e.weight, 3)}
                                              for e in link.evidence]) if link else None})
    closures = [{"case": case, "into": opened.get(into, into)}
                for case, into in sorted(plan.closures.items())]
    audit = {"id": str(uuid.uuid4()), "at": now, "actor": "hub link reports", "role": "SYSTEM",
             "action": "COMBINATION", "justification": "batch relinking of duplicate reports"}
    await write_moves(graph, moves, closures, now, audit)
    return {"reports": len(records), "moved": len(moves), "opened": len(opened),
            "closed": len(closures)}
