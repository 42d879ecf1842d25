"""Retention of non-crime hate incident records, as the 2023 Code of Practice asks.

A recorded NCHI is reviewed after a configured period (`[nchi] review_after_days`, unconfirmed
in the Code, so configuration); at review it is erased unless a hold has been placed on the case.
`hub retention --dry-run` lists what would go; the real run erases each case with an ERASURE
audit entry holding metadata only.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from casework.audit import AuditAction
from casework.config import current_rules
from graph.audit import AuditEntry
from graph.driver import Graph
from graph.retention import ErasureDue, due_for_erasure, erase_case

# The erasure is the hub's own processing, run by the `hub retention` command, not a user's.
_ACTOR = "hub retention"


async def apply_retention(graph: Graph, dry_run: bool,
                          now: datetime | None = None) -> list[ErasureDue]:
    """The cases due for erasure; erased unless `dry_run`."""
    now = now or datetime.now(UTC)
    due = await due_for_erasure(graph, now.date(), current_rules().nchi.review_after_days)
    if dry_run:
        return due
    for record in due:
        await erase_case(graph, record.case, AuditEntry(
            id=str(uuid.uuid4()), at=now, actor=_ACTOR, role="SYSTEM",
            action=AuditAction.ERASURE.value, targets=(record.case,),
            justification=(f"NCHI record reached its review date {record.review_on}; "
                           f"{record.reports} referral(s) erased under the retention rule for "
                           "non-crime hate incidents")))
    return due
