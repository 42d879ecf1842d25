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
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from casework.access import Permission, Principal
from casework.audit import AuditAction, audit_entry
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
    allocation_change,
    allocation_of,
    decide_with_record,
    give_update,
    status_change_record,
    update_record,
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
from graph.audit import AuditEntry
from graph.driver import Graph
from seeds.reference.platforms import platform_by_id

_NO_TRANSFER = ("input", "transferId")


@dataclass(frozen=True, slots=True)
class AgreedUpdates:
    """How a victim of the case agreed to be updated (None: nothing agreed), when they were
    last updated, and when the agreed regular update falls due."""

    victim_id: str
    preference: transfer_graph.UpdatePreference | None
    last_update_at: datetime | None
    next_update_due: datetime | None


@dataclass(frozen=True, slots=True)
class LetterSent:
    """A no-action letter sent to a victim (stored as an update to them), and how many owed
    updates it met."""

    update: VictimUpdate
    letter: Explanation
    clocks_met: int


def _altered(principal: Principal, at: datetime, reference: str,
             justification: str) -> AuditEntry:
    return audit_entry(principal, AuditAction.ALTERATION, at, targets=[reference],
                       justification=justification)


def _renamed(violation: RuleViolation, old: tuple[str, ...],
             new: tuple[str, ...]) -> RuleViolation:
    """The pure rule's field named as this API names it."""
    return RuleViolation([replace(e, field=new) if e.field == old else e
                          for e in violation.errors])


async def override_case_allocation(graph: Graph, principal: Principal, reference: str,
                                   force: str, reason: str | None,
                                   rules: CaseworkRules | None = None) -> case_graph.Allocation:
    """A hub officer's own choice of force, kept as an OVERRIDE allocation beside the earlier
    ones. Refused while a transfer is open: the force offered the case must be answered (or
    the dispute resolved) first, so that no force accepts a case that went elsewhere."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    principal.require(Permission.DECIDE_CASEWORK)
    if await transfer_graph.open_transfer_exists(graph, reference, principal.case_scope()):
        raise RuleViolation.one(("input", "caseId"), "a transfer of this case awaits an answer: "
                                "settle it first", "TRANSFER_OPEN")

    def plan(case: case_graph.CaseStanding) -> case_graph.CaseChange:
        # Only the forces of the current allocation matter to an override.
        current = allocation_of(case.allocation) if case.allocation else Allocation(
            None, None, case.force, "", Decided(principal.subject, now, ""))
        try:
            chosen = override_allocation(current, force, by=principal.subject, at=now,
                                         reason=reason, rules=rules)
        except RuleViolation as violation:
            raise _renamed(violation, ("input", "force"), ("input", "forceCode")) from None
        return allocation_change(principal, case, chosen, now, rules)

    return await decide_with_record(graph, principal, reference, case_graph.Allocation, plan)


def transfer_of(stored: transfer_graph.Transfer) -> Transfer:
    """The pure rule's transfer from the stored one."""
    def step(by: str | None, at: datetime | None, why: str | None) -> Decided | None:
        return Decided(by, at, why or "") if by and at else None

    return Transfer(stored.from_force, stored.to_force, stored.sending_reference,
                    TransferState(stored.state),
                    Decided(stored.proposed_by, stored.proposed_at, stored.reason),
                    stored.receiving_reference,
                    step(stored.answered_by, stored.answered_at, stored.answer_reason),
                    stored.escalated_to,
                    step(stored.resolved_by, stored.resolved_at, stored.resolution))


def _stored(transfer_id: str, transfer: Transfer) -> transfer_graph.Transfer:
    """The transfer as stored under `transfer_id`."""
    answered, resolved = transfer.answered, transfer.resolved
    return transfer_graph.Transfer(
        id=transfer_id, from_force=transfer.from_force, to_force=transfer.to_force,
        sending_reference=transfer.sending_reference, state=transfer.state.value,
        proposed_by=transfer.proposed.by, proposed_at=transfer.proposed.at,
        reason=transfer.proposed.reason, receiving_reference=transfer.receiving_reference,
        answered_by=answered.by if answered else None,
        answered_at=answered.at if answered else None,
        answer_reason=answered.reason if answered else None,
        escalated_to=transfer.escalated_to, resolved_by=resolved.by if resolved else None,
        resolved_at=resolved.at if resolved else None,
        resolution=resolved.reason if resolved else None)


async def propose_case_transfer(graph: Graph, principal: Principal, reference: str,
                                sending_reference: str | None,
                                rules: CaseworkRules | None = None
                                ) -> transfer_graph.CaseTransfer:
    """Offer an allocated case to its force; the hub's reference is the case's unless given."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    principal.require(Permission.DECIDE_CASEWORK)

    def plan(case: case_graph.CaseStanding,
             transfer_open: bool) -> tuple[transfer_graph.Transfer, AuditEntry]:
        if case.status != CaseState.ALLOCATED or case.allocation is None:
            raise RuleViolation.one(("input", "caseId"), "only an allocated case can be "
                                    "offered to its force", "NOT_ALLOCATED")
        if transfer_open:
            raise RuleViolation.one(("input", "caseId"), "a transfer of this case already "
                                    "awaits an answer", "TRANSFER_OPEN")
        transfer = propose_transfer(allocation_of(case.allocation),
                                    sending_reference or reference, by=principal.subject,
                                    at=now, rules=rules)
        audit = audit_entry(principal, AuditAction.DISCLOSURE, now, targets=[reference],
                            justification=f"transfer proposed to "
                                          f"{force_name(transfer.to_force)}: "
                                          f"{transfer.proposed.reason}",
                            recipient=transfer.to_force)
        return _stored(str(uuid.uuid4()), transfer), audit

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


def _handed_over(principal: Principal, read: transfer_graph.Transfer,
                 case: case_graph.CaseStanding, answered: Transfer, now: datetime, why: str,
                 rules: CaseworkRules) -> transfer_graph.Answer:
    """The case goes to the receiving force: WITH_FORCE, and its victims are owed the news."""
    moved = transition(CaseState(case.status), CaseState.WITH_FORCE, why,
                       by=principal.subject, at=now, rules=rules, field=_NO_TRANSFER)
    return transfer_graph.Answer(
        _stored(read.id, answered), _altered(principal, now, case.reference, why),
        status_change_record(moved),
        victim_clocks(case.victims, case.decision, UpdateTrigger.TRANSFER_ACCEPTED, now, rules))


async def _answer(graph: Graph, transfer_id: str, force: str | None,
                  plan: Callable[[transfer_graph.Transfer, case_graph.CaseStanding],
                                 transfer_graph.Answer]) -> transfer_graph.CaseTransfer:
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
                               rules: CaseworkRules | None = None
                               ) -> transfer_graph.CaseTransfer:
    """The receiving force takes the case, giving its own reference."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    force = _answering_force(principal)

    def plan(read: transfer_graph.Transfer,
             case: case_graph.CaseStanding) -> transfer_graph.Answer:
        accepted = accept_transfer(transfer_of(read), receiving_reference,
                                   by=principal.subject, at=now, rules=rules)
        return _handed_over(principal, read, case, accepted, now,
                            f"Transfer accepted by {force_name(accepted.to_force)}, "
                            f"reference {accepted.receiving_reference}.", rules)

    return await _answer(graph, transfer_id, force, plan)


async def dispute_case_transfer(graph: Graph, principal: Principal, transfer_id: str,
                                reason: str | None, rules: CaseworkRules | None = None
                                ) -> transfer_graph.CaseTransfer:
    """The receiving force refuses, with its reason; the Force Crime Registrar decides."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    force = _answering_force(principal)

    def plan(read: transfer_graph.Transfer,
             case: case_graph.CaseStanding) -> transfer_graph.Answer:
        disputed = dispute_transfer(transfer_of(read), by=principal.subject, at=now,
                                    reason=reason, rules=rules)
        return transfer_graph.Answer(_stored(read.id, disputed), _altered(
            principal, now, case.reference,
            f"transfer to {force_name(disputed.to_force)} disputed: {reason}"))

    return await _answer(graph, transfer_id, force, plan)


async def resolve_transfer_dispute(graph: Graph, principal: Principal, transfer_id: str,
                                   upheld: bool, receiving_reference: str | None,
                                   reason: str | None, rules: CaseworkRules | None = None
                                   ) -> transfer_graph.CaseTransfer:
    """The registrar's decision, recorded by the hub: the transfer stands (the case goes to
    the force, with its reference) or is withdrawn (the hub keeps the case and reallocates it,
    by an override)."""
    rules = rules or current_rules()
    now = datetime.now(UTC)
    principal.require(Permission.DECIDE_CASEWORK)

    def plan(read: transfer_graph.Transfer,
             case: case_graph.CaseStanding) -> transfer_graph.Answer:
        resolved = resolve_dispute(transfer_of(read), upheld,
                                   receiving_reference=receiving_reference,
                                   by=principal.subject, at=now, reason=reason, rules=rules)
        why = (f"Dispute resolved: the transfer to {force_name(resolved.to_force)} "
               f"{'stands' if upheld else 'is withdrawn'}. {(reason or '').strip()}")
        if upheld:
            return _handed_over(principal, read, case, resolved, now, why, rules)
        return transfer_graph.Answer(_stored(read.id, resolved),
                                     _altered(principal, now, case.reference, why))

    return await _answer(graph, transfer_id, principal.case_scope(), plan)


async def case_transfers(graph: Graph, principal: Principal,
                         reference: str) -> list[transfer_graph.CaseTransfer] | None:
    """A case's transfers with its summary, for those who may read the case; None otherwise."""
    return await transfer_graph.transfers_of_case(graph, reference, principal.case_scope())


async def transfers_awaiting(graph: Graph,
                             principal: Principal) -> list[transfer_graph.CaseTransfer]:
    """Open transfers offered to the caller's force (every force, for the hub)."""
    return await transfer_graph.awaiting(graph, _answering_force(principal))


def preference_of(stored: transfer_graph.UpdatePreference) -> UpdatePreference:
    """The pure rule's preference from the stored one."""
    return UpdatePreference(Channel(stored.channel), stored.every_working_days)


def _agreed(victim_id: str, stored: transfer_graph.UpdatePreference | None,
            last_update_at: datetime | None, rules: CaseworkRules) -> AgreedUpdates:
    due = None if stored is None else next_periodic_update(
        last_update_at or stored.at, preference_of(stored), rules)
    return AgreedUpdates(victim_id, stored, last_update_at, due)


async def set_victim_preference(graph: Graph, principal: Principal, reference: str,
                                victim_id: str, channel: Channel, every_working_days: int | None,
                                rules: CaseworkRules | None = None) -> AgreedUpdates:
    """Record how and how often a victim of the case agreed to be updated; earlier
    preferences are kept, the latest applies."""
    rules = rules or current_rules()
    principal.require(Permission.DECIDE_CASEWORK)
    if every_working_days is not None and not 1 <= every_working_days <= 260:
        raise RuleViolation.one(("input", "frequencyDays"), "give a number of working days "
                                "between 1 and 260", "INVALID_FREQUENCY")
    now = datetime.now(UTC)
    preference = transfer_graph.UpdatePreference(
        id=str(uuid.uuid4()), victim_id=victim_id, channel=channel.value, at=now,
        by=principal.subject, every_working_days=every_working_days)
    often = f", every {every_working_days} working days" if every_working_days else ""
    try:
        recorded = await transfer_graph.record_preference(
            graph, reference, principal.case_scope(), preference,
            _altered(principal, now, reference,
                     f"victim update preference: {channel.value}{often}"))
    except case_graph.NotAVictim:
        raise RuleViolation.one(("input", "victimId"), "not a victim of this case",
                                "NOT_A_VICTIM_OF_CASE") from None
    if not recorded:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    return _agreed(victim_id, preference, None, rules)


async def victim_preferences(graph: Graph, principal: Principal, reference: str,
                             rules: CaseworkRules | None = None) -> list[AgreedUpdates] | None:
    """Each victim of the case with their agreed channel and frequency (null when none was
    agreed) and when the next regular update falls due; None when the case is not readable."""
    rules = rules or current_rules()
    contacts = await transfer_graph.preferences(graph, reference, principal.case_scope())
    return None if contacts is None else agreed_updates(contacts, rules)


def agreed_updates(contacts: list[transfer_graph.VictimContact],
                   rules: CaseworkRules) -> list[AgreedUpdates]:
    """Each victim's agreed updates, with when the next regular one falls due."""
    return [_agreed(contact.victim_id, contact.preference, contact.last_update_at, rules)
            for contact in contacts]


async def agreed_preferences(graph: Graph, principal: Principal,
                             reference: str) -> dict[str, UpdatePreference | None]:
    """Each victim of the case with the preference `casework.victims.record_update` checks an
    update against (None when none was agreed); empty when the case is not readable."""
    contacts = await transfer_graph.preferences(graph, reference, principal.case_scope())
    return {contact.victim_id: preference_of(contact.preference) if contact.preference else None
            for contact in contacts or []}


def _letter(facts: transfer_graph.ExplanationFacts, reason: NoActionReason,
            rules: CaseworkRules) -> Explanation:
    strands = [Strand(s) for s in facts.assessed_strands or facts.reported_strands]
    platform = platform_by_id(facts.declined_by) if facts.declined_by else None
    return explain_no_action(reason, case_reference=facts.reference, strands=strands,
                             rules=rules, platform=platform.name if platform else None)


async def explain_no_action_to_victims(graph: Graph, principal: Principal, reference: str,
                                       victim_id: str | None, reason: NoActionReason,
                                       channel: Channel | None,
                                       preference_unmet_reason: str | None = None,
                                       rules: CaseworkRules | None = None) -> list[LetterSent]:
    """Tell the victim (or, when none is named, every victim of the case) why no enforcement
    action is possible, in the hub's templated words with support signposted. Each letter is
    stored as an update to that victim, so it meets the updates owed to them until then; by the
    victim's agreed channel unless another is given with a reason. Every letter is checked
    before any is stored."""
    rules = rules or current_rules()
    principal.require(Permission.DECIDE_CASEWORK)
    facts = await transfer_graph.explanation_facts(graph, reference, principal.case_scope())
    if facts is None:
        raise RuleViolation.one(("input", "caseId"), "no such case", "NOT_FOUND")
    if victim_id is not None and victim_id not in facts.victims:
        raise RuleViolation.one(("input", "victimId"), "not a victim of this case",
                                "NOT_A_VICTIM_OF_CASE")
    victims = [victim_id] if victim_id is not None else list(facts.victims)
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
    return [await _send(graph, principal, reference, update, preference, letter, rules)
            for update, preference in updates]


async def _send(graph: Graph, principal: Principal, reference: str, update: VictimUpdate,
                preference: UpdatePreference | None, letter: Explanation,
                rules: CaseworkRules) -> LetterSent:
    stored = replace(update_record(update), kind="EXPLANATION", reason=letter.reason.value,
                     subject=letter.subject, body=letter.body,
                     support=tuple(s.name for s in letter.support))
    try:
        given = await give_update(graph, principal, reference, update, stored, preference,
                                  f"no-action explanation ({letter.reason.value}) by "
                                  f"{update.channel.value}", rules)
    except case_graph.NotAVictim:
        given = None
    if given is None:  # the case or its victim went meanwhile (merged, split)
        raise RuleViolation([UserError(("input", "caseId"), "the case changed meanwhile: "
                                       "read it again", "CHANGED_MEANWHILE")])
    return LetterSent(update, letter, len(given.met))
