"""Retention of non-crime hate incident records, as the 2023 Code of Practice asks.

A recorded NCHI is reviewed after a configured period (`[nchi] review_after_days`, unconfirmed
in the Code, so configuration); at review it is erased unless a hold has been placed on the case.
`hub retention --dry-run` lists what would go; the real run erases each case with an ERASURE
audit entry holding metadata only.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from casework.config import current_rules
from graph.driver import Graph
from graph.retention import due_for_erasure, erase_case


async def apply_retention(graph: Graph, dry_run: bool,
                          now: datetime | None = None) -> list[dict[str, Any]]:
    """The cases due for erasure; erased unless `dry_run`."""
    now = now or datetime.now(UTC)
    due = await due_for_erasure(graph, now.date(), current_rules().nchi.review_after_days)
    if dry_run:
        return due
    for record in due:
        await erase_case(graph, record["case"], {
            "id": str(uuid.uuid4()), "at": now, "actor": "hub retention", "role": "SYSTEM",
            "action": "ERASURE", "targets": [record["case"]],
            "justification": (f"NCHI record reached its review date {record['reviewOn']}; "
                              f"{record['reports']} referral(s) erased under the retention "
                              "rule for non-crime hate incidents")})
    return due
