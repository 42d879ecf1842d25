"""The GraphQL types of handover."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from casework.handover import service as handover
from casework.handover.transfer import victim_update_owner
from resolvers.enums import CaseState, Channel, NoActionReason, Strand, TransferState


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
