"""The changes of handover: inputs, payloads with userErrors, mutations."""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry

from casework.handover import service as handover
from graph.handover import CaseTransfer
from resolvers.cases.types import Allocation, Case, case_as_it_stands
from resolvers.context import Info
from resolvers.enums import Channel, NoActionReason
from resolvers.errors import UserError, mutation
from resolvers.handover.queries import shown
from resolvers.handover.types import NoActionExplanation, Transfer, VictimPreference
from resolvers.ids import case_reference


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


async def _transfer_step(info: Info, step: Awaitable[CaseTransfer]) -> TransferPayload:
    return TransferPayload(transfer=shown(info, await step), user_errors=[])


@strawberry.type
class HandoverMutation:
    @mutation(description="Allocate a case to a force of the hub's own choosing, "
                                     "with the reason; earlier allocations are kept.")
    async def override_allocation(self, info: Info,
                                  input: OverrideAllocationInput) -> OverrideAllocationPayload:
        reference = case_reference(input.case_id)
        record = await handover.override_case_allocation(
            info.context.graph, info.context.principal, reference, input.force_code,
            input.reason)
        allocation = Allocation(
            force_code=record.force, victim_force_code=record.victim_force,
            suspect_force_code=record.suspect_force, rule=record.rule, reason=record.reason,
            at=record.at, by=record.by)
        return OverrideAllocationPayload(allocation=allocation,
                                         case=await case_as_it_stands(info, reference),
                                         user_errors=[])

    @mutation(description="Offer an allocated case to its force; the hub keeps the "
                                     "victims' updates until the force accepts.")
    async def propose_transfer(self, info: Info, input: ProposeTransferInput) -> TransferPayload:
        reference = case_reference(input.case_id)
        return await _transfer_step(info, handover.propose_case_transfer(
            info.context.graph, info.context.principal, reference, input.sending_reference))

    @mutation(description="Take a case offered to your force, giving your "
                                     "reference; the case and its victims' updates are then "
                                     "your force's.")
    async def accept_transfer(self, info: Info, input: AcceptTransferInput) -> TransferPayload:
        return await _transfer_step(info, handover.accept_case_transfer(
            info.context.graph, info.context.principal, input.transfer_id,
            input.receiving_reference))

    @mutation(description="Refuse a case offered to your force, with the reason; "
                                     "the Force Crime Registrar decides.")
    async def dispute_transfer(self, info: Info, input: DisputeTransferInput) -> TransferPayload:
        return await _transfer_step(info, handover.dispute_case_transfer(
            info.context.graph, info.context.principal, input.transfer_id, input.reason))

    @mutation(description="Record the registrar's decision on a disputed transfer.")
    async def resolve_transfer_dispute(self, info: Info,
                                       input: ResolveTransferDisputeInput) -> TransferPayload:
        return await _transfer_step(info, handover.resolve_transfer_dispute(
            info.context.graph, info.context.principal, input.transfer_id, input.upheld,
            input.receiving_reference, input.reason))

    @mutation(description="Record how a victim of a case agreed to be updated.")
    async def set_victim_preferences(self, info: Info, input: SetVictimPreferencesInput
                                     ) -> SetVictimPreferencesPayload:
        stored = await handover.set_victim_preference(
            info.context.graph, info.context.principal, case_reference(input.case_id),
            input.victim_id, input.channel, input.frequency_days)
        return SetVictimPreferencesPayload(preference=VictimPreference.from_record(stored),
                                           user_errors=[])

    @mutation(description="Tell a victim, in the hub's templated words with support "
                                     "signposted, why no enforcement action is possible; kept "
                                     "as an update to them.")
    async def explain_no_action(self, info: Info,
                                input: ExplainNoActionInput) -> ExplainNoActionPayload:
        letters = await handover.explain_no_action_to_victims(
            info.context.graph, info.context.principal, case_reference(input.case_id),
            input.victim_id, input.reason, input.channel, input.preference_unmet_reason)
        return ExplainNoActionPayload(
            explanations=[NoActionExplanation.from_record(sent) for sent in letters],
            user_errors=[])
