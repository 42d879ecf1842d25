"""Handing a case over: allocation overrides, the transfer hand-shake, and the victims' care
meanwhile (update preferences, and the letter explaining why no action is possible)."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import Any

import strawberry

from casework import handover
from casework.allocation import TransferState, victim_update_owner
from casework.errors import RuleViolation
from casework.explanations import NoActionReason
from casework.states import CaseState
from casework.strands import Strand
from casework.victims import Channel
from resolvers.cases import Allocation, Case
from resolvers.context import Info
from resolvers.errors import UserError, user_errors
from resolvers.ids import case_reference

strawberry.enum(TransferState, description="Where a transfer to a force stands.")
strawberry.enum(NoActionReason, description="Why no enforcement action is possible.")


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _time(value: Any) -> datetime | None:
    return _native(value) if value is not None else None


@strawberry.type(description="What a force offered a case sees of it before taking it: its "
                             "standing and the allocation's working, never the parties, the "
                             "reports or the content.")
class TransferCase:
    reference: str = strawberry.field(description="The case's reference.")
    status: CaseState = strawberry.field(description="Where the case stands.")
    opened_at: datetime = strawberry.field(description="When the first report was received.")
    priority: str = strawberry.field(description="NORMAL or URGENT.")
    strands: list[Strand] = strawberry.field(description="Monitored strands perceived.")
    report_count: int = strawberry.field(description="How many referrals the case combines.")
    allocation_rule: str | None = strawberry.field(description="The allocation rule applied.")
    allocation_reason: str | None = strawberry.field(description="Why this force, in words.")
    victim_force_code: str | None = strawberry.field(description="The victim's force, if known.")
    suspect_force_code: str | None = strawberry.field(
        description="The suspect's force, if known.")
    decision: str | None = strawberry.field(
        description="The latest assessment's decision (CRIME, NON_CRIME_HATE_INCIDENT...).")
    offences: list[str] = strawberry.field(description="The offence codes assessed.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> TransferCase:
        allocation = row.get("allocation") or {}
        assessment = row.get("assessment") or {}
        return cls(reference=row["reference"], status=CaseState(row["status"]),
                   opened_at=_native(row["openedAt"]), priority=row["priority"],
                   strands=[Strand(s) for s in row.get("strands") or []],
                   report_count=row["reportCount"], allocation_rule=allocation.get("rule"),
                   allocation_reason=allocation.get("reason"),
                   victim_force_code=allocation.get("victimForce"),
                   suspect_force_code=allocation.get("suspectForce"),
                   decision=assessment.get("decision"),
                   offences=list(assessment.get("offences") or []))


@strawberry.type(description="A case offered by the hub to a force: both forces' references, "
                             "and each step's who, when and why.")
class Transfer:
    id: strawberry.ID = strawberry.field(description="The transfer's id.")
    state: TransferState = strawberry.field(description="Where it stands.")
    from_force_code: str = strawberry.field(description="The sender, normally HUB.")
    to_force_code: str = strawberry.field(description="The force offered the case.")
    sending_reference: str = strawberry.field(description="The sender's reference.")
    receiving_reference: str | None = strawberry.field(
        description="The receiving force's crime or incident reference, once accepted.")
    proposed_by: str = strawberry.field(description="Who offered the case.")
    proposed_at: datetime = strawberry.field(description="When (UTC).")
    reason: str = strawberry.field(description="Why this force: the allocation's reason.")
    answered_by: str | None = strawberry.field(description="Who accepted or disputed.")
    answered_at: datetime | None = strawberry.field(description="When (UTC).")
    answer_reason: str | None = strawberry.field(description="The answer, or the dispute's "
                                                             "reason.")
    escalated_to: str | None = strawberry.field(
        description="Who decides a dispute: FORCE_CRIME_REGISTRAR.")
    resolved_by: str | None = strawberry.field(description="Who recorded the dispute's end.")
    resolved_at: datetime | None = strawberry.field(description="When (UTC).")
    resolution: str | None = strawberry.field(description="Why the dispute ended as it did.")
    victim_update_owner: str = strawberry.field(
        description="Who owes the victims updates: the sender (HUB) until the receiving force "
                    "accepts.")
    case: TransferCase = strawberry.field(description="What the receiving force needs to "
                                                      "decide.")

    @classmethod
    def from_row(cls, row: dict[str, Any], case: dict[str, Any]) -> Transfer:
        return cls(id=strawberry.ID(row["id"]), state=TransferState(row["state"]),
                   from_force_code=row["fromForce"], to_force_code=row["toForce"],
                   sending_reference=row["sendingReference"],
                   receiving_reference=row.get("receivingReference"),
                   proposed_by=row["proposedBy"], proposed_at=_native(row["proposedAt"]),
                   reason=row["reason"], answered_by=row.get("answeredBy"),
                   answered_at=_time(row.get("answeredAt")),
                   answer_reason=row.get("answerReason"), escalated_to=row.get("escalatedTo"),
                   resolved_by=row.get("resolvedBy"), resolved_at=_time(row.get("resolvedAt")),
                   resolution=row.get("resolution"),
                   victim_update_owner=victim_update_owner(handover.transfer_from_row(row)),
                   case=TransferCase.from_row(case))


@strawberry.type(description="How a victim of a case agreed to be updated.")
class VictimPreference:
    victim_id: str = strawberry.field(description="The victim.")
    channel: Channel | None = strawberry.field(description="The agreed channel; null when none "
                                                           "was agreed.")
    frequency_days: int | None = strawberry.field(
        description="Agreed regular updates, every this many working days; null for updates "
                    "at milestones only.")
    agreed_at: datetime | None = strawberry.field(description="When it was recorded (UTC).")
    agreed_by: str | None = strawberry.field(description="Who recorded it.")
    last_update_at: datetime | None = strawberry.field(
        description="When the victim was last updated, if ever.")
    next_update_due: datetime | None = strawberry.field(
        description="When the agreed regular update falls due (UTC).")

    @classmethod
    def from_row(cls, victim_id: str, preference: dict[str, Any] | None,
                 last_update_at: Any, next_update_due: datetime | None) -> VictimPreference:
        agreed = preference or {}
        return cls(victim_id=victim_id,
                   channel=Channel(agreed["channel"]) if agreed else None,
                   frequency_days=agreed.get("everyWorkingDays"),
                   agreed_at=_time(agreed.get("at")), agreed_by=agreed.get("by"),
                   last_update_at=_time(last_update_at), next_update_due=next_update_due)


@strawberry.type(description="The letter telling a victim why no enforcement action is "
                             "possible, as stored with the case.")
class NoActionExplanation:
    victim_id: str = strawberry.field(description="The victim told.")
    reason: NoActionReason = strawberry.field(description="Why no action is possible.")
    channel: Channel = strawberry.field(description="How they were told.")
    subject: str = strawberry.field(description="The letter's subject.")
    body: str = strawberry.field(description="The letter, with support signposted.")
    support: list[str] = strawberry.field(description="The support services signposted.")
    at: datetime = strawberry.field(description="When (UTC).")
    clocks_met: int = strawberry.field(description="How many owed updates this letter met.")


@strawberry.input(description="The hub's own choice of force for a case, with the reason.")
class OverrideAllocationInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    force_code: str = strawberry.field(description="The force to allocate it to, or HUB.")
    reason: str = strawberry.field(description="Why the rules' choice is overridden.")


@strawberry.type(description="The outcome of overrideAllocation.")
class OverrideAllocationPayload:
    allocation: Allocation | None = strawberry.field(description="The allocation recorded.")
    case: Case | None = strawberry.field(description="The case as it now stands.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="Offer an allocated case to its force.")
class ProposeTransferInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    sending_reference: str | None = strawberry.field(
        default=None, description="The hub's reference for the transfer; the case reference "
                                  "when not given.")


@strawberry.input(description="The receiving force takes the case.")
class AcceptTransferInput:
    transfer_id: strawberry.ID = strawberry.field(description="The transfer.")
    receiving_reference: str = strawberry.field(
        description="The receiving force's crime or incident reference.")


@strawberry.input(description="The receiving force refuses the case, with its reason.")
class DisputeTransferInput:
    transfer_id: strawberry.ID = strawberry.field(description="The transfer.")
    reason: str = strawberry.field(description="Why the force should not take the case.")


@strawberry.input(description="The Force Crime Registrar's decision on a disputed transfer.")
class ResolveTransferDisputeInput:
    transfer_id: strawberry.ID = strawberry.field(description="The transfer.")
    upheld: bool = strawberry.field(description="Whether the transfer stands.")
    receiving_reference: str | None = strawberry.field(
        default=None, description="The receiving force's reference, when the transfer stands.")
    reason: str = strawberry.field(description="The registrar's reason.")


@strawberry.type(description="The outcome of a step of the transfer hand-shake.")
class TransferPayload:
    transfer: Transfer | None = strawberry.field(description="The transfer as it now stands.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="How a victim of the case agreed to be updated.")
class SetVictimPreferencesInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    victim_id: str = strawberry.field(description="The victim (one of the case's own).")
    channel: Channel = strawberry.field(description="The channel they agreed to.")
    frequency_days: int | None = strawberry.field(
        default=None, description="Regular updates every this many working days (1 to 260); "
                                  "omit for updates at milestones only.")


@strawberry.type(description="The outcome of setVictimPreferences.")
class SetVictimPreferencesPayload:
    preference: VictimPreference | None = strawberry.field(description="What was recorded.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="Tell a victim why no enforcement action is possible.")
class ExplainNoActionInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    victim_id: str | None = strawberry.field(
        default=None, description="The victim; every victim of the case when omitted.")
    reason: NoActionReason = strawberry.field(description="Why no action is possible.")
    channel: Channel | None = strawberry.field(
        default=None, description="How they are told; the victim's agreed channel when omitted.")
    preference_unmet_reason: str | None = strawberry.field(
        default=None, description="Why not by the channel the victim agreed, if not.")


@strawberry.type(description="The outcome of explainNoAction.")
class ExplainNoActionPayload:
    explanations: list[NoActionExplanation] = strawberry.field(
        description="The letters stored, one per victim told.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


def _readable_reference(global_id: str) -> str | None:
    """A query's case id: a malformed one names no case, like one that does not exist."""
    try:
        return case_reference(global_id)
    except RuleViolation:
        return None


def _transfer(info: Info, row: dict[str, Any]) -> Transfer:
    """Case facts shown here are logged as consulted, like anything the loaders hand out."""
    info.context.loaders.consulted.add(row["case"]["reference"])
    return Transfer.from_row(row["transfer"], row["case"])


@strawberry.type
class HandoverQuery:
    @strawberry.field(description="A case's transfers, oldest first; null when the case does "
                                  "not exist or is outside your force.")
    async def transfers(self, info: Info, case_id: strawberry.ID) -> list[Transfer] | None:
        reference = _readable_reference(case_id)
        if reference is None:
            return None
        found = await handover.case_transfers(info.context.graph, info.context.principal,
                                              reference)
        if found is None:
            return None
        return [_transfer(info, {"transfer": row, "case": found["case"]})
                for row in found["transfers"]]

    @strawberry.field(description="Open transfers offered to your force (every force, for "
                                  "the hub): proposed and awaiting the force's answer, or "
                                  "disputed and awaiting the registrar; oldest first.")
    async def transfers_awaiting(self, info: Info) -> list[Transfer]:
        rows = await handover.transfers_awaiting(info.context.graph, info.context.principal)
        return [_transfer(info, row) for row in rows]

    @strawberry.field(description="Each victim of a case with how they agreed to be updated; "
                                  "null when the case does not exist or is outside your force.")
    async def victim_preferences(self, info: Info,
                                 case_id: strawberry.ID) -> list[VictimPreference] | None:
        reference = _readable_reference(case_id)
        if reference is None:
            return None
        rows = await handover.victim_preferences(info.context.graph, info.context.principal,
                                                 reference)
        if rows is None:
            return None
        info.context.loaders.consulted.add(reference)
        return [VictimPreference.from_row(row["victimId"], row["preference"],
                                          row["lastUpdateAt"], row["nextUpdateDue"])
                for row in rows]


async def _transfer_step(info: Info, step: Awaitable[dict[str, Any]]) -> TransferPayload:
    try:
        row = await step
    except RuleViolation as violation:
        return TransferPayload(transfer=None, user_errors=user_errors(violation))
    return TransferPayload(transfer=_transfer(info, row), user_errors=[])


@strawberry.type
class HandoverMutation:
    @strawberry.mutation(description="Allocate a case to a force of the hub's own choosing, "
                                     "with the reason; earlier allocations are kept.")
    async def override_allocation(self, info: Info,
                                  input: OverrideAllocationInput) -> OverrideAllocationPayload:
        try:
            reference = case_reference(input.case_id)
            record = await handover.override_case_allocation(
                info.context.graph, info.context.principal, reference, input.force_code,
                input.reason)
        except RuleViolation as violation:
            return OverrideAllocationPayload(allocation=None, case=None,
                                             user_errors=user_errors(violation))
        row = await info.context.loaders.case.load(reference)
        allocation = Allocation(
            force_code=record["force"], victim_force_code=record["victimForce"],
            suspect_force_code=record["suspectForce"], rule=record["rule"],
            reason=record["reason"], at=record["at"], by=record["by"])
        return OverrideAllocationPayload(allocation=allocation,
                                         case=Case.from_row(row) if row else None,
                                         user_errors=[])

    @strawberry.mutation(description="Offer an allocated case to its force; the hub keeps the "
                                     "victims' updates until the force accepts.")
    async def propose_transfer(self, info: Info, input: ProposeTransferInput) -> TransferPayload:
        try:
            reference = case_reference(input.case_id)
        except RuleViolation as violation:
            return TransferPayload(transfer=None, user_errors=user_errors(violation))
        return await _transfer_step(info, handover.propose_case_transfer(
            info.context.graph, info.context.principal, reference, input.sending_reference))

    @strawberry.mutation(description="Take a case offered to your force, giving your "
                                     "reference; the case and its victims' updates are then "
                                     "your force's.")
    async def accept_transfer(self, info: Info, input: AcceptTransferInput) -> TransferPayload:
        return await _transfer_step(info, handover.accept_case_transfer(
            info.context.graph, info.context.principal, input.transfer_id,
            input.receiving_reference))

    @strawberry.mutation(description="Refuse a case offered to your force, with the reason; "
                                     "the Force Crime Registrar decides.")
    async def dispute_transfer(self, info: Info, input: DisputeTransferInput) -> TransferPayload:
        return await _transfer_step(info, handover.dispute_case_transfer(
            info.context.graph, info.context.principal, input.transfer_id, input.reason))

    @strawberry.mutation(description="Record the registrar's decision on a disputed transfer.")
    async def resolve_transfer_dispute(self, info: Info,
                                       input: ResolveTransferDisputeInput) -> TransferPayload:
        return await _transfer_step(info, handover.resolve_transfer_dispute(
            info.context.graph, info.context.principal, input.transfer_id, input.upheld,
            input.receiving_reference, input.reason))

    @strawberry.mutation(description="Record how a victim of a case agreed to be updated.")
    async def set_victim_preferences(self, info: Info, input: SetVictimPreferencesInput
                                     ) -> SetVictimPreferencesPayload:
        try:
            stored = await handover.set_victim_preference(
                info.context.graph, info.context.principal, case_reference(input.case_id),
                input.victim_id, input.channel, input.frequency_days)
        except RuleViolation as violation:
            return SetVictimPreferencesPayload(preference=None,
                                               user_errors=user_errors(violation))
        return SetVictimPreferencesPayload(
            preference=VictimPreference.from_row(stored["victimId"], stored, None,
                                                 stored["nextUpdateDue"]), user_errors=[])

    @strawberry.mutation(description="Tell a victim, in the hub's templated words with support "
                                     "signposted, why no enforcement action is possible; kept "
                                     "as an update to them.")
    async def explain_no_action(self, info: Info,
                                input: ExplainNoActionInput) -> ExplainNoActionPayload:
        try:
            letters = await handover.explain_no_action_to_victims(
                info.context.graph, info.context.principal, case_reference(input.case_id),
                input.victim_id, input.reason, input.channel, input.preference_unmet_reason)
        except RuleViolation as violation:
            return ExplainNoActionPayload(explanations=[], user_errors=user_errors(violation))
        return ExplainNoActionPayload(explanations=[NoActionExplanation(
            victim_id=letter["victimId"], reason=NoActionReason(letter["reason"]),
            channel=Channel(letter["channel"]), subject=letter["subject"], body=letter["body"],
            support=letter["support"], at=letter["at"], clocks_met=letter["clocksMet"])
            for letter in letters], user_errors=[])
