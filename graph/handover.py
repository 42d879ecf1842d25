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
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph

OPEN_STATES = ["PROPOSED", "DISPUTED"]


class ChangedMeanwhile(Exception):
    """The transfer or its case moved between the read and the write: nothing was written."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What answering a transfer writes: the transfer's new properties, and when the case
    changes hands its status change, its new properties and the victims' update clocks."""

    transfer: dict[str, Any]
    audit: dict[str, Any]
    status_change: dict[str, Any] | None = None
    case_properties: dict[str, Any] = field(default_factory=dict)
    victim_clocks: list[dict[str, Any]] = field(default_factory=list)


_CASE: LiteralString = "MATCH (c:Case {reference: $reference}) WHERE " + SCOPED_CASE

_VICTIMS: LiteralString = """
COLLECT { MATCH (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(v:Victim)
          RETURN DISTINCT v.id ORDER BY v.id } AS victims"""

# What the receiving force sees to decide: the case's standing and the allocation's working,
# never the parties, the narratives or the content.
_SUMMARY: LiteralString = """
c {.reference, .status, .openedAt, .priority, .strands,
   reportCount: COUNT { (c)<-[:PART_OF]-() },
   allocation: COLLECT { MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)
                         RETURN a {.force, .victimForce, .suspectForce, .rule, .reason}
                         ORDER BY a.at DESC LIMIT 1 }[0],
   assessment: COLLECT { MATCH (c)-[:HAS_ASSESSMENT]->(s:Assessment)
                         RETURN s {.decision, .offences, .strands} ORDER BY s.at DESC LIMIT 1 }[0]}
AS case"""

_TRANSFER_ROW: LiteralString = "RETURN t {.*, caseReference: c.reference} AS transfer, " + _SUMMARY

_FOR_PROPOSAL: LiteralString = _CASE + """
OPTIONAL MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)
WITH c, a ORDER BY a.at DESC LIMIT 1
RETURN c {.reference, .status, .force} AS case, a {.*} AS allocation,
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
RETURN t {.*} AS transfer, c {.reference, .status, .force} AS case,
       COLLECT { MATCH (c)-[:HAS_ASSESSMENT]->(s:Assessment)
                 RETURN s.decision ORDER BY s.at DESC LIMIT 1 }[0] AS decision,""" + _VICTIMS

_ANSWER: LiteralString = """
MATCH (t:Transfer {id: $id}) WHERE t.state = $from
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
SET c.status = $change.toState, c += $properties
FOREACH (clock IN $clocks |
  CREATE (k:VictimClock) SET k = clock
  CREATE (c)-[:OWES_UPDATE]->(k))
RETURN c.reference AS reference
"""

_OF_CASE: LiteralString = _CASE + """
OPTIONAL MATCH (c)-[:HAS_TRANSFER]->(t:Transfer)
WITH c, t ORDER BY t.proposedAt
RETURN collect(t {.*, caseReference: c.reference}) AS transfers, """ + _SUMMARY

_AWAITING: LiteralString = """
MATCH (c:Case)-[:HAS_TRANSFER]->(t:Transfer)
WHERE t.state IN $open AND ($force IS NULL OR t.toForce = $force)
WITH c, t ORDER BY t.proposedAt, t.id
""" + _TRANSFER_ROW

_VICTIM_OF_CASE: LiteralString = _CASE + """
RETURN EXISTS { (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(:Victim {id: $victim}) } AS victim
"""

_PREFER: LiteralString = """
MATCH (c:Case {reference: $reference})
CREATE (p:UpdatePreference) SET p = $preference
CREATE (c)-[:HAS_UPDATE_PREFERENCE]->(p)
"""

_PREFERENCES: LiteralString = _CASE + """
RETURN COLLECT {
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
} AS victims
"""

_EXPLANATION_FACTS: LiteralString = _CASE + """
RETURN c.reference AS reference, c.strands AS reportedStrands,
       COLLECT { MATCH (c)-[:HAS_ASSESSMENT]->(s:Assessment)
                 RETURN s.strands ORDER BY s.at DESC LIMIT 1 }[0] AS assessedStrands,
       COLLECT { MATCH (c)-[:HAS_REFERRAL]->(r:PlatformReferral {status: 'DECLINED'})
                 RETURN r.platform ORDER BY r.statusAt DESC LIMIT 1 }[0] AS declinedBy,""" + \
    _VICTIMS


async def propose(graph: Graph, reference: str, scope: str | None,
                  plan: Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]
                  ) -> dict[str, Any] | None:
    """Offer the case to a force: `plan` gets the case, its latest allocation and whether a
    transfer is already open, and returns (the transfer, the audit event) or raises. Returns
    the transfer as stored with its case summary; None when the case is missing or out of
    scope."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        row = await (await tx.run(_FOR_PROPOSAL, reference=reference, scope=scope,
                                  open=OPEN_STATES)).single()
        if row is None:
            return None
        transfer, audit = plan(row.data())
        created = await (await tx.run(_PROPOSE, reference=reference, transfer=transfer,
                                      open=OPEN_STATES)).single()
        if created is None:
            raise ChangedMeanwhile(reference)
        await write_event(tx, audit)
        return created.data()

    return await graph.write(work)


async def answer(graph: Graph, transfer_id: str, force: str | None,
                 plan: Callable[[dict[str, Any]], Answer]) -> dict[str, Any] | None:
    """Answer a transfer offered to `force` (None: any force, for the hub). `plan` gets the
    transfer, its case's status and force, the latest decision and the victims; returns the
    transfer as stored with its case summary, or None when there is no such transfer for the
    caller (one offered to another force included)."""

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        row = await (await tx.run(_ANSWERABLE, id=transfer_id, force=force)).single()
        if row is None:
            return None
        read = row.data()
        planned = plan(read)
        stored = await (await tx.run(_ANSWER, id=transfer_id, changes=planned.transfer,
                                     **{"from": read["transfer"]["state"]})).single()
        if stored is None:
            raise ChangedMeanwhile(transfer_id)
        if planned.status_change is not None:
            moved = await (await tx.run(
                _HAND_OVER, reference=read["case"]["reference"], change=planned.status_change,
                toForce=read["transfer"]["toForce"], properties=planned.case_properties,
                clocks=planned.victim_clocks)).single()
            if moved is None:
                raise ChangedMeanwhile(transfer_id)
        await write_event(tx, planned.audit)
        answered = await (await tx.run(_TRANSFER, id=transfer_id)).single()
        return answered.data() if answered else None

    return await graph.write(work)


async def open_transfer_exists(graph: Graph, reference: str, scope: str | None) -> bool:
    rows = await graph.rows(_CASE + " RETURN EXISTS { (c)-[:HAS_TRANSFER]->(t:Transfer) "
                            "WHERE t.state IN $open } AS open", reference=reference,
                            scope=scope, open=OPEN_STATES)
    return bool(rows and rows[0]["open"])


async def transfers_of_case(graph: Graph, reference: str,
                            scope: str | None) -> dict[str, Any] | None:
    """The case's transfers, oldest first, with its summary; None when missing or out of
    scope."""
    rows = await graph.rows(_OF_CASE, reference=reference, scope=scope)
    return rows[0] if rows else None


async def awaiting(graph: Graph, force: str | None) -> list[dict[str, Any]]:
    """Open transfers (awaiting the receiving force or the registrar) offered to `force`, or to
    any force for None, oldest first, each with its case summary."""
    return await graph.rows(_AWAITING, force=force, open=OPEN_STATES)


async def record_preference(graph: Graph, reference: str, scope: str | None, victim_id: str,
                            preference: dict[str, Any],
                            audit: dict[str, Any]) -> str:
    """Store how a victim of the case agreed to be updated: "recorded", "no case" (missing or
    out of scope) or "no victim" (not a victim of this case); nothing is written unless
    recorded."""

    async def work(tx: AsyncManagedTransaction) -> str:
        found = await (await tx.run(_VICTIM_OF_CASE, reference=reference, scope=scope,
                                    victim=victim_id)).single()
        if found is None:
            return "no case"
        if not found["victim"]:
            return "no victim"
        await tx.run(_PREFER, reference=reference, preference=preference)
        await write_event(tx, audit)
        return "recorded"

    return await graph.write(work)


async def preferences(graph: Graph, reference: str,
                      scope: str | None) -> list[dict[str, Any]] | None:
    """Each victim of the case with their latest preference (or None) and last update."""
    rows = await graph.rows(_PREFERENCES, reference=reference, scope=scope)
    return list(rows[0]["victims"]) if rows else None


async def explanation_facts(graph: Graph, reference: str,
                            scope: str | None) -> dict[str, Any] | None:
    """What an explanation to the victims depends on: strands, a platform's refusal, victims."""
    rows = await graph.rows(_EXPLANATION_FACTS, reference=reference, scope=scope)
    return rows[0] if rows else None
