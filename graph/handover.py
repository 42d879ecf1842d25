"""Handing a case to a force, and caring for its victims meanwhile: transfers, update
preferences and what the victims were told.

A transfer is read by the force it is offered to, whatever the case's force says, so that the
receiving force can see what it is asked to take before it takes it; everything else about the
case stays behind the case's own scope. Each answer re-reads the transfer and writes its new
state, the case's status change and the audit event in one managed transaction, guarded on the
state read: two officers answering at once cannot both succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import AuditEntry, write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph
from graph.records import properties, record_of, row_of
from graph.workflow import (
    STANDING,
    VICTIM_OF_CASE,
    Allocation,
    CaseStanding,
    NotAVictim,
    StatusChange,
    VictimClock,
    standing,
)

OPEN_STATES = ["PROPOSED", "DISPUTED"]


class ChangedMeanwhile(Exception):
    """The transfer or its case moved between the read and the write: nothing was written."""


@dataclass(frozen=True, slots=True)
class Transfer:
    """A case offered to a force, as stored: both references, and each step's who, when, why."""

    id: str
    from_force: str
    to_force: str
    sending_reference: str
    state: str
    proposed_by: str
    proposed_at: datetime
    reason: str
    receiving_reference: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    answer_reason: str | None = None
    escalated_to: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """What the receiving force sees to decide: the case's standing and the allocation's
    working, never the parties, the narratives or the content."""

    reference: str
    status: str
    opened_at: datetime
    priority: str
    report_count: int
    strands: tuple[str, ...] = ()
    allocation: Allocation | None = None
    decision: str | None = None
    offences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseTransfer:
    """A transfer with the summary of its case."""

    transfer: Transfer
    case: CaseSummary


@dataclass(frozen=True, slots=True)
class Answer:
    """What answering a transfer writes: the transfer as it now stands and the audit entry, and
    when the case changes hands its status change and the victims' update clocks."""

    transfer: Transfer
    audit: AuditEntry
    status_change: StatusChange | None = None
    victim_clocks: tuple[VictimClock, ...] = ()


@dataclass(frozen=True, slots=True)
class UpdatePreference:
    """How and how often a victim of the case agreed to be updated; the latest applies."""

    id: str
    victim_id: str
    channel: str
    at: datetime
    by: str
    every_working_days: int | None = None


@dataclass(frozen=True, slots=True)
class VictimContact:
    """A victim of the case: the latest preference they agreed (if any) and their last update."""

    victim_id: str
    preference: UpdatePreference | None = None
    last_update_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ExplanationFacts:
    """What an explanation to the victims depends on: the strands reported and assessed, the
    platform that declined to act (if one did) and the victims."""

    reference: str
    reported_strands: tuple[str, ...] = ()
    assessed_strands: tuple[str, ...] | None = None
    declined_by: str | None = None
    victims: tuple[str, ...] = ()


_CASE: LiteralString = "MATCH (c:Case {reference: $reference}) WHERE " + SCOPED_CASE

# The case summary (see CaseSummary), from `c`.
SUMMARY: LiteralString = """
c {.reference, .status, .openedAt, .priority, .strands,
   reportCount: COUNT { (c)<-[:PART_OF]-() },
   allocation: COLLECT { MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)
                         RETURN a {.*} ORDER BY a.at DESC LIMIT 1 }[0],
   assessment: COLLECT { MATCH (c)-[:HAS_ASSESSMENT]->(s:Assessment)
                         RETURN s {.decision, .offences} ORDER BY s.at DESC LIMIT 1 }[0]}"""
_SUMMARY: LiteralString = SUMMARY + " AS case"

# A case's transfers, oldest first, with the case's summary, from `c` (see `case_transfers`).
TRANSFERS: LiteralString = """
{case: """ + SUMMARY + """,
 transfers: COLLECT { MATCH (c)-[:HAS_TRANSFER]->(t:Transfer)
                      RETURN t {.*} ORDER BY t.proposedAt, t.id }}"""

# Each victim of the case `c` with their latest preference and last update (VictimContact).
VICTIMS: LiteralString = """
COLLECT {
  MATCH (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(v:Victim)
  WITH DISTINCT v.id AS victim
  WITH victim ORDER BY victim
  RETURN {victimId: victim,
          preference: COLLECT { MATCH (c)-[:HAS_UPDATE_PREFERENCE]->(p:UpdatePreference)
                                WHERE p.victimId = victim
                                RETURN p {.*} ORDER BY p.at DESC LIMIT 1 }[0],
          lastUpdateAt: COLLECT { MATCH (c)-[:GAVE_UPDATE]->(u:VictimUpdate)
                                  WHERE u.victimId = victim
                                  RETURN u.at ORDER BY u.at DESC LIMIT 1 }[0]}
}"""

_TRANSFER_ROW: LiteralString = "RETURN t {.*} AS transfer, " + _SUMMARY

_FOR_PROPOSAL: LiteralString = _CASE + """
RETURN """ + STANDING + """ AS case,
       EXISTS { (c)-[:HAS_TRANSFER]->(o:Transfer) WHERE o.state IN $open } AS transferOpen
"""

_PROPOSE: LiteralString = """
MATCH (c:Case {reference: $reference})
WHERE NOT EXISTS { (c)-[:HAS_TRANSFER]->(o:Transfer) WHERE o.state IN $open }
CREATE (t:Transfer) SET t = $transfer
CREATE (c)-[:HAS_TRANSFER]->(t)
WITH c, t
""" + _TRANSFER_ROW

_ANSWERABLE: LiteralString = """
MATCH (c:Case)-[:HAS_TRANSFER]->(t:Transfer {id: $id})
WHERE $force IS NULL OR t.toForce = $force
RETURN t {.*} AS transfer, """ + STANDING + " AS case"

_ANSWER: LiteralString = """
MATCH (t:Transfer {id: $id}) WHERE t.state = $state
SET t += $changes
RETURN t.id AS id
"""

_TRANSFER: LiteralString = """
MATCH (c:Case)-[:HAS_TRANSFER]->(t:Transfer {id: $id})
""" + _TRANSFER_ROW

# The case changes hands only if it is still allocated to the force that accepted it (by its
# latest allocation: the case's force is set here too, whatever it was meanwhile).
_HAND_OVER: LiteralString = """
MATCH (c:Case {reference: $reference})
WHERE c.status = $change.fromState
  AND COLLECT { MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)
                RETURN a.force ORDER BY a.at DESC LIMIT 1 }[0] = $toForce
CREATE (s:StatusChange) SET s = $change
CREATE (c)-[:HAS_STATUS_CHANGE]->(s)
SET c.status = $change.toState, c.force = $toForce, c.updatedAt = $change.at
FOREACH (clock IN $clocks |
  CREATE (k:VictimClock) SET k = clock
  CREATE (c)-[:OWES_UPDATE]->(k))
RETURN c.reference AS reference
"""

_OF_CASE: LiteralString = _CASE + " RETURN " + TRANSFERS + " AS transfers"

_AWAITING: LiteralString = """
MATCH (c:Case)-[:HAS_TRANSFER]->(t:Transfer)
WHERE t.state IN $open AND ($force IS NULL OR t.toForce = $force)
WITH c, t ORDER BY t.proposedAt, t.id
""" + _TRANSFER_ROW

_PREFER: LiteralString = """
MATCH (c:Case {reference: $reference})
CREATE (p:UpdatePreference) SET p = $preference
CREATE (c)-[:HAS_UPDATE_PREFERENCE]->(p)
"""

_PREFERENCES: LiteralString = _CASE + " RETURN " + VICTIMS + " AS victims"

_EXPLANATION_FACTS: LiteralString = _CASE + """
RETURN c.reference AS reference, c.strands AS reportedStrands,
       COLLECT { MATCH (c)-[:HAS_ASSESSMENT]->(s:Assessment)
                 RETURN s.strands ORDER BY s.at DESC LIMIT 1 }[0] AS assessedStrands,
       COLLECT { MATCH (c)-[:HAS_REFERRAL]->(r:PlatformReferral {status: 'DECLINED'})
                 RETURN r.platform ORDER BY r.statusAt DESC LIMIT 1 }[0] AS declinedBy,
       COLLECT { MATCH (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(v:Victim)
                 RETURN DISTINCT v.id ORDER BY v.id } AS victims
"""


def _summary(case: dict[str, Any]) -> CaseSummary:
    return record_of(CaseSummary, {**case, **(case["assessment"] or {})},
                     parts={"allocation": Allocation})


def _case_transfer(row: dict[str, Any]) -> CaseTransfer:
    return CaseTransfer(record_of(Transfer, row["transfer"]), _summary(row["case"]))


async def propose(graph: Graph, reference: str, scope: str | None,
                  plan: Callable[[CaseStanding, bool], tuple[Transfer, AuditEntry]]
                  ) -> CaseTransfer | None:
    """Offer the case to a force: `plan` gets the case and whether a transfer of it is already
    open, and returns (the transfer, the audit entry) or raises. Returns the transfer as stored
    with its case summary; None when the case is missing or out of scope."""

    async def work(tx: AsyncManagedTransaction) -> CaseTransfer | None:
        row = await row_of(await tx.run(_FOR_PROPOSAL, reference=reference, scope=scope,
                                        open=OPEN_STATES))
        if row is None:
            return None
        transfer, audit = plan(standing(row["case"]), row["transferOpen"])
        created = await row_of(await tx.run(_PROPOSE, reference=reference,
                                            transfer=properties(transfer), open=OPEN_STATES))
        if created is None:
            raise ChangedMeanwhile(reference)
        await write_event(tx, audit)
        return _case_transfer(created)

    return await graph.write(work)


async def answer(graph: Graph, transfer_id: str, force: str | None,
                 plan: Callable[[Transfer, CaseStanding], Answer]) -> CaseTransfer | None:
    """Answer a transfer offered to `force` (None: any force, for the hub). `plan` gets the
    transfer and its case; returns the transfer as stored with its case summary, or None when
    there is no such transfer for the caller (one offered to another force included)."""

    async def work(tx: AsyncManagedTransaction) -> CaseTransfer | None:
        row = await row_of(await tx.run(_ANSWERABLE, id=transfer_id, force=force))
        if row is None:
            return None
        read, case = record_of(Transfer, row["transfer"]), standing(row["case"])
        planned = plan(read, case)
        stored = await row_of(await tx.run(_ANSWER, id=transfer_id,
                                           changes=properties(planned.transfer),
                                           state=read.state))
        if stored is None:
            raise ChangedMeanwhile(transfer_id)
        if planned.status_change is not None:
            moved = await row_of(await tx.run(
                _HAND_OVER, reference=case.reference, change=properties(planned.status_change),
                toForce=read.to_force,
                clocks=[properties(clock) for clock in planned.victim_clocks]))
            if moved is None:
                raise ChangedMeanwhile(transfer_id)
        await write_event(tx, planned.audit)
        answered = await row_of(await tx.run(_TRANSFER, id=transfer_id))
        return _case_transfer(answered) if answered else None

    return await graph.write(work)


async def open_transfer_exists(graph: Graph, reference: str, scope: str | None) -> bool:
    rows = await graph.rows(_CASE + " RETURN EXISTS { (c)-[:HAS_TRANSFER]->(t:Transfer) "
                            "WHERE t.state IN $open } AS open", reference=reference,
                            scope=scope, open=OPEN_STATES)
    return bool(rows and rows[0]["open"])


async def transfers_of_case(graph: Graph, reference: str,
                            scope: str | None) -> list[CaseTransfer] | None:
    """The case's transfers, oldest first, each with the case's summary; None when the case is
    missing or out of scope."""
    rows = await graph.rows(_OF_CASE, reference=reference, scope=scope)
    return case_transfers(rows[0]["transfers"]) if rows else None


def case_transfers(found: dict[str, Any]) -> list[CaseTransfer]:
    """The records of what `TRANSFERS` reads."""
    case = _summary(found["case"])
    return [CaseTransfer(record_of(Transfer, transfer), case) for transfer in found["transfers"]]


async def awaiting(graph: Graph, force: str | None) -> list[CaseTransfer]:
    """Open transfers (awaiting the receiving force or the registrar) offered to `force`, or to
    any force for None, oldest first, each with its case summary."""
    return [_case_transfer(row)
            for row in await graph.rows(_AWAITING, force=force, open=OPEN_STATES)]


async def record_preference(graph: Graph, reference: str, scope: str | None,
                            preference: UpdatePreference, audit: AuditEntry) -> bool:
    """Store how a victim of the case agreed to be updated; False when the case is missing or
    out of scope, NotAVictim when the victim is not one of its own. Nothing is written unless
    the preference is."""

    async def work(tx: AsyncManagedTransaction) -> bool:
        found = await row_of(await tx.run(VICTIM_OF_CASE, reference=reference, scope=scope,
                                          victim=preference.victim_id))
        if found is None:
            return False
        if not found["victim"]:
            raise NotAVictim(preference.victim_id)
        await tx.run(_PREFER, reference=reference, preference=properties(preference))
        await write_event(tx, audit)
        return True

    return await graph.write(work)


async def preferences(graph: Graph, reference: str,
                      scope: str | None) -> list[VictimContact] | None:
    """Each victim of the case with their latest preference (or None) and last update; None
    when the case is missing or out of scope."""
    rows = await graph.rows(_PREFERENCES, reference=reference, scope=scope)
    return victim_contacts(rows[0]["victims"]) if rows else None


def victim_contacts(found: list[dict[str, Any]]) -> list[VictimContact]:
    """The records of what `VICTIMS` reads."""
    return [record_of(VictimContact, victim, parts={"preference": UpdatePreference})
            for victim in found]


async def explanation_facts(graph: Graph, reference: str,
                            scope: str | None) -> ExplanationFacts | None:
    """What an explanation to the victims depends on: strands, a platform's refusal, victims."""
    rows = await graph.rows(_EXPLANATION_FACTS, reference=reference, scope=scope)
    return record_of(ExplanationFacts, rows[0]) if rows else None
