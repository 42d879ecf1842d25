"""Casework decisions on a case: status changes and the triage, assessment and allocation
records behind them.

A decision reads the case and writes its outcome in one managed transaction, with the status
guarded on the value that was read: two officers deciding at once cannot both move the case
from the same state, and a refused decision (the pure rule raises) rolls back before anything
is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph

RecordKind = Literal["Triage", "Assessment", "Allocation"]


@dataclass(frozen=True, slots=True)
class CaseChange:
    """What a decision writes: the status change, an optional record, case properties, audit."""

    status_change: dict[str, Any]
    audit: dict[str, Any]
    record_kind: RecordKind | None = None
    record: dict[str, Any] = field(default_factory=dict)
    case_properties: dict[str, Any] = field(default_factory=dict)
    victim_clocks: list[dict[str, Any]] = field(default_factory=list)


_READ_CASE: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
OPTIONAL MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)
WITH c, a ORDER BY a.at DESC LIMIT 1
OPTIONAL MATCH (c)-[:HAS_TRIAGE]->(t:Triage)
WITH c, a, t ORDER BY t.at DESC LIMIT 1
OPTIONAL MATCH (c)-[:HAS_ASSESSMENT]->(s:Assessment)
WITH c, a, t, s ORDER BY s.at DESC LIMIT 1
RETURN c {.reference, .status, .openedAt, .priority, .force} AS case,
       a {.force, .victimForce, .suspectForce} AS allocation,
       coalesce(t.urgent, false) AS urgentHandOff, s.decision AS decision,
       COLLECT { MATCH (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(v:Victim)
                 RETURN DISTINCT v.id ORDER BY v.id } AS victims
"""

_CHANGE_STATUS: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE c.status = $change.fromState
CREATE (s:StatusChange) SET s = $change
CREATE (c)-[:HAS_STATUS_CHANGE]->(s)
SET c.status = $change.toState, c += $properties
RETURN c.reference AS reference
"""

_RECORDS: dict[RecordKind, LiteralString] = {
    "Triage": "MATCH (c:Case {reference: $reference}) "
              "CREATE (t:Triage) SET t = $record CREATE (c)-[:HAS_TRIAGE]->(t)",
    "Assessment": "MATCH (c:Case {reference: $reference}) "
                  "CREATE (a:Assessment) SET a = $record CREATE (c)-[:HAS_ASSESSMENT]->(a)",
    # Same shape as intake's allocation; the latest one is the case's `force`.
    "Allocation": "MATCH (c:Case {reference: $reference}) "
                  "CREATE (al:Allocation) SET al = $record CREATE (c)-[:HAS_ALLOCATION]->(al)",
}

_START_CLOCKS: LiteralString = """
MATCH (c:Case {reference: $reference})
UNWIND $clocks AS clock
CREATE (k:VictimClock) SET k = clock
CREATE (c)-[:OWES_UPDATE]->(k)
"""

_OPEN_CLOCKS: LiteralString = """
MATCH (c:Case)-[:OWES_UPDATE]->(k:VictimClock) WHERE k.metAt IS NULL
  AND ($reference IS NULL OR c.reference = $reference) AND """ + SCOPED_CASE + """
RETURN c.reference AS reference, k {.*} AS clock
"""

_MEET_CLOCKS: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
CREATE (u:VictimUpdate) SET u = $update
CREATE (c)-[:GAVE_UPDATE]->(u)
WITH c
UNWIND $met AS met
MATCH (c)-[:OWES_UPDATE]->(k:VictimClock {id: met.id})
SET k.metAt = met.metAt
"""

_HISTORY: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
OPTIONAL MATCH (c)-[:HAS_STATUS_CHANGE]->(s:StatusChange)
WITH c, s ORDER BY s.at, s.id
RETURN c.reference AS reference, collect(s {.*}) AS changes
"""


class CaseChanged(Exception):
    """The case's status moved between the read and the write: nothing was written."""


async def decide_on_case(graph: Graph, reference: str, scope: str | None,
                         decide: Callable[[dict[str, Any]], CaseChange]) -> CaseChange | None:
    """Read the case in scope, let `decide` (pure; it may raise) plan the change, write it all.

    `decide` receives the case's properties plus `allocation` (the latest, or None) and
    `urgentHandOff` (whether triage handed it off), `decision` (the latest assessment's) and
    `victims` (their ids). None when the case is missing or out of
    scope: the caller cannot tell which.
    """

    async def work(tx: AsyncManagedTransaction) -> CaseChange | None:
        row = await (await tx.run(_READ_CASE, reference=reference, scope=scope)).single()
        if row is None:
            return None
        change = decide({**row["case"], "allocation": row["allocation"],
                         "urgentHandOff": row["urgentHandOff"], "decision": row["decision"],
                         "victims": row["victims"]})
        written = await (await tx.run(_CHANGE_STATUS, reference=reference,
                                      change=change.status_change,
                                      properties=change.case_properties)).single()
        if written is None:
            raise CaseChanged(reference)
        if change.record_kind is not None:
            await tx.run(_RECORDS[change.record_kind], reference=reference, record=change.record)
        if change.victim_clocks:
            await tx.run(_START_CLOCKS, reference=reference, clocks=change.victim_clocks)
        await write_event(tx, change.audit)
        return change

    return await graph.write(work)


async def status_history(graph: Graph, reference: str,
                         scope: str | None) -> list[dict[str, Any]] | None:
    """Every status change of the case, oldest first; None when missing or out of scope."""
    rows = await graph.rows(_HISTORY, reference=reference, scope=scope)
    return list(rows[0]["changes"]) if rows else None


async def open_clocks(graph: Graph, scope: str | None,
                      reference: str | None = None) -> list[dict[str, Any]]:
    """Victim update clocks not yet met, each with its case's reference, within scope."""
    return await graph.rows(_OPEN_CLOCKS, scope=scope, reference=reference)


async def meet_clocks(graph: Graph, reference: str, scope: str | None, victim_id: str,
                      plan: Callable[[list[dict[str, Any]]],
                                     tuple[dict[str, Any], list[dict[str, Any]],
                                           dict[str, Any]]]) -> Literal["recorded", "no case",
                                                                        "no victim"]:
    """Record an update given to one of the case's victims: `plan` gets the case's open clocks
    and returns (the update, the clocks it meets as {id, metAt}, the audit event). Nothing is
    written when the case is missing or out of scope, or the victim is not one of its own."""

    async def work(tx: AsyncManagedTransaction) -> Literal["recorded", "no case", "no victim"]:
        found = await (await tx.run(
            "MATCH (c:Case {reference: $reference}) WHERE " + SCOPED_CASE +
            " RETURN EXISTS { (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(:Victim {id: $victim}) }"
            " AS victim", reference=reference, scope=scope, victim=victim_id)).single()
        if found is None:
            return "no case"
        if not found["victim"]:
            return "no victim"
        rows = await (await tx.run(_OPEN_CLOCKS, scope=scope, reference=reference)).data()
        update, met, audit = plan([row["clock"] for row in rows])
        await tx.run(_MEET_CLOCKS, reference=reference, scope=scope, update=update, met=met)
        await write_event(tx, audit)
        return "recorded"

    return await graph.write(work)


# Cases a force answers for first (the hub keeps the others, which no force can accept), then
# cases whose post can be captured and referred to its platform (a URL and the text): which
# cases come first must not depend on the numbers cases happened to be given.
_AWAITING_TRIAGE: LiteralString = """
MATCH (c:Case {status: 'RECEIVED'})
RETURN c.reference AS reference
ORDER BY c.force = 'HUB',
         NOT EXISTS { (c)<-[:PART_OF]-(r:Report)-[:CONCERNS]->(:Content)
                      WHERE r.contentText IS NOT NULL },
         reference
"""


async def cases_awaiting_triage(graph: Graph) -> list[str]:
    """References of every RECEIVED case: those a force answers for and those whose content
    can be captured first, then by reference."""
    return [row["reference"] for row in await graph.rows(_AWAITING_TRIAGE)]
