"""Handing a case over: the hub's own choice of force, the transfer hand-shake, and the care of the
victims meanwhile (their update preferences, and the letter when no action is possible).

Orchestration like `casework.workflow.service`, whose decision steps it reuses: permission first,
the case read only within the caller's scope, the pure rule of `casework.workflow.allocation`,
`casework.workflow.victims` or `casework.handover.explanations`, then `graph.handover` (or
`graph.workflow`) writing the change with its audit event in one transaction.

A transfer is answered by the force it is offered to (or by the hub on its behalf): for an officer
of any other force it does not exist. Accepting moves the case to WITH_FORCE and the victim-update
duty with it; until then the hub keeps that duty (`victim_update_owner`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from casework.access import Permission, Principal
from casework.config import CaseworkRules, current_rules
from casework.decided import Decided
from casework.errors import RuleViolation, UserError
from casework.handover.explanations import Explanation, NoActionReason, explain_no_action
from casework.handover.transfer import (
    Transfer,
    TransferState,
    accept_transfer,
    dispute_transfer,
    override_allocation,
    propose_transfer,
    resolve_dispute,
)
from casework.strands import Strand
from casework.workflow.allocation import Allocation, force_name
from casework.workflow.service import (
    case_change,
    decide_on,
    native,
    status_change_record,
    stored_clock,
    victim_clocks,
)
from casework.workflow.states import CaseState, transition
from casework.workflow.victims import (
    Channel,
    UpdatePreference,
    UpdateTrigger,
    VictimUpdate,
    next_periodic_update,
    record_update,
)
from graph import handover as transfer_graph
from graph import workflow as case_graph
from graph.driver import Graph
from seeds.reference.platforms import platform_by_id

_NO_TRANSFER = ("input", "transferId")


def _audit(principal: Principal, at: datetime, action: str, reference: str,
           justification: str, recipient: str | None = None) -> dict[str, Any]:
    event = {"id": str(uuid.uuid4()), "at": at, "actor": principal.subject,
             "role": principal.role.value, "force": principal.force, "action": action,
             "targets": [reference], "justification": justification}
    return {**event, "recipient": recipient} if recipient else event


def _renamed(violation: RuleViolation, old: tuple[str, ...],
             new: tuple[str, ...]) -> RuleViolation:
    """The pure rule's field named as this API names it."""
    return RuleViolation([replace(e, field=new) if e.field == old else e
                          for e in violation.errors])


async def override_case_allocation(graph: Graph, principal: Principal, reference: str,
                                   force: str, reason: str | None,
                                   rules: CaseworkRules | None = None) -> dict[str, Any]:
    """A hub officer's own choice of force, kept as an OVERRIDE allocation beside the earlier
    ones. Refused while a transfer is open: the force offered the case must be answered (or
    the dispute resolved) first, so that no force accepts a case that went elsewhere."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    principal.require(Permission.DECIDE_CASEWORK)
    if await transfer_graph.open_transfer_exists(graph, reference, principal.case_scope()):
        raise RuleViolation.one(("input", "caseId"), "a transfer of this case awaits an answer: "
                                "settle it first", "TRANSFER_OPEN")

    def plan(case: dict[str, Any]) -> case_graph.CaseChange:
        stored = case["allocation"] or {}
        # Only the forces of the current allocation matter to an override.
        current = Allocation(stored.get("victimForce"), stored.get("suspectForce"),
                             stored.get("force") or case["force"], "",
                             Decided(principal.subject, now, ""))
        try:
            chosen = override_allocation(current, force, by=principal.subject, at=now,
                                         reason=reason, rules=rules)
        except RuleViolation as violation:
            raise _renamed(violation, ("input", "force"), ("input", "forceCode")) from None
        moved = transition(CaseState(case["status"]), CaseState.ALLOCATED, chosen.reason,
                           by=principal.subject, at=now, rules=rules)
        record = {"id": str(uuid.uuid4()), "force": chosen.force,
                  "victimForce": chosen.victim_force, "suspectForce": chosen.suspect_force,
                  "rule": chosen.rule, "reason": chosen.reason, "at": chosen.decided.at,
                  "by": chosen.decided.by, "previousForce": chosen.previous_force}
        return case_change(principal, reference, moved, "Allocation", record,
                       {"force": chosen.force},
                       victim_clocks(case, case["decision"], UpdateTrigger.ALLOCATED, now, rules))

    return (await decide_on(graph, principal, reference, plan)).record


def transfer_from_row(row: dict[str, Any]) -> Transfer:
    """The pure rule's transfer from its stored properties."""
    def step(by: str, at: str, why: str) -> Decided | None:
        return Decided(row[by], native(row[at]), row[why]) if row.get(by) else None

    return Transfer(row["fromForce"], row["toForce"], row["sendingReference"],
                    TransferState(row["state"]),
                    Decided(row["proposedBy"], native(row["proposedAt"]), row["reason"]),
                    row.get("receivingReference"),
                    step("answeredBy", "answeredAt", "answerReason"), row.get("escalatedTo"),
                    step("resolvedBy", "resolvedAt", "resolution"))


def _stored(transfer: Transfer) -> dict[str, Any]:
    answered, resolved = transfer.answered, transfer.resolved
    return {"fromForce": transfer.from_force, "toForce": transfer.to_force,
            "sendingReference": transfer.sending_reference, "state": transfer.state.value,
            "proposedBy": transfer.proposed.by, "proposedAt": transfer.proposed.at,
            "reason": transfer.proposed.reason,
            "receivingReference": transfer.receiving_reference,
            "answeredBy": answered.by if answered else None,
            "answeredAt": answered.at if answered else None,
            "answerReason": answered.reason if answered else None,
            "escalatedTo": transfer.escalated_to,
            "resolvedBy": resolved.by if resolved else None,
            "resolvedAt": resolved.at if resolved else None,
            "resolution": resolved.reason if resolved else None}


async def propose_case_transfer(graph: Graph, principal: Principal, reference: str,
                                sending_reference: str | None,
                                rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Offer an allocated case to its force; the hub's reference is the case's unless given."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    principal.require(Permission.DECIDE_CASEWORK)

    def plan(read: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        if read["case"]["status"] != CaseState.ALLOCATED:
            raise RuleViolation.one(("input", "caseId"), "only an allocated case can be "
                                    "offered to its force", "NOT_ALLOCATED")
        if read["transferOpen"]:
            raise RuleViolation.one(("input", "caseId"), "a transfer of this case already "
                                    "awaits an answer", "TRANSFER_OPEN")
        stored = read["allocation"]
        allocation = Allocation(stored.get("victimForce"), stored.get("suspectForce"),
                                stored["force"], stored["rule"],
                                Decided(stored["by"], native(stored["at"]), stored["reason"]))
        transfer = propose_transfer(allocation, sending_reference or reference,
                                    by=principal.subject, at=now, rules=rules)
        record = {"id": str(uuid.uuid4()), **_stored(transfer)}
        audit = _audit(principal, now, "DISCLOSURE", reference,
                       f"transfer proposed to {force_name(transfer.to_force)}: "
                       f"{transfer.proposed.reason}", recipient=transfer.to_force)
        return record, audit

    try:
        stored = await transfer_graph.propose(graph, reference, principal.case_scope(), plan)
    except transfer_graph.ChangedMeanwhile:
        raise RuleViolation.one(("input", "caseId"), "a transfer of this case was proposed "
                                "meanwhile", "TRANSFER_OPEN") from None
    if stored is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    return stored


def _answering_force(principal: Principal) -> str | None:
    """Permission first, before anything is read, so a refusal cannot depend on what exists;
    then the force whose transfers the caller may answer (None: any, for the hub)."""
    principal.require(Permission.ANSWER_TRANSFER)
    return principal.case_scope()


def _handed_over(principal: Principal, read: dict[str, Any], answered: Transfer, now: datetime,
                 why: str, rules: CaseworkRules) -> transfer_graph.Answer:
    """The case goes to the receiving force: WITH_FORCE, and its victims are owed the news."""
    moved = transition(CaseState(read["case"]["status"]), CaseState.WITH_FORCE, why,
                       by=principal.subject, at=now, rules=rules, field=_NO_TRANSFER)
    return transfer_graph.Answer(
        _stored(answered), _audit(principal, now, "ALTERATION", read["case"]["reference"], why),
        status_change_record(moved), {"force": answered.to_force},
        victim_clocks(read, read["decision"], UpdateTrigger.TRANSFER_ACCEPTED, now, rules))


async def _answer(graph: Graph, transfer_id: str, force: str | None,
                  plan: Callable[[dict[str, Any]], transfer_graph.Answer]) -> dict[str, Any]:
    try:
        stored = await transfer_graph.answer(graph, transfer_id, force, plan)
    except transfer_graph.ChangedMeanwhile:
        raise RuleViolation.one(_NO_TRANSFER, "the transfer or its case changed meanwhile: "
                                "read it again", "CHANGED_MEANWHILE") from None
    if stored is None:
        raise RuleViolation.one(_NO_TRANSFER, "no such transfer", "NOT_FOUND")
    return stored


async def accept_case_transfer(graph: Graph, principal: Principal, transfer_id: str,
                               receiving_reference: str | None,
                               rules: CaseworkRules | None = None) -> dict[str, Any]:
    """The receiving force takes the case, giving its own reference."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    force = _answering_force(principal)

    def plan(read: dict[str, Any]) -> transfer_graph.Answer:
        accepted = accept_transfer(transfer_from_row(read["transfer"]), receiving_reference,
                                   by=principal.subject, at=now, rules=rules)
        return _handed_over(principal, read, accepted, now,
                            f"Transfer accepted by {force_name(accepted.to_force)}, "
                            f"reference {accepted.receiving_reference}.", rules)

    return await _answer(graph, transfer_id, force, plan)


async def dispute_case_transfer(graph: Graph, principal: Principal, transfer_id: str,
                                reason: str | None,
                                rules: CaseworkRules | None = None) -> dict[str, Any]:
    """The receiving force refuses, with its reason; the Force Crime Registrar decides."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    force = _answering_force(principal)

    def plan(read: dict[str, Any]) -> transfer_graph.Answer:
        disputed = dispute_transfer(transfer_from_row(read["transfer"]), by=principal.subject,
                                    at=now, reason=reason, rules=rules)
        return transfer_graph.Answer(_stored(disputed), _audit(
            principal, now, "ALTERATION", read["case"]["reference"],
            f"transfer to {force_name(disputed.to_force)} disputed: {reason}"))

    return await _answer(graph, transfer_id, force, plan)


async def resolve_transfer_dispute(graph: Graph, principal: Principal, transfer_id: str,
                                   upheld: bool, receiving_reference: str | None,
                                   reason: str | None,
                                   rules: CaseworkRules | None = None) -> dict[str, Any]:
    """The registrar's decision, recorded by the hub: the transfer stands (the case goes to
    the force, with its reference) or is withdrawn (the hub keeps the case and reallocates it,
    by an override)."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    principal.require(Permission.DECIDE_CASEWORK)

    def plan(read: dict[str, Any]) -> transfer_graph.Answer:
        resolved = resolve_dispute(transfer_from_row(read["transfer"]), upheld,
                                   receiving_reference=receiving_reference,
                                   by=principal.subject, at=now, reason=reason, rules=rules)
        why = (f"Dispute resolved: the transfer to {force_name(resolved.to_force)} "
               f"{'stands' if upheld else 'is withdrawn'}. {(reason or '').strip()}")
        if upheld:
            return _handed_over(principal, read, resolved, now, why, rules)
        return transfer_graph.Answer(_stored(resolved), _audit(
            principal, now, "ALTERATION", read["case"]["reference"], why))

    return await _answer(graph, transfer_id, principal.case_scope(), plan)


async def case_transfers(graph: Graph, principal: Principal,
                         reference: str) -> dict[str, Any] | None:
    """A case's transfers and summary, for those who may read the case; None otherwise."""
    return await transfer_graph.transfers_of_case(graph, reference, principal.case_scope())


async def transfers_awaiting(graph: Graph, principal: Principal) -> list[dict[str, Any]]:
    """Open transfers offered to the caller's force (every force, for the hub)."""
    return await transfer_graph.awaiting(graph, _answering_force(principal))


def _preference(row: dict[str, Any] | None) -> UpdatePreference | None:
    if not row:
        return None
    return UpdatePreference(Channel(row["channel"]), row.get("everyWorkingDays"))


async def set_victim_preference(graph: Graph, principal: Principal, reference: str,
                                victim_id: str, channel: Channel, every_working_days: int | None,
                                rules: CaseworkRules | None = None) -> dict[str, Any]:
    """Record how and how often a victim of the case agreed to be updated; earlier
    preferences are kept, the latest applies."""
    rules = rules or current_rules()
    principal.require(Permission.DECIDE_CASEWORK)
    if every_working_days is not None and not 1 <= every_working_days <= 260:
        raise RuleViolation.one(("input", "frequencyDays"), "give a number of working days "
                                "between 1 and 260", "INVALID_FREQUENCY")
    now = datetime.now(UTC)
    preference = {"id": str(uuid.uuid4()), "victimId": victim_id, "channel": channel.value,
                  "everyWorkingDays": every_working_days, "at": now, "by": principal.subject}
    often = f", every {every_working_days} working days" if every_working_days else ""
    outcome = await transfer_graph.record_preference(
        graph, reference, principal.case_scope(), victim_id, preference,
        _audit(principal, now, "ALTERATION", reference,
               f"victim update preference: {channel.value}{often}"))
    if outcome == "no case":
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    if outcome == "no victim":
        raise RuleViolation.one(("input", "victimId"), "not a victim of this case",
                                "NOT_A_VICTIM_OF_CASE")
    return {**preference, "nextUpdateDue": _next_due(preference, None, rules)}


def _next_due(preference: dict[str, Any] | None, last_update: Any,
              rules: CaseworkRules) -> datetime | None:
    agreed = _preference(preference)
    if agreed is None or preference is None:
        return None
    return next_periodic_update(native(last_update or preference["at"]), agreed, rules)


async def victim_preferences(graph: Graph, principal: Principal, reference: str,
                             rules: CaseworkRules | None = None
                             ) -> list[dict[str, Any]] | None:
    """Each victim of the case with their agreed channel and frequency (null when none was
    agreed) and when the next regular update falls due; None when the case is not readable."""
    rules = rules or current_rules()
    rows = await transfer_graph.preferences(graph, reference, principal.case_scope())
    if rows is None:
        return None
    return [{**row, "nextUpdateDue": _next_due(row["preference"], row["lastUpdateAt"], rules)}
            for row in rows]


async def agreed_preferences(graph: Graph, principal: Principal,
                             reference: str) -> dict[str, UpdatePreference | None]:
    """Each victim of the case with the preference `casework.victims.record_update` checks an
    update against (None when none was agreed); empty when the case is not readable."""
    rows = await transfer_graph.preferences(graph, reference, principal.case_scope())
    return {row["victimId"]: _preference(row["preference"]) for row in rows or []}


def _letter(facts: dict[str, Any], reason: NoActionReason,
            rules: CaseworkRules) -> Explanation:
    strands = [Strand(s) for s in facts["assessedStrands"] or facts["reportedStrands"] or []]
    platform = platform_by_id(facts["declinedBy"]) if facts["declinedBy"] else None
    return explain_no_action(reason, case_reference=facts["reference"], strands=strands,
                             rules=rules, platform=platform.name if platform else None)


async def explain_no_action_to_victims(graph: Graph, principal: Principal, reference: str,
                                       victim_id: str | None, reason: NoActionReason,
                                       channel: Channel | None,
                                       preference_unmet_reason: str | None = None,
                                       rules: CaseworkRules | None = None
                                       ) -> list[dict[str, Any]]:
    """Tell the victim (or, when none is named, every victim of the case) why no enforcement
    action is possible, in the hub's templated words with support signposted. Each letter is
    stored as an update to that victim, so it meets the updates owed to them until then; by the
    victim's agreed channel unless another is given with a reason. Every letter is checked
    before any is stored."""
    rules = rules or current_rules()
    principal.require(Permission.DECIDE_CASEWORK)
    scope = principal.case_scope()
    facts = await transfer_graph.explanation_facts(graph, reference, scope)
    if facts is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    if victim_id is not None and victim_id not in facts["victims"]:
        raise RuleViolation.one(("input", "victimId"), "not a victim of this case",
                                "NOT_A_VICTIM_OF_CASE")
    victims = [victim_id] if victim_id is not None else facts["victims"]
    if not victims:
        raise RuleViolation.one(("input", "caseId"), "the case names no victim to tell",
                                "NO_VICTIM")
    letter = _letter(facts, reason, rules)
    agreed = await agreed_preferences(graph, principal, reference)
    now = datetime.now(UTC)
    updates = []
    for victim in victims:
        preference = agreed.get(victim)
        by = channel or (preference.channel if preference else None)
        if by is None:
            raise RuleViolation.one(("input", "channel"), "the victim agreed no channel: say "
                                    "how they will be told", "CHANNEL_REQUIRED")
        update = VictimUpdate(victim, now, principal.subject, by, letter.subject,
                              preference_unmet_reason)
        record_update([], update, preference, rules)  # refuses before anything is kept
        updates.append((update, preference))
    return [await _send(graph, principal, reference, scope, update, preference, letter, rules)
            for update, preference in updates]


async def _send(graph: Graph, principal: Principal, reference: str, scope: str | None,
                update: VictimUpdate, preference: UpdatePreference | None, letter: Explanation,
                rules: CaseworkRules) -> dict[str, Any]:
    met_count = 0
    stored = {"id": str(uuid.uuid4()), "victimId": update.victim_id, "at": update.at,
              "by": update.by, "channel": update.channel.value, "summary": update.summary,
              "preferenceUnmetReason": update.preference_unmet_reason, "kind": "EXPLANATION",
              "reason": letter.reason.value, "subject": letter.subject, "body": letter.body,
              "support": [s.name for s in letter.support]}

    def plan(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]],
                                                  dict[str, Any]]:
        nonlocal met_count
        before = [stored_clock(row) for row in rows]
        after = record_update(before, update, preference, rules)
        met = [{"id": row["id"], "metAt": clock.met_at}
               for row, old, clock in zip(rows, before, after, strict=True)
               if old.met_at is None and clock.met_at is not None]
        met_count = len(met)
        return stored, met, _audit(principal, update.at, "ALTERATION", reference,
                                   f"no-action explanation ({letter.reason.value}) by "
                                   f"{update.channel.value}")

    outcome = await case_graph.meet_clocks(graph, reference, scope, update.victim_id, plan)
    if outcome != "recorded":  # the case or its victim went meanwhile (merged, split)
        raise RuleViolation([UserError(("input", "caseId"), "the case changed meanwhile: "
                                       "read it again", "CHANGED_MEANWHILE")])
    return {**stored, "clocksMet": met_count}

