"""Analysts overrule the linker: merge two cases, or split a report out of its case.

A decision needs a reason, is recorded with who and when, and binds every later relinking.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from casework.access import Permission, Principal
from casework.errors import RuleViolation
from graph import decisions
from graph.driver import Graph

MIN_REASON = 10


def _decision(principal: Principal, reason: str, now: datetime) -> dict[str, Any]:
    if len(reason.strip()) < MIN_REASON:
        raise RuleViolation.one(("input", "reason"),
                                f"give a reason of at least {MIN_REASON} characters",
                                "REASON_REQUIRED")
    return {"by": principal.subject, "at": now, "reason": reason.strip()}


def _audit(principal: Principal, now: datetime, why: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "at": now, "actor": principal.subject,
            "role": principal.role.value, "force": principal.force, "action": "COMBINATION",
            "justification": why}


async def merge_cases(graph: Graph, principal: Principal, target: str, source: str,
                      reason: str) -> list[str]:
    """All of `source`'s reports join `target`; `source` is closed as merged."""
    principal.require(Permission.DECIDE_LINKS)
    now = datetime.now(UTC)
    decision = _decision(principal, reason, now)
    if target == source:
        raise RuleViolation.one(("input", "sourceId"), "a case cannot be merged into itself",
                                "SAME_CASE")
    moved = await decisions.merge_cases(graph, target, source, principal.case_scope(), decision,
                                        _audit(principal, now, f"merge: {decision['reason']}"))
    if moved is None:
        raise RuleViolation.one(("input",), "both cases must exist, be open and be yours",
                                "NOT_FOUND")
    return moved


async def split_report(graph: Graph, principal: Principal, report: str,
                       reason: str) -> tuple[str, str]:
    """The report leaves its case for a new one; returns (old case, new case)."""
    principal.require(Permission.DECIDE_LINKS)
    now = datetime.now(UTC)
    decision = _decision(principal, reason, now)
    new_case = {"id": str(uuid.uuid4()), "status": "RECEIVED", "priority": "NORMAL"}
    moved = await decisions.split_report(
        graph, report, new_case, principal.case_scope(),
        {**decision, "allocationId": str(uuid.uuid4())},
        _audit(principal, now, f"split: {decision['reason']}"))
    if moved is None:
        raise RuleViolation.one(("input", "truevisionRef"),
                                "the report must exist, be yours, and share its case",
                                "NOT_FOUND")
    return moved
