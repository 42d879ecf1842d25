"""Casework decisions on a stored case: permission, the pure rule, one transaction.

Each function checks the caller may decide casework, reads the case only within the caller's
scope (a case outside it is answered exactly like one that does not exist), applies the rule
from its own module, and hands the planned change to `graph.workflow`, which writes the status
change, the record behind it and the audit event together.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TypeVar

from casework.access import Permission, Principal
from casework.audit import AuditAction, audit_entry
from casework.config import CaseworkRules, current_rules
from casework.decided import Decided
from casework.errors import RuleViolation
from casework.workflow.allocation import Allocation, AllocationFacts, Country, allocate
from casework.workflow.assessment import AssessmentInput, Decision, validate_assessment
from casework.workflow.states import CaseState, Outcome, Transition, transition
from casework.workflow.triage import TriageAnswers, triage
from casework.workflow.victims import (
    Channel,
    Standing,
    UpdatePreference,
    UpdateTrigger,
    VictimCircumstances,
    VictimClock,
    VictimUpdate,
    overdue,
    record_update,
    start_clock,
)
from graph import workflow as case_graph
from graph.driver import Graph
from seeds.reference.forces import force_by_code

# The records a decision may keep beside its status change.
Kept = TypeVar("Kept", case_graph.Triage, case_graph.Assessment, case_graph.Allocation)

# What each assessment decision owes the victim; a crime's update comes with its allocation.
_ASSESSMENT_TRIGGERS = {Decision.NON_CRIME_HATE_INCIDENT: UpdateTrigger.NCHI_RECORDED,
                        Decision.NOT_A_HATE_MATTER: UpdateTrigger.CRIME_NOT_RECORDED,
                        Decision.NO_FURTHER_ACTION: UpdateTrigger.DECISION_NOT_TO_INVESTIGATE}
_KEPT = "Triaged: none of the re-routing questions applies, so the hub keeps the case."


def status_change_record(moved: Transition) -> case_graph.StatusChange:
    return case_graph.StatusChange(
        id=str(uuid.uuid4()), from_state=moved.from_state.value,
        to_state=moved.to_state.value, step=moved.step, by=moved.decided.by,
        at=moved.decided.at, reason=moved.decided.reason,
        outcome=moved.outcome.value if moved.outcome else None)


def case_change(principal: Principal, reference: str, moved: Transition,
                record: case_graph.Triage | case_graph.Assessment | case_graph.Allocation
                | None = None, clocks: tuple[case_graph.VictimClock, ...] = (),
                priority: str | None = None, force: str | None = None) -> case_graph.CaseChange:
    """The change a decision writes, audited as an alteration of the case by its move."""
    audit = audit_entry(principal, AuditAction.ALTERATION, moved.decided.at, targets=[reference],
                        justification=f"{moved.step} ({moved.from_state.value} → "
                                      f"{moved.to_state.value}): {moved.decided.reason}")
    return case_graph.CaseChange(status_change_record(moved), audit, record, clocks,
                                 priority, force)


def victim_clocks(victims: tuple[str, ...], decision: str | None, trigger: UpdateTrigger,
                  at: datetime, rules: CaseworkRules) -> tuple[case_graph.VictimClock, ...]:
    """One clock per victim of the case; an unassessed report counts as a crime (recording is
    victim-oriented), an NCHI's complainant as the rules say."""
    nchi = decision == Decision.NON_CRIME_HATE_INCIDENT
    circumstances = VictimCircumstances(
        standing=Standing.NCHI_COMPLAINANT if nchi else Standing.VICTIM_OF_CRIME,
        hate_crime=decision in (None, Decision.CRIME))
    started = (start_clock(victim, trigger, at, circumstances, rules) for victim in victims)
    return tuple(case_graph.VictimClock(
        id=str(uuid.uuid4()), victim_id=k.victim_id, trigger=k.trigger.value,
        trigger_at=k.trigger_at, due=k.due, enhanced=k.enhanced, statutory=k.statutory)
        for k in started if k is not None)


def clock_of(stored: case_graph.VictimClock) -> VictimClock:
    """The pure rule's clock from the stored one."""
    return VictimClock(stored.victim_id, UpdateTrigger(stored.trigger), stored.trigger_at,
                       stored.due, stored.enhanced, stored.statutory, stored.met_at)


def allocation_of(stored: case_graph.Allocation) -> Allocation:
    """The pure rule's allocation from the stored one."""
    return Allocation(stored.victim_force, stored.suspect_force, stored.force, stored.rule,
                      Decided(stored.by, stored.at, stored.reason), stored.previous_force)


def allocation_change(principal: Principal, case: case_graph.CaseStanding, chosen: Allocation,
                      at: datetime, rules: CaseworkRules) -> case_graph.CaseChange:
    """The case moves to ALLOCATED with `chosen` as its force, and its victims are owed the
    news."""
    moved = transition(CaseState(case.status), CaseState.ALLOCATED, chosen.reason,
                       by=principal.subject, at=at, rules=rules)
    record = case_graph.Allocation(
        id=str(uuid.uuid4()), force=chosen.force, rule=chosen.rule, reason=chosen.reason,
        at=chosen.decided.at, by=chosen.decided.by, victim_force=chosen.victim_force,
        suspect_force=chosen.suspect_force, previous_force=chosen.previous_force)
    return case_change(principal, case.reference, moved, record,
                       victim_clocks(case.victims, case.decision, UpdateTrigger.ALLOCATED, at,
                                     rules), force=chosen.force)


async def decide_on(graph: Graph, principal: Principal, reference: str,
                    decide: Callable[[case_graph.CaseStanding], case_graph.CaseChange]
                    ) -> case_graph.CaseChange:
    principal.require(Permission.DECIDE_CASEWORK)
    try:
        change = await case_graph.decide_on_case(graph, reference, principal.case_scope(), decide)
    except case_graph.CaseChanged:
        raise RuleViolation.one(("input", "caseId"), "the case changed while you were "
                                "deciding: read it again", "CASE_CHANGED") from None
    if change is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    return change


async def transition_case(graph: Graph, principal: Principal, reference: str,
                          target: CaseState, reason: str | None, outcome: Outcome | None,
                          rules: CaseworkRules | None = None) -> case_graph.StatusChange:
    """Move the case by hand (close, refer, hand over...); returns the stored status change."""
    rules = rules or current_rules()
    now = datetime.now(UTC)

    def decide(case: case_graph.CaseStanding) -> case_graph.CaseChange:
        moved = transition(CaseState(case.status), target, reason, by=principal.subject,
                           at=now, rules=rules, outcome=outcome,
                           urgent_hand_off=case.urgent_hand_off, field=("input", "target"))
        return case_change(principal, reference, moved)

    return (await decide_on(graph, principal, reference, decide)).status_change


async def decide_with_record(graph: Graph, principal: Principal, reference: str, kind: type[Kept],
                  decide: Callable[[case_graph.CaseStanding], case_graph.CaseChange]) -> Kept:
    """Decide on the case by a step that keeps a record of `kind`; returns that record."""
    record = (await decide_on(graph, principal, reference, decide)).record
    assert isinstance(record, kind)
    return record


async def triage_case(graph: Graph, principal: Principal, reference: str,
                      answers: TriageAnswers,
                      rules: CaseworkRules | None = None) -> case_graph.Triage:
    """Record the first look; any "yes" makes the case urgent, for the local force now."""
    rules = rules or current_rules()
    now = datetime.now(UTC)

    def decide(case: case_graph.CaseStanding) -> case_graph.CaseChange:
        local = case.allocation.victim_force if case.allocation else None
        looked = triage(answers, case.opened_at, principal.subject, now, local, rules)
        hand_off = looked.hand_off
        moved = transition(CaseState(case.status), CaseState.TRIAGED,
                           hand_off.decided.reason if hand_off else _KEPT,
                           by=principal.subject, at=now, rules=rules)
        record = case_graph.Triage(
            id=str(uuid.uuid4()), at=looked.triaged_at, by=looked.triaged_by,
            immediate_danger=bool(answers.immediate_danger),
            poster_identity_known=bool(answers.poster_identity_known),
            future_event=bool(answers.future_event), out_of_hours=looked.out_of_hours,
            urgent=looked.urgent, hand_off_force=hand_off.force if hand_off else None,
            hand_off_reasons=tuple(r.value for r in hand_off.reasons) if hand_off else (),
            hand_off_reason=hand_off.decided.reason if hand_off else None)
        return case_change(principal, reference, moved, record,
                           priority="URGENT" if looked.urgent else None)

    return await decide_with_record(graph, principal, reference, case_graph.Triage, decide)


async def assess_case(graph: Graph, principal: Principal, reference: str,
                      form: AssessmentInput,
                      rules: CaseworkRules | None = None) -> case_graph.Assessment:
    """Record crime, NCHI or neither; the form is refused whole unless complete and
    consistent, and the case may be assessed again later."""
    rules = rules or current_rules()
    now = form.decided_at

    def plan(case: case_graph.CaseStanding) -> case_graph.CaseChange:
        assessed = validate_assessment(form, case.opened_at.date(), rules)
        moved = transition(CaseState(case.status), CaseState.ASSESSED, assessed.decided.reason,
                           by=principal.subject, at=now, rules=rules)
        nchi = assessed.nchi
        record = case_graph.Assessment(
            id=str(uuid.uuid4()), at=assessed.decided.at, by=assessed.decided.by,
            reason=assessed.decided.reason, decision=assessed.decision.value,
            offence_in_law=assessed.offence_in_law,
            credible_evidence_to_contrary=assessed.credible_evidence_to_contrary,
            conduct_date=assessed.conduct_date,
            offence_table_version=assessed.offence_table_version,
            hate_crime_flag=assessed.hate_crime_flag, online_flag=assessed.online_flag,
            keep_subject_data=assessed.keep_subject_data, rules_version=rules.version,
            strands=tuple(s.value for s in assessed.strands),
            other_characteristic=assessed.other_characteristic,
            perceived_by=assessed.perceived_by.value if assessed.perceived_by else None,
            victim_in_targeted_group=assessed.victim_in_targeted_group,
            offences=tuple(o.code for o in assessed.offences),
            nchi_review_on=nchi.review_on if nchi else None,
            nchi_exclusions_considered=tuple(f"{e.value}: {why}"
                                             for e, why in nchi.exclusions_considered)
            if nchi else (),
            nchi_threshold_reasons=tuple(nchi.threshold_reasons) if nchi else ())
        trigger = _ASSESSMENT_TRIGGERS.get(assessed.decision)
        clocks = victim_clocks(case.victims, assessed.decision, trigger, now,
                               rules) if trigger else ()
        return case_change(principal, reference, moved, record, clocks)

    return await decide_with_record(graph, principal, reference, case_graph.Assessment, plan)


def _facts(case: case_graph.CaseStanding, suspect_identified: bool, suspect_force: str | None,
           suspect_abroad: bool, victim_country: Country | None) -> AllocationFacts:
    if suspect_force and force_by_code(suspect_force) is None:
        raise RuleViolation.one(("input", "suspectForceCode"), f"{suspect_force!r} is not a "
                                "force code", "UNKNOWN_FORCE")
    return AllocationFacts(
        victim_force=case.allocation.victim_force if case.allocation else None,
        victim_country=victim_country, suspect_identified=suspect_identified,
        suspect_force=suspect_force, suspect_abroad=suspect_abroad)


async def allocate_case(graph: Graph, principal: Principal, reference: str, *,
                        suspect_identified: bool, suspect_force: str | None,
                        suspect_abroad: bool, victim_country: Country | None = None,
                        rules: CaseworkRules | None = None) -> case_graph.Allocation:
    """Allocate by the configured rules; the case's force (what scoping reads) follows."""
    rules = rules or current_rules()
    now = datetime.now(UTC)

    def plan(case: case_graph.CaseStanding) -> case_graph.CaseChange:
        chosen = allocate(_facts(case, suspect_identified, suspect_force, suspect_abroad,
                                 victim_country), rules, by=principal.subject, at=now)
        return allocation_change(principal, case, replace(chosen, previous_force=case.force),
                                 now, rules)

    return await decide_with_record(graph, principal, reference, case_graph.Allocation, plan)


async def case_history(graph: Graph, principal: Principal,
                       reference: str) -> list[case_graph.StatusChange] | None:
    """The case's status changes, oldest first; None when missing or outside scope."""
    return await case_graph.status_history(graph, reference, principal.case_scope())


async def overdue_victim_updates(graph: Graph, principal: Principal,
                                 now: datetime | None = None) -> list[tuple[str, VictimClock]]:
    """Updates owed to victims and late, most overdue first, with their cases' references."""
    pairs = [(reference, clock_of(stored))
             for reference, stored in await case_graph.open_clocks(graph, principal.case_scope())]
    reference_of = {id(clock): reference for reference, clock in pairs}
    return [(reference_of[id(clock)], clock)
            for clock in overdue([clock for _, clock in pairs], now or datetime.now(UTC))]


def update_record(update: VictimUpdate) -> case_graph.VictimUpdate:
    """The update as stored."""
    return case_graph.VictimUpdate(
        id=str(uuid.uuid4()), victim_id=update.victim_id, at=update.at, by=update.by,
        channel=update.channel.value, summary=update.summary,
        preference_unmet_reason=update.preference_unmet_reason)


async def give_update(graph: Graph, principal: Principal, reference: str, update: VictimUpdate,
                      stored: case_graph.VictimUpdate, preference: UpdatePreference | None,
                      justification: str, rules: CaseworkRules) -> case_graph.UpdateGiven | None:
    """Store `update` (as `stored`) with every open clock of the victim's it meets, audited as
    an alteration of the case. None when the case is missing or out of scope;
    `case_graph.NotAVictim` when the victim is not one of its own."""

    def plan(open_clocks: list[case_graph.VictimClock]) -> case_graph.UpdateGiven:
        after = record_update([clock_of(k) for k in open_clocks], update, preference, rules)
        met = tuple(replace(stored_clock, met_at=clock.met_at)
                    for stored_clock, clock in zip(open_clocks, after, strict=True)
                    if stored_clock.met_at is None and clock.met_at is not None)
        return case_graph.UpdateGiven(stored, met, audit_entry(
            principal, AuditAction.ALTERATION, update.at, targets=[reference],
            justification=justification))

    return await case_graph.meet_clocks(graph, reference, principal.case_scope(),
                                        update.victim_id, plan)


async def record_victim_update(graph: Graph, principal: Principal, reference: str,
                               victim_id: str, channel: Channel, summary: str,
                               preference_unmet_reason: str | None = None,
                               preference: UpdatePreference | None = None,
                               rules: CaseworkRules | None = None) -> int:
    """Record what a victim was told; every open clock of theirs started by then is met.
    An update by another channel than the victim's agreed `preference` needs its reason.
    Returns how many clocks it met."""
    principal.require(Permission.DECIDE_CASEWORK)
    rules = rules or current_rules()
    update = VictimUpdate(victim_id, datetime.now(UTC), principal.subject, channel,
                          summary.strip(), preference_unmet_reason)
    try:
        given = await give_update(graph, principal, reference, update, update_record(update),
                                  preference, f"victim update by {channel.value}: "
                                              f"{update.summary}", rules)
    except case_graph.NotAVictim:
        raise RuleViolation.one(("input", "victimId"), "not a victim of this case",
                                "NOT_A_VICTIM_OF_CASE") from None
    if given is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    return len(given.met)
