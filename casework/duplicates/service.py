"""Analysts overrule the linker (merge two cases, split a report out of its case), and the
batch relinking of every report that honours their decisions.

A decision needs a reason, is recorded with who and when, and binds every later relinking.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from casework.access import Permission, Principal
from casework.audit import AuditAction, audit_entry
from casework.config import CaseworkRules, current_rules
from casework.decided import decided
from casework.duplicates.relink import NEW, best_links, plan_relink
from casework.errors import RuleViolation
from casework.intake.referral import stored_record
from graph import duplicates as decisions
from graph.audit import AuditEntry
from graph.driver import Graph
from graph.duplicates import (
    Closure,
    Move,
    link_constraints,
    open_case_for,
    stream_reports,
    write_moves,
)
from linking.evidence import evidence_json
from linking.referrals import link_referrals
from linking.shortlinks import short_link_resolver


async def merge_cases(graph: Graph, principal: Principal, target: str, source: str,
                      reason: str, rules: CaseworkRules | None = None) -> list[str]:
    """All of `source`'s reports join `target`; `source` is closed as merged."""
    principal.require(Permission.DECIDE_LINKS)
    decision = decided(principal.subject, datetime.now(UTC), reason, rules or current_rules())
    if target == source:
        raise RuleViolation.one(("input", "sourceId"), "a case cannot be merged into itself",
                                "SAME_CASE")
    moved = await decisions.merge_cases(
        graph, target, source, principal.case_scope(), decision,
        audit_entry(principal, AuditAction.COMBINATION, decision.at,
                    justification=f"merge: {decision.reason}"))
    if moved is None:
        raise RuleViolation.one(("input",), "both cases must exist, be open and be yours",
                                "NOT_FOUND")
    return moved


async def split_report(graph: Graph, principal: Principal, report: str, reason: str,
                       rules: CaseworkRules | None = None) -> tuple[str, str]:
    """The report leaves its case for a new one; returns (old case, new case)."""
    principal.require(Permission.DECIDE_LINKS)
    decision = decided(principal.subject, datetime.now(UTC), reason, rules or current_rules())
    moved = await decisions.split_report(
        graph, report, principal.case_scope(), decision, (str(uuid.uuid4()), str(uuid.uuid4())),
        audit_entry(principal, AuditAction.COMBINATION, decision.at,
                    justification=f"split: {decision.reason}"))
    if moved is None:
        raise RuleViolation.one(("input", "truevisionRef"),
                                "the report must exist, be yours, and share its case",
                                "NOT_FOUND")
    return moved


class RelinkStage(StrEnum):
    """What a relinking is doing, for whoever shows its progress."""

    READING = "reading reports"
    LINKING = "linking reports"


# Told, as a relinking goes on, its stage, how much of it is done, and how much there is (None
# while that is not known yet): a command line draws a bar with it, a background job reports it.
RelinkProgress = Callable[[RelinkStage, int, int | None], None]


def _unwatched(stage: RelinkStage, done: int, total: int | None) -> None:
    """No one is shown the progress."""


@dataclass(frozen=True, slots=True)
class Relinked:
    """What a relinking changed: reports read, reports moved, cases opened and cases closed."""

    reports: int
    moved: int
    opened: int
    closed: int


async def relink_reports(graph: Graph, progress: RelinkProgress = _unwatched) -> Relinked:
    """Relink every report, honouring analysts' decisions; returns what changed."""
    now = datetime.now(UTC)
    records: list[dict[str, Any]] = []  # the linker's record format (JSON Lines)
    current: dict[str, str] = {}
    async for page in stream_reports(graph):
        for placed in page:
            records.append(stored_record(placed.report))
            current[placed.truevision_ref] = placed.case_reference
        progress(RelinkStage.READING, len(records), None)
    must, cannot = await link_constraints(graph)
    linked = 0

    def advance(count: int) -> None:
        nonlocal linked
        linked += count
        progress(RelinkStage.LINKING, linked, len(records))

    linkage = link_referrals(records, must_link=must, cannot_link=cannot, progress=advance,
                             resolver=short_link_resolver())
    plan = plan_relink(current, linkage.clusters)
    opened: dict[str, str] = {}
    for report, case in sorted(plan.moves.items()):
        if case.startswith(NEW) and case not in opened:
            opened[case] = await open_case_for(graph, report, now,
                                               (str(uuid.uuid4()), str(uuid.uuid4())))
    best = best_links(linkage.links)
    moves = []
    for report, case in sorted(plan.moves.items()):
        link = best.get(report)
        moves.append(Move(
            report=report, case=opened.get(case, case),
            probability=round(link.probability, 6) if link else None,
            duplicate_of=(link.right if link.left == report else link.left) if link else None,
            evidence=evidence_json(link.evidence) if link else None))
    closures = [Closure(case=case, into=opened.get(into, into))
                for case, into in sorted(plan.closures.items())]
    # No analyst is behind a relinking: the command is the actor, as the log has always said.
    entry = AuditEntry(id=str(uuid.uuid4()), at=now, actor="hub link reports", role="SYSTEM",
                       action=AuditAction.COMBINATION.value,
                       justification="batch relinking of duplicate reports")
    await write_moves(graph, moves, closures, now, entry)
    return Relinked(reports=len(records), moved=len(moves), opened=len(opened),
                    closed=len(closures))
