"""Casework decisions on a stored case: permission, the pure rule, one transaction.

Each function checks the caller may decide casework, reads the case only within the caller's
scope (a case outside it is answered exactly like one that does not exist), applies the rule
from its own module, and hands the planned change to `graph.workflow`, which writes the status
change, the record behind it and the audit event together.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from casework.access import Permission, Principal
from casework.config import CaseworkRules, current_rules
from casework.errors import RuleViolation
from casework.workflow.allocation import AllocationFacts, Country, allocate
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

# What each assessment decision owes the victim; a crime's update comes with its allocation.
_ASSESSMENT_TRIGGERS = {Decision.NON_CRIME_HATE_INCIDENT: UpdateTrigger.NCHI_RECORDED,
                        Decision.NOT_A_HATE_MATTER: UpdateTrigger.CRIME_NOT_RECORDED,
                        Decision.NO_FURTHER_ACTION: UpdateTrigger.DECISION_NOT_TO_INVESTIGATE}
_KEPT = "Triaged: none of the re-routing questions applies, so the hub keeps the case."


def native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def status_change_record(moved: Transition) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "fromState": moved.from_state.value,
            "toState": moved.to_state.value, "step": moved.step, "by": moved.decided.by,
            "at": moved.decided.at, "reason": moved.decided.reason,
            "outcome": moved.outcome.value if moved.outcome else None}


def _audit(principal: Principal, moved: Transition, reference: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "at": moved.decided.at, "actor": principal.subject,
            "role": principal.role.value, "force": principal.force, "action": "ALTERATION",
            "targets": [reference],
            "justification": f"{moved.step} ({moved.from_state.value} → "
                             f"{moved.to_state.value}): {moved.decided.reason}"}


def case_change(principal: Principal, reference: str, moved: Transition,
            record_kind: case_graph.RecordKind | None = None,
            record: dict[str, Any] | None = None,
            properties: dict[str, Any] | None = None,
            clocks: list[dict[str, Any]] | None = None) -> case_graph.CaseChange:
    return case_graph.CaseChange(status_change_record(moved), _audit(principal, moved, reference),
                                 record_kind, record or {}, properties or {}, clocks or [])


def victim_clocks(case: dict[str, Any], decision: str | None, trigger: UpdateTrigger,
            at: datetime, rules: CaseworkRules) -> list[dict[str, Any]]:
    """One clock per victim of the case; an unassessed report counts as a crime (recording is
    victim-oriented), an NCHI's complainant as the rules say."""
    nchi = decision == Decision.NON_CRIME_HATE_INCIDENT
    circumstances = VictimCircumstances(
        standing=Standing.NCHI_COMPLAINANT if nchi else Standing.VICTIM_OF_CRIME,
        hate_crime=decision in (None, Decision.CRIME))
    started = (start_clock(victim, trigger, at, circumstances, rules)
               for victim in case["victims"])
    return [{"id": str(uuid.uuid4()), "victimId": k.victim_id, "trigger": k.trigger.value,
             "triggerAt": k.trigger_at, "due": k.due, "enhanced": k.enhanced,
             "statutory": k.statutory, "metAt": None} for k in started if k is not None]


def stored_clock(row: dict[str, Any]) -> VictimClock:
    return VictimClock(row["victimId"], UpdateTrigger(row["trigger"]), native(row["triggerAt"]),
                       native(row["due"]), row["enhanced"], row["statutory"],
                       native(row["metAt"]) if row.get("metAt") else None)


async def decide_on(graph: Graph, principal: Principal, reference: str,
                  decide: Callable[[dict[str, Any]], case_graph.CaseChange]
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
                          rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Move the case by hand (close, refer, hand over...); returns the stored status change."""
    rules = rules or current_rules()
    now = datetime.now(UTC)

    def decide(case: dict[str, Any]) -> case_graph.CaseChange:
        moved = transition(CaseState(case["status"]), target, reason, by=principal.subject,
                           at=now, rules=rules, outcome=outcome,
                           urgent_hand_off=case["urgentHandOff"], field=("input", "target"))
        closing = {"outcome": outcome.value, "closedAt": now} if outcome else {}
        return case_change(principal, reference, moved, properties=closing)

    return (await decide_on(graph, principal, reference, decide)).status_change


async def triage_case(graph: Graph, principal: Principal, reference: str,
                      answers: TriageAnswers, rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Record the first look; any "yes" makes the case urgent, for the local force now."""
    rules = rules or current_rules()
    now = datetime.now(UTC)

    def decide(case: dict[str, Any]) -> case_graph.CaseChange:
        local = (case["allocation"] or {}).get("victimForce")
        looked = triage(answers, native(case["openedAt"]), principal.subject, now, local, rules)
        moved = transition(CaseState(case["status"]), CaseState.TRIAGED,
                           looked.hand_off.decided.reason if looked.hand_off else _KEPT,
                           by=principal.subject, at=now, rules=rules)
        record = {"id": str(uuid.uuid4()), "at": looked.triaged_at, "by": looked.triaged_by,
                  "immediateDanger": answers.immediate_danger,
                  "posterIdentityKnown": answers.poster_identity_known,
                  "futureEvent": answers.future_event, "outOfHours": looked.out_of_hours,
                  "urgent": looked.urgent,
                  "handOffForce": looked.hand_off.force if looked.hand_off else None,
                  "handOffReasons": [r.value for r in looked.hand_off.reasons]
                  if looked.hand_off else [],
                  "handOffReason": looked.hand_off.decided.reason if looked.hand_off else None}
        properties = {"priority": "URGENT"} if looked.urgent else {}
        return case_change(principal, reference, moved, "Triage", record, properties)

    return (await decide_on(graph, principal, reference, decide)).record


async def assess_case(graph: Graph, principal: Principal, reference: str,
                      form: AssessmentInput, rules: CaseworkRules | None = None
                      ) -> dict[str, Any]:
    """Record crime, NCHI or neither; the form is refused whole unless complete and
    consistent, and the case may be assessed again later."""
    rules = rules or current_rules()

    now = form.decided_at

    def plan(case: dict[str, Any]) -> case_graph.CaseChange:
        assessed = validate_assessment(form, native(case["openedAt"]).date(), rules)
        moved = transition(CaseState(case["status"]), CaseState.ASSESSED, assessed.decided.reason,
                           by=principal.subject, at=now, rules=rules)
        nchi = assessed.nchi
        record = {"id": str(uuid.uuid4()), "at": assessed.decided.at, "by": assessed.decided.by,
                  "reason": assessed.decided.reason, "decision": assessed.decision.value,
                  "strands": [s.value for s in assessed.strands],
                  "otherCharacteristic": assessed.other_characteristic,
                  "perceivedBy": assessed.perceived_by.value if assessed.perceived_by else None,
                  "victimInTargetedGroup": assessed.victim_in_targeted_group,
                  "offences": [o.code for o in assessed.offences],
                  "offenceTableVersion": assessed.offence_table_version,
                  "offenceInLaw": assessed.offence_in_law,
                  "credibleEvidenceToContrary": assessed.credible_evidence_to_contrary,
                  "conductDate": assessed.conduct_date,
                  "hateCrimeFlag": assessed.hate_crime_flag, "onlineFlag": assessed.online_flag,
                  "keepSubjectData": assessed.keep_subject_data,
                  "nchiReviewOn": nchi.review_on if nchi else None,
                  "nchiExclusionsConsidered": [f"{e.value}: {why}"
                                               for e, why in nchi.exclusions_considered]
                  if nchi else [],
                  "nchiThresholdReasons": list(nchi.threshold_reasons) if nchi else [],
                  "rulesVersion": rules.version}
        trigger = _ASSESSMENT_TRIGGERS.get(assessed.decision)
        clocks = victim_clocks(case, assessed.decision, trigger, now, rules) if trigger else []
        return case_change(principal, reference, moved, "Assessment", record, clocks=clocks)

    return (await decide_on(graph, principal, reference, plan)).record


def _facts(case: dict[str, Any], suspect_identified: bool, suspect_force: str | None,
           suspect_abroad: bool, victim_country: Country | None) -> AllocationFacts:
    if suspect_force and force_by_code(suspect_force) is None:
        raise RuleViolation.one(("input", "suspectForceCode"), f"{suspect_force!r} is not a "
                                "force code", "UNKNOWN_FORCE")
    victim_force = (case["allocation"] or {}).get("victimForce")
    return AllocationFacts(victim_force=victim_force, victim_country=victim_country,
                           suspect_identified=suspect_identified, suspect_force=suspect_force,
                           suspect_abroad=suspect_abroad)


async def allocate_case(graph: Graph, principal: Principal, reference: str, *,
                        suspect_identified: bool, suspect_force: str | None,
                        suspect_abroad: bool, victim_country: Country | None = None,
                        rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Allocate by the configured rules; the case's force (what scoping reads) follows."""
    rules = rules or current_rules()
    now = datetime.now(UTC)

    def plan(case: dict[str, Any]) -> case_graph.CaseChange:
        chosen = allocate(_facts(case, suspect_identified, suspect_force, suspect_abroad,
                                 victim_country), rules, by=principal.subject, at=now)
        moved = transition(CaseState(case["status"]), CaseState.ALLOCATED, chosen.reason,
                           by=principal.subject, at=now, rules=rules)
        record = {"id": str(uuid.uuid4()), "force": chosen.force,
                  "victimForce": chosen.victim_force, "suspectForce": chosen.suspect_force,
                  "rule": chosen.rule, "reason": chosen.reason, "at": chosen.decided.at,
                  "by": chosen.decided.by, "previousForce": case.get("force")}
        return case_change(principal, reference, moved, "Allocation", record,
                       {"force": chosen.force},
                       victim_clocks(case, case["decision"], UpdateTrigger.ALLOCATED, now, rules))

    return (await decide_on(graph, principal, reference, plan)).record


async def case_history(graph: Graph, principal: Principal,
                       reference: str) -> list[dict[str, Any]] | None:
    """The case's status changes, oldest first; None when missing or outside scope."""
    return await case_graph.status_history(graph, reference, principal.case_scope())



async def overdue_victim_updates(graph: Graph, principal: Principal,
                                 now: datetime | None = None) -> list[tuple[str, VictimClock]]:
    """Updates owed to victims and late, most overdue first, with their cases' references."""
    rows = await case_graph.open_clocks(graph, principal.case_scope())
    pairs = [(row["reference"], stored_clock(row["clock"])) for row in rows]
    reference_of = {id(clock): reference for reference, clock in pairs}
    return [(reference_of[id(clock)], clock)
            for clock in overdue([clock for _, clock in pairs], now or datetime.now(UTC))]


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
    now = datetime.now(UTC)
    met_count = 0

    def plan(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]],
                                                  dict[str, Any]]:
        nonlocal met_count
        update = VictimUpdate(victim_id, now, principal.subject, channel, summary,
                              preference_unmet_reason)
        before = [stored_clock(row) for row in rows]
        after = record_update(before, update, preference, rules)
        met = [{"id": row["id"], "metAt": clock.met_at}
               for row, old, clock in zip(rows, before, after, strict=True)
               if old.met_at is None and clock.met_at is not None]
        met_count = len(met)
        audit = {"id": str(uuid.uuid4()), "at": now, "actor": principal.subject,
                 "role": principal.role.value, "force": principal.force,
                 "action": "ALTERATION", "targets": [reference],
                 "justification": f"victim update by {channel.value}: {summary.strip()}"}
        return ({"id": str(uuid.uuid4()), "victimId": victim_id, "at": now,
                 "by": principal.subject, "channel": channel.value, "summary": summary.strip(),
                 "preferenceUnmetReason": preference_unmet_reason}, met, audit)

    outcome = await case_graph.meet_clocks(graph, reference, principal.case_scope(), victim_id,
                                           plan)
    if outcome == "no case":
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    if outcome == "no victim":
        raise RuleViolation.one(("input", "victimId"), "not a victim of this case",
                                "NOT_A_VICTIM_OF_CASE")
    return met_count
