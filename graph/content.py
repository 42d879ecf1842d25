"""Captured content, referrals of it to its platform, and preservation requests, on a case.

Each change reads what it depends on and writes its outcome and audit entry in one managed
transaction, always through the case's scope: a case, capture, referral or request outside the
caller's force is answered exactly like one that does not exist. Captures are evidence, so they
are only ever created; a referral's status moves only with the status read guarding the write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, LiteralString, TypeVar

from neo4j import AsyncManagedTransaction

from graph.audit import Planned, write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph
from graph.records import properties, record_of, row_of

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Added = TypeVar("Added", bound="DataclassInstance")
Stored = TypeVar("Stored")


@dataclass(frozen=True, slots=True)
class Capture:
    """Online content as it stood when captured, as stored; never changed afterwards."""

    id: str
    url: str
    captured_at: datetime
    by: str
    at: datetime
    sha256: str
    text: str | None = None
    posted_at: datetime | None = None
    file_sha256: str | None = None
    file_name: str | None = None
    platform: str | None = None
    content_id: str | None = None


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One status of a platform referral, as the platform answered (or stayed silent)."""

    id: str
    status: str
    at: datetime
    by: str
    recorded_at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlatformReferral:
    """A capture referred to its platform, on a case, with every status it has had (oldest
    first); `status` and `status_at` are the latest's."""

    id: str
    case_reference: str
    platform: str
    content_url: str
    status: str
    status_at: datetime
    sent_at: datetime
    by: str
    reason: str
    legal_basis: str
    schedule7_priority: bool
    no_response_due: datetime
    recorded_at: datetime
    rules_version: str
    capture: Capture
    history: tuple[StatusChange, ...]
    content_id: str | None = None
    offence_code: str | None = None
    offence_provision: str | None = None
    terms_clause: str | None = None


@dataclass(frozen=True, slots=True)
class PreservationRenewal:
    """One renewal of a preservation request, and the expiry and reminder it set."""

    id: str
    at: datetime
    by: str
    reason: str
    expires_at: datetime
    remind_at: datetime
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class PreservationRequest:
    """A request that a platform hold an account's or content's data, on a case; `expires_at`
    and `remind_at` are those set by the request or its latest renewal."""

    id: str
    case_reference: str
    platform: str
    target_kind: str
    target: str
    requested_at: datetime
    by: str
    reason: str
    expires_at: datetime
    remind_at: datetime
    recorded_at: datetime
    rules_version: str
    renewals: tuple[PreservationRenewal, ...] = ()
    platform_reference: str | None = None


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

# A row only for a case in scope: a missing case answers None, not an empty list.
_CAPTURES: LiteralString = _CASE + """
RETURN COLLECT { MATCH (c)-[:HAS_CAPTURE]->(k:Capture)
                 RETURN k {.*} ORDER BY k.capturedAt, k.id } AS captures
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
                         planned: Planned[Capture]) -> bool:
    """Store the capture on the case with its audit event; False (nothing written) when the
    case is missing or out of scope."""

    async def work(tx: AsyncManagedTransaction) -> bool:
        row = await (await tx.run(_CREATE_CAPTURE, reference=reference, scope=scope,
                                  capture=properties(planned.record))).single()
        if row is None:
            return False
        await write_event(tx, planned.audit)
        return True

    return await graph.write(work)


async def refer_capture(graph: Graph, reference: str, scope: str | None, capture_id: str,
                        plan: Callable[[Capture | None], Planned[PlatformReferral]]
                        ) -> PlatformReferral | None:
    """Refer one of the case's captures: `plan` gets the capture (None when the case has no
    such capture; it may raise) and returns the referral, with its first status, and its audit.
    Returns the referral as stored, or None when the case is missing or out of scope."""

    async def work(tx: AsyncManagedTransaction) -> PlatformReferral | None:
        found = await row_of(await tx.run(_CAPTURE_OF_CASE, reference=reference, scope=scope,
                                          captureId=capture_id))
        if found is None:
            return None
        capture = found["capture"]
        planned = plan(record_of(Capture, capture) if capture is not None else None)
        referral = planned.record
        [sent] = referral.history  # a new referral has one status: SENT
        created = await (await tx.run(
            _CREATE_REFERRAL, reference=reference, scope=scope, captureId=capture_id,
            referral=properties(referral, leave_out=("case_reference", "capture", "history")),
            status=properties(sent))).single()
        if created is None:
            raise LookupError(f"platform {referral.platform!r} is not loaded")
        await write_event(tx, planned.audit)
        return await _one(tx, referral_record, _REFERRALS, referralId=referral.id, scope=scope)

    return await graph.write(work)


async def record_referral_status(graph: Graph, referral_id: str, scope: str | None,
                                 plan: Callable[[PlatformReferral], Planned[StatusChange]]
                                 ) -> PlatformReferral | None:
    """Add a status to a referral: `plan` gets the referral (it may raise) and returns the
    status change with its audit. Returns the referral as it now stands, or None when missing
    or out of scope."""
    return await _amend(graph, referral_record, _REFERRALS, _RECORD_STATUS,
                        {"referralId": referral_id}, scope, plan,
                        lambda referral: {"from": referral.status})


async def referrals(graph: Graph, scope: str | None, *, reference: str | None = None,
                    platform: str | None = None) -> list[PlatformReferral]:
    """Referrals of the cases in scope (one case's, or one platform's), oldest sent first,
    each with its capture and status history."""
    rows = await graph.rows(_REFERRALS, scope=scope, reference=reference, platform=platform,
                            referralId=None)
    return [referral_record(row) for row in rows]


async def captures(graph: Graph, reference: str, scope: str | None) -> list[Capture] | None:
    """The case's captures, earliest first; None when missing or out of scope."""
    rows = await graph.rows(_CAPTURES, reference=reference, scope=scope)
    return [record_of(Capture, capture) for capture in rows[0]["captures"]] if rows else None


async def create_preservation(graph: Graph, reference: str, scope: str | None,
                              planned: Planned[PreservationRequest]
                              ) -> PreservationRequest | None:
    """Store the request on the case with its audit event; None when the case is missing or
    out of scope."""
    request = planned.record

    async def work(tx: AsyncManagedTransaction) -> PreservationRequest | None:
        created = await (await tx.run(
            _CREATE_PRESERVATION, reference=reference, scope=scope,
            request=properties(request, leave_out=("case_reference", "renewals")))).single()
        if created is None:
            if await (await tx.run(_VISIBLE, reference=reference, scope=scope)).single():
                raise LookupError(f"platform {request.platform!r} is not loaded")
            return None
        await write_event(tx, planned.audit)
        return await _one(tx, preservation_record, _PRESERVATIONS, requestId=request.id,
                          scope=scope)

    return await graph.write(work)


async def renew_preservation(graph: Graph, request_id: str, scope: str | None,
                             plan: Callable[[PreservationRequest], Planned[PreservationRenewal]]
                             ) -> PreservationRequest | None:
    """Renew a request: `plan` gets it (it may raise) and returns the renewal, carrying the new
    expiry and reminder, with its audit. Returns the request as it now stands, or None when
    missing or out of scope."""
    return await _amend(graph, preservation_record, _PRESERVATIONS, _RENEW,
                        {"requestId": request_id}, scope, plan,
                        lambda request: {"renewals": len(request.renewals)})


async def preservations(graph: Graph, scope: str | None, *,
                        reference: str | None = None) -> list[PreservationRequest]:
    """Preservation requests of the cases in scope (or one case's), soonest expiry first."""
    rows = await graph.rows(_PRESERVATIONS, scope=scope, reference=reference, requestId=None)
    return [preservation_record(row) for row in rows]


def referral_record(row: Mapping[str, Any]) -> PlatformReferral:
    return record_of(PlatformReferral, row["referral"], case_reference=row["caseReference"],
                     capture=record_of(Capture, row["capture"]),
                     history=tuple(record_of(StatusChange, change) for change in row["history"]))


def preservation_record(row: Mapping[str, Any]) -> PreservationRequest:
    return record_of(PreservationRequest, row["request"], case_reference=row["caseReference"],
                     renewals=tuple(record_of(PreservationRenewal, renewal)
                                    for renewal in row["renewals"]))


async def _amend(graph: Graph, record: Callable[[Mapping[str, Any]], Stored],
                 read: LiteralString, write: LiteralString, key: dict[str, str], scope: str | None,
                 plan: Callable[[Stored], Planned[Added]],
                 as_read: Callable[[Stored], dict[str, Any]]) -> Stored | None:
    """Read a record in scope, let `plan` decide, and write its addition and audit only if
    the record is still as read (`as_read` gives what the write's guard compares)."""

    async def work(tx: AsyncManagedTransaction) -> Stored | None:
        stored = await _one(tx, record, read, scope=scope, **key)
        if stored is None:
            return None
        planned = plan(stored)
        written = await row_of(await tx.run(write, {**key, **as_read(stored), "scope": scope,
                                                    "record": properties(planned.record)}))
        if written is None:
            raise ChangedMeanwhile(next(iter(key.values())))
        await write_event(tx, planned.audit)
        return record(written)

    return await graph.write(work)


async def _one(tx: AsyncManagedTransaction, record: Callable[[Mapping[str, Any]], Stored],
               query: LiteralString, **params: Any) -> Stored | None:
    defaults = {"reference": None, "platform": None, "referralId": None, "requestId": None}
    row = await row_of(await tx.run(query, {**defaults, **params}))
    return record(row) if row is not None else None
