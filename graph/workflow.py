"""Casework decisions on a case: status changes and the triage, assessment and allocation
records behind them.

A decision reads the case and writes its outcome in one managed transaction, with the status
guarded on the value that was read: two officers deciding at once cannot both move the case
from the same state, and a refused decision (the pure rule raises) rolls back before anything
is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import AuditEntry, write_event
from graph.cases import SCOPED_CASE
from graph.driver import Graph
from graph.records import properties, record_of, row_of, rows_of


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One move of a case between states, as stored: who, when, why, and the outcome when it
    closes the case."""

    id: str
    from_state: str
    to_state: str
    step: str
    by: str
    at: datetime
    reason: str
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Triage:
    """The first look at a case: the three answers, and the urgent hand-off when any was yes."""

    id: str
    at: datetime
    by: str
    immediate_danger: bool
    poster_identity_known: bool
    future_event: bool
    out_of_hours: bool
    urgent: bool
    hand_off_force: str | None = None
    hand_off_reasons: tuple[str, ...] = ()
    hand_off_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """Crime, NCHI or neither, with the answers behind it and the rules' version applied."""

    id: str
    at: datetime
    by: str
    reason: str
    decision: str
    offence_in_law: bool
    credible_evidence_to_contrary: bool
    conduct_date: date
    offence_table_version: str
    hate_crime_flag: bool
    online_flag: bool
    keep_subject_data: bool
    rules_version: str
    strands: tuple[str, ...] = ()
    other_characteristic: str | None = None
    perceived_by: str | None = None
    victim_in_targeted_group: bool | None = None
    offences: tuple[str, ...] = ()
    nchi_review_on: date | None = None
    nchi_exclusions_considered: tuple[str, ...] = ()
    nchi_threshold_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Allocation:
    """The force answering for a case, by which rule and why; the latest one is the case's
    `force`. Intake writes the first, from the victim's postcode."""

    id: str
    force: str
    rule: str
    reason: str
    at: datetime
    by: str
    victim_force: str | None = None
    suspect_force: str | None = None
    previous_force: str | None = None


@dataclass(frozen=True, slots=True)
class VictimClock:
    """An update owed to one victim of the case, open until `met_at`."""

    id: str
    victim_id: str
    trigger: str
    trigger_at: datetime
    due: datetime
    enhanced: bool
    statutory: bool
    met_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VictimUpdate:
    """What a victim was told, how, and why not by their agreed channel; a no-action letter
    (`kind` EXPLANATION) also keeps its reason, words and the support it signposts."""

    id: str
    victim_id: str
    at: datetime
    by: str
    channel: str
    summary: str
    preference_unmet_reason: str | None = None
    kind: str | None = None
    reason: str | None = None
    subject: str | None = None
    body: str | None = None
    support: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class CaseStanding:
    """What a decision on a case reads: its state and force, its latest allocation, whether
    triage handed it off, the latest assessment's decision and its victims' ids."""

    reference: str
    status: str
    opened_at: datetime
    force: str
    victims: tuple[str, ...] = ()
    allocation: Allocation | None = None
    urgent_hand_off: bool = False
    decision: str | None = None


@dataclass(frozen=True, slots=True)
class CaseChange:
    """What a decision writes: the status change with its audit entry, and the record behind
    it, the victims' update clocks it starts, and the case's new priority or force, if any.
    A status change that closes the case also sets the case's outcome and `closedAt`."""

    status_change: StatusChange
    audit: AuditEntry
    record: Triage | Assessment | Allocation | None = None
    victim_clocks: tuple[VictimClock, ...] = ()
    priority: str | None = None
    force: str | None = None


@dataclass(frozen=True, slots=True)
class UpdateGiven:
    """What recording an update to a victim writes: the update, the clocks it meets (with their
    `met_at`) and the audit entry."""

    update: VictimUpdate
    met: tuple[VictimClock, ...]
    audit: AuditEntry


# The case as a decision reads it (see CaseStanding), from `c`.
STANDING: LiteralString = """
c {.reference, .status, .openedAt, .force,
   allocation: COLLECT { MATCH (c)-[:HAS_ALLOCATION]->(a:Allocation)
                         RETURN a {.*} ORDER BY a.at DESC LIMIT 1 }[0],
   urgentHandOff: coalesce(COLLECT { MATCH (c)-[:HAS_TRIAGE]->(t:Triage)
                                     RETURN t.urgent ORDER BY t.at DESC LIMIT 1 }[0], false),
   decision: COLLECT { MATCH (c)-[:HAS_ASSESSMENT]->(s:Assessment)
                       RETURN s.decision ORDER BY s.at DESC LIMIT 1 }[0],
   victims: COLLECT { MATCH (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(v:Victim)
                      RETURN DISTINCT v.id ORDER BY v.id }}"""

_READ_CASE: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
RETURN """ + STANDING + " AS case"

_CHANGE_STATUS: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE c.status = $change.fromState
CREATE (s:StatusChange) SET s = $change
CREATE (c)-[:HAS_STATUS_CHANGE]->(s)
SET c.status = $change.toState, c += $properties
RETURN c.reference AS reference
"""

_RECORDS: dict[type, LiteralString] = {
    Triage: "MATCH (c:Case {reference: $reference}) "
            "CREATE (t:Triage) SET t = $record CREATE (c)-[:HAS_TRIAGE]->(t)",
    Assessment: "MATCH (c:Case {reference: $reference}) "
                "CREATE (a:Assessment) SET a = $record CREATE (c)-[:HAS_ASSESSMENT]->(a)",
    # Same shape as intake's allocation; the latest one is the case's `force`.
    Allocation: "MATCH (c:Case {reference: $reference}) "
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

VICTIM_OF_CASE: LiteralString = """
MATCH (c:Case {reference: $reference}) WHERE """ + SCOPED_CASE + """
RETURN EXISTS { (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(:Victim {id: $victim}) } AS victim
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


def standing(case: dict[str, Any]) -> CaseStanding:
    """The case as `STANDING` returned it."""
    return record_of(CaseStanding, case, parts={"allocation": Allocation})


def _case_properties(change: CaseChange) -> dict[str, Any]:
    """What the case's own node takes from the change: absent values leave it as it was."""
    moved = change.status_change
    closed = {"outcome": moved.outcome, "closedAt": moved.at} if moved.outcome else {}
    changed = {"priority": change.priority, "force": change.force, **closed,
               "updatedAt": moved.at}
    return {name: value for name, value in changed.items() if value is not None}


class CaseChanged(Exception):
    """The case's status moved between the read and the write: nothing was written."""


class NotAVictim(Exception):
    """The victim named is not one of the case's own: nothing was written."""


async def _write_change(tx: AsyncManagedTransaction, reference: str,
                            change: CaseChange) -> None:
    """In the caller's transaction: the status change guarded on its `from_state`, the record,
    the clocks and the audit entry; CaseChanged when the case's status moved meanwhile."""
    written = await row_of(await tx.run(_CHANGE_STATUS, reference=reference,
                                        change=properties(change.status_change),
                                        properties=_case_properties(change)))
    if written is None:
        raise CaseChanged(reference)
    if change.record is not None:
        await tx.run(_RECORDS[type(change.record)], reference=reference,
                     record=properties(change.record))
    if change.victim_clocks:
        await tx.run(_START_CLOCKS, reference=reference,
                     clocks=[properties(clock) for clock in change.victim_clocks])
    await write_event(tx, change.audit)


async def decide_on_case(graph: Graph, reference: str, scope: str | None,
                         decide: Callable[[CaseStanding], CaseChange]) -> CaseChange | None:
    """Read the case in scope, let `decide` (pure; it may raise) plan the change, write it all.

    None when the case is missing or out of scope: the caller cannot tell which.
    """

    async def work(tx: AsyncManagedTransaction) -> CaseChange | None:
        row = await row_of(await tx.run(_READ_CASE, reference=reference, scope=scope))
        if row is None:
            return None
        change = decide(standing(row["case"]))
        await _write_change(tx, reference, change)
        return change

    return await graph.write(work)


async def status_history(graph: Graph, reference: str,
                         scope: str | None) -> list[StatusChange] | None:
    """Every status change of the case, oldest first; None when missing or out of scope."""
    rows = await graph.rows(_HISTORY, reference=reference, scope=scope)
    if not rows:
        return None
    return [record_of(StatusChange, change) for change in rows[0]["changes"]]


def _clocks(rows: list[dict[str, Any]]) -> list[tuple[str, VictimClock]]:
    return [(row["reference"], record_of(VictimClock, row["clock"])) for row in rows]


async def open_clocks(graph: Graph, scope: str | None) -> list[tuple[str, VictimClock]]:
    """Victim update clocks not yet met, each with its case's reference, within scope."""
    return _clocks(await graph.rows(_OPEN_CLOCKS, scope=scope, reference=None))


async def meet_clocks(graph: Graph, reference: str, scope: str | None, victim_id: str,
                      plan: Callable[[list[VictimClock]], UpdateGiven]) -> UpdateGiven | None:
    """Record an update given to one of the case's victims: `plan` gets the case's open clocks
    and returns the update, the clocks it meets and the audit entry. None when the case is
    missing or out of scope; NotAVictim when the victim is not one of its own. Nothing is
    written unless the update is."""

    async def work(tx: AsyncManagedTransaction) -> UpdateGiven | None:
        found = await row_of(await tx.run(VICTIM_OF_CASE, reference=reference, scope=scope,
                                          victim=victim_id))
        if found is None:
            return None
        if not found["victim"]:
            raise NotAVictim(victim_id)
        rows = await rows_of(await tx.run(_OPEN_CLOCKS, scope=scope, reference=reference))
        given = plan([clock for _, clock in _clocks(rows)])
        await tx.run(_MEET_CLOCKS, reference=reference, scope=scope,
                     update=properties(given.update),
                     met=[{"id": clock.id, "metAt": clock.met_at} for clock in given.met])
        await write_event(tx, given.audit)
        return given

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
