"""Cases made the way the hub makes them (through intake), for the stores' own tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from casework.access import Principal, Role
from casework.intake.service import submit_referral
from graph.driver import Graph

INTAKE = Principal("test-intake", Role.INTAKE)
# A victim in Leeds: West Yorkshire Police answers for the case.
LEEDS = "west-yorkshire"


def _post_of(ref: str) -> int:
    """A post of its own for each referral, so that no two are linked as one case."""
    return int(hashlib.sha256(ref.encode()).hexdigest()[:15], 16)


async def open_case(graph: Graph, ref: str, postcode: str = "LS6 2AB", **fields: Any) -> str:
    """Store one referral as a Truevision record file holds it; returns its case's reference."""
    record: dict[str, Any] = {
        "id": ref,
        "received_at": "2026-11-20T10:15:00+00:00",
        "narrative": "Abusive replies under my post about my mosque.",
        "content_urls": [f"https://x.com/someone/status/{_post_of(ref)}"],
        "content_text": f"abusive text of {ref}",
        "platform": "Twitter",
        "victim": {"name": "Aisha Khan", "postcode": postcode},
        "perceived_strands": ["Religion"],
        **fields,
    }
    intake = await submit_referral(graph, record, INTAKE, datetime(2026, 11, 20, 11, tzinfo=UTC))
    reference: str = intake.case["reference"]
    return reference


async def clear(graph: Graph) -> None:
    """Leave the graph with reference data only, as a fresh deployment has it."""
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(
            # Case counters stay: a process keeps blocks of case numbers reserved from them.
            "MATCH (n) WHERE NOT (n:Migration OR n:Force OR n:PostcodeArea OR n:Platform "
            "OR n:Counter) "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")).consume()


async def unmaintained_cases(graph: Graph) -> list[dict[str, Any]]:
    """Cases whose stored report count or time of change is missing or wrong (the count is
    not the referrals they hold, or the change is before the case opened): every write that
    moves referrals or changes a case keeps them, and a list of cases is sorted by them."""
    return await graph.rows(
        "MATCH (c:Case) WITH c, COUNT { (c)<-[:PART_OF]-() } AS held"
        " WHERE c.reportCount IS NULL OR c.updatedAt IS NULL OR c.reportCount <> held"
        " OR c.updatedAt < c.openedAt"
        " RETURN c.reference AS case, c.reportCount AS stored, held, c.updatedAt AS updatedAt")
