"""Captured content, referrals of it to its platform, and preservation requests, on a case.

Each change reads what it depends on and writes its outcome and audit entry in one managed
transaction, always through the case's scope: a case, capture, referral or request outside the
caller's force is answered exactly like one that does not exist. Captures are evidence, so they
are only ever created; a referral's status moves only with the status read guarding the write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph


@dataclass(frozen=True, slots=True)
class Planned:
    """What a decision writes: its record (a node's properties) and its audit event."""

    record: dict[str, Any]
    audit: dict[str, Any]


class ChangedMeanwhile(Exception):
    """The referral or request moved between the read and the write: nothing was written."""


_CASE: LiteralString = "MATCH (c:Case {reference: $reference}) WHERE " + SCOPED_CASE

_CREATE_CAPTURE: LiteralString = _CASE + """
CREATE (k:Capture) SET k = $capture
CREATE (c)-[:HAS_CAPTURE]->(k)
RETURN k.id AS id
"""

_CAPTURE_OF_CASE: LiteralString = _CASE + """
OPTIONAL MATCH (c)-[:HAS_CAPTURE]->(k:Capture {id: $captureId})
RETURN k {.*} AS capture
"""

_CREATE_REFERRAL: LiteralString = _CASE + """
MATCH (c)-[:HAS_CAPTURE]->(k:Capture {id: $captureId})
MATCH (p:Platform {id: $referral.platform})
CREATE (r:PlatformReferral) SET r = $referral
CREATE (c)-[:HAS_REFERRAL]->(r)
CREATE (r)-[:OF_CAPTURE]->(k)
CREATE (r)-[:TO_PLATFORM]->(p)
CREATE (s:ReferralStatusChange) SET s = $status
CREATE (r)-[:HAS_STATUS]->(s)
RETURN r.id AS id
"""

_REFERRAL_FIELDS: LiteralString = """
RETURN c.reference AS caseReference, r {.*} AS referral, k {.*} AS capture,
       COLLECT { MATCH (r)-[:HAS_STATUS]->(s:ReferralStatusChange)
                 RETURN s {.*} ORDER BY s.at, s.recordedAt } AS history
"""

_REFERRALS: LiteralString = """
MATCH (c:Case)-[:HAS_REFERRAL]->(r:PlatformReferral)-[:OF_CAPTURE]->(k:Capture)
WHERE """ + SCOPED_CASE + """
  AND ($reference IS NULL OR c.reference = $reference)
  AND ($referralId IS NULL OR r.id = $referralId)
  AND ($platform IS NULL OR r.platform = $platform)
WITH c, r, k ORDER BY r.sentAt, r.id
""" + _REFERRAL_FIELDS

_RECORD_STATUS: LiteralString = """
MATCH (c:Case)-[:HAS_REFERRAL]->(r:PlatformReferral {id: $referralId})
WHERE """ + SCOPED_CASE + """ AND r.status = $from
CREATE (s:ReferralStatusChange) SET s = $record
CREATE (r)-[:HAS_STATUS]->(s)
SET r.status = s.status, r.statusAt = s.at
WITH c, r
MATCH (r)-[:OF_CAPTURE]->(k:Capture)
""" + _REFERRAL_FIELDS

_CAPTURES: LiteralString = _CASE + """
OPTIONAL MATCH (c)-[:HAS_CAPTURE]->(k:Capture)
WITH c, k ORDER BY k.capturedAt, k.id
RETURN collect(k {.*}) AS captures
"""

_CREATE_PRESERVATION: LiteralString = _CASE + """
MATCH (p:Platform {id: $request.platform})
CREATE (q:PreservationRequest) SET q = $request
CREATE (c)-[:HAS_PRESERVATION]->(q)
CREATE (q)-[:TO_PLATFORM]->(p)
RETURN q.id AS id
"""

_PRESERVATION_FIELDS: LiteralString = """
RETURN c.reference AS caseReference, q {.*} AS request,
       COLLECT { MATCH (q)-[:HAS_RENEWAL]->(n:PreservationRenewal)
                 RETURN n {.*} ORDER BY n.at } AS renewals
"""

_PRESERVATIONS: LiteralString = """
MATCH (c:Case)-[:HAS_PRESERVATION]->(q:PreservationRequest)
WHERE """ + SCOPED_CASE + """
  AND ($reference IS NULL OR c.reference = $reference)
  AND ($requestId IS NULL OR q.id = $requestId)
WITH c, q ORDER BY q.expiresAt, q.id
""" + _PRESERVATION_FIELDS

_RENEW: LiteralString = """
MATCH (c:Case)-[:HAS_PRESERVATION]->(q:PreservationRequest {id: $requestId})
WHERE """ + SCOPED_CASE + """ AND COUNT { (q)-[:HAS_RENEWAL]->() } = $renewals
CREATE (n:PreservationRenewal) SET n = $record
CREATE (q)-[:HAS_RENEWAL]->(n)
SET q.expiresAt = n.expiresAt, q.remindAt = n.remindAt
WITH c, q
""" + _PRESERVATION_FIELDS

_VISIBLE: LiteralString = _CASE + " RETURN c.reference AS reference"


async def case_visible(graph: Graph, reference: str, scope: str | None) -> bool:
    return bool(await graph.rows(_VISIBLE, reference=reference, scope=scope))


async def create_capture(graph: Graph, reference: str, scope: str | None,
                         planned: Planned) -> bool:
    """Store the capture on the case with its audit event; False (nothing written) when the
    case is missing or out of scope."""

    async def work(tx: AsyncManagedTransaction) -> bool:
        row = await (await tx.run(_CREATE_CAPTURE, reference=reference, scope=scope,
                                  capture=planned.record)).single()
        if row is None:
            return False
        await write_event(tx, planned.audit)
        return True

    return await graph.write(work)


async def refer_capture(graph: Graph, reference: str, scope: str | None, capture_id: str,
                        plan: Callable[[dict[str, Any] | None], tuple[Planned, dict[str, Any]]]
                        ) -> dict[str, Any] | None:
    """Refer one of the case's captures: `plan` gets the capture (None when the case has no
    such capture; it may raise) and returns the referral with its audit, and the first status.
    Returns the stored referral row, or None when the case is missing or out of scope."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        found = await (await tx.run(_CAPTURE_OF_CASE, reference=reference, scope=scope,
                                    captureId=capture_id)).single()
        if found is None:
            return None
        planned, status = plan(found["capture"])
        created = await (await tx.run(_CREATE_REFERRAL, reference=reference, scope=scope,
                                      captureId=capture_id, referral=planned.record,
                                      status=status)).single()
        if created is None:
            raise LookupError(f"platform {planned.record['platform']!r} is not loaded")
        await write_event(tx, planned.audit)
        return await _one(tx, _REFERRALS, referralId=planned.record["id"], scope=scope)

    return await graph.write(work)


async def record_referral_status(graph: Graph, referral_id: str, scope: str | None,
                                 plan: Callable[[dict[str, Any]], Planned]
                                 ) -> dict[str, Any] | None:
    """Add a status to a referral: `plan` gets the referral row (with its capture, history and
    case reference; it may raise) and returns the status change with its audit. Returns the
    referral as it now stands, or None when missing or out of scope."""
    return await _amend(graph, _REFERRALS, _RECORD_STATUS, {"referralId": referral_id}, scope,
                        plan, lambda row: {"from": row["referral"]["status"]})


async def referrals(graph: Graph, scope: str | None, *, reference: str | None = None,
                    platform: str | None = None) -> list[dict[str, Any]]:
    """Referrals of the cases in scope (one case's, or one platform's), oldest sent first,
    each with its case reference, capture and status history."""
    return await graph.rows(_REFERRALS, scope=scope, reference=reference, platform=platform,
                            referralId=None)


async def captures(graph: Graph, reference: str,
                   scope: str | None) -> list[dict[str, Any]] | None:
    """The case's captures, earliest first; None when missing or out of scope."""
    rows = await graph.rows(_CAPTURES, reference=reference, scope=scope)
    return list(rows[0]["captures"]) if rows else None


async def create_preservation(graph: Graph, reference: str, scope: str | None,
                              planned: Planned) -> dict[str, Any] | None:
    """Store the request on the case with its audit event; None when the case is missing or
    out of scope."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        created = await (await tx.run(_CREATE_PRESERVATION, reference=reference, scope=scope,
                                      request=planned.record)).single()
        if created is None:
            if await (await tx.run(_VISIBLE, reference=reference, scope=scope)).single():
                raise LookupError(f"platform {planned.record['platform']!r} is not loaded")
            return None
        await write_event(tx, planned.audit)
        return await _one(tx, _PRESERVATIONS, requestId=planned.record["id"], scope=scope)

    return await graph.write(work)


async def renew_preservation(graph: Graph, request_id: str, scope: str | None,
                             plan: Callable[[dict[str, Any]], Planned]
                             ) -> dict[str, Any] | None:
    """Renew a request: `plan` gets its row (with renewals; it may raise) and returns the
    renewal, carrying the new `expiresAt` and `remindAt`, with its audit. Returns the request
    as it now stands, or None when missing or out of scope."""
    return await _amend(graph, _PRESERVATIONS, _RENEW, {"requestId": request_id}, scope, plan,
                        lambda row: {"renewals": len(row["renewals"])})


async def preservations(graph: Graph, scope: str | None, *,
                        reference: str | None = None) -> list[dict[str, Any]]:
    """Preservation requests of the cases in scope (or one case's), soonest expiry first."""
    return await graph.rows(_PRESERVATIONS, scope=scope, reference=reference, requestId=None)


async def _amend(graph: Graph, read: LiteralString, write: LiteralString, key: dict[str, str],
                 scope: str | None, plan: Callable[[dict[str, Any]], Planned],
                 as_read: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any] | None:
    """Read a record in scope, let `plan` decide, and write its addition and audit only if
    the record is still as read (`as_read` gives what the write's guard compares)."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        row = await _one(tx, read, scope=scope, **key)
        if row is None:
            return None
        planned = plan(row)
        written = await (await tx.run(write, {**key, **as_read(row), "scope": scope,
                                              "record": planned.record})).single()
        if written is None:
            raise ChangedMeanwhile(next(iter(key.values())))
        await write_event(tx, planned.audit)
        return dict(written)

    return await graph.write(work)


async def _one(tx: AsyncManagedTransaction, query: LiteralString,
               **params: Any) -> dict[str, Any] | None:
    defaults = {"reference": None, "platform": None, "referralId": None, "requestId": None}
    row = await (await tx.run(query, {**defaults, **params})).single()
    return dict(row) if row else None
