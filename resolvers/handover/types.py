"""The GraphQL types of handover."""

from __future__ import annotations

from datetime import datetime

import strawberry

from casework.handover import service as handover
from casework.handover.transfer import victim_update_owner
from graph import handover as transfer_graph
from resolvers.enums import (
                CasePriority,
                CaseState,
                Channel,
                Decision,
                NoActionReason,
                Strand,
                TransferState,
)
from resolvers.reference.types import code_of_force, refers_to_force


@strawberry.type(description="What a force offered a case sees of it before taking it: its "
                             "standing and the allocation's working, never the parties, the "
                             "reports or the content.")
class TransferCase:
    reference: str = strawberry.field(description="The case's reference.")
    status: CaseState = strawberry.field(description="Where the case stands.")
    opened_at: datetime = strawberry.field(description="When the first report was received.")
    priority: CasePriority = strawberry.field(description="How soon it must be worked.")
    strands: list[Strand] = strawberry.field(description="Monitored strands perceived.")
    report_count: int = strawberry.field(description="How many referrals the case combines.")
    allocation_rule: str | None = strawberry.field(description="The allocation rule applied.")
    allocation_reason: str | None = strawberry.field(description="Why this force, in words.")
    victim_force_code: str | None = code_of_force("The victim's force, if known.")
    suspect_force_code: str | None = code_of_force("The suspect's force, if known.")
    victim_force = refers_to_force("victim_force_code",
                                   description="The victim's force, if known.")
    suspect_force = refers_to_force("suspect_force_code",
                                    description="The suspect's force, if known.")
    decision: Decision | None = strawberry.field(
        description="The latest assessment's decision.")
    offences: list[str] = strawberry.field(description="The offence codes assessed.")

    @classmethod
    def from_record(cls, case: transfer_graph.CaseSummary) -> TransferCase:
        allocation = case.allocation
        return cls(reference=case.reference, status=CaseState(case.status),
                   opened_at=case.opened_at, priority=CasePriority(case.priority),
                   strands=[Strand(s) for s in case.strands], report_count=case.report_count,
                   allocation_rule=allocation.rule if allocation else None,
                   allocation_reason=allocation.reason if allocation else None,
                   victim_force_code=allocation.victim_force if allocation else None,
                   suspect_force_code=allocation.suspect_force if allocation else None,
                   decision=Decision(case.decision) if case.decision else None,
                   offences=list(case.offences))


@strawberry.type(description="A case offered by the hub to a force: both forces' references, "
                             "and each step's who, when and why.")
class Transfer:
    id: strawberry.ID = strawberry.field(description="The transfer's id.")
    state: TransferState = strawberry.field(description="Where it stands.")
    from_force_code: str = code_of_force("The sender, normally HUB.")
    to_force_code: str = code_of_force("The force offered the case.")
    from_force = refers_to_force("from_force_code",
                                 description="The sending force; null when the hub sends.")
    to_force = refers_to_force("to_force_code", description="The force offered the case.")
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
    def from_record(cls, offered: transfer_graph.CaseTransfer) -> Transfer:
        transfer = offered.transfer
        return cls(id=strawberry.ID(transfer.id), state=TransferState(transfer.state),
                   from_force_code=transfer.from_force, to_force_code=transfer.to_force,
                   sending_reference=transfer.sending_reference,
                   receiving_reference=transfer.receiving_reference,
                   proposed_by=transfer.proposed_by, proposed_at=transfer.proposed_at,
                   reason=transfer.reason, answered_by=transfer.answered_by,
                   answered_at=transfer.answered_at, answer_reason=transfer.answer_reason,
                   escalated_to=transfer.escalated_to, resolved_by=transfer.resolved_by,
                   resolved_at=transfer.resolved_at, resolution=transfer.resolution,
                   victim_update_owner=victim_update_owner(handover.transfer_of(transfer)),
                   case=TransferCase.from_record(offered.case))


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
    def from_record(cls, agreed: handover.AgreedUpdates) -> VictimPreference:
        preference = agreed.preference
        return cls(victim_id=agreed.victim_id,
                   channel=Channel(preference.channel) if preference else None,
                   frequency_days=preference.every_working_days if preference else None,
                   agreed_at=preference.at if preference else None,
                   agreed_by=preference.by if preference else None,
                   last_update_at=agreed.last_update_at, next_update_due=agreed.next_update_due)


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

    @classmethod
    def from_record(cls, sent: handover.LetterSent) -> NoActionExplanation:
        update, letter = sent.update, sent.letter
        return cls(victim_id=update.victim_id, reason=letter.reason, channel=update.channel,
                   subject=letter.subject, body=letter.body,
                   support=[s.name for s in letter.support], at=update.at,
                   clocks_met=sent.clocks_met)
