"""The GraphQL types of workflow."""

from __future__ import annotations

from datetime import datetime

import strawberry

from casework.workflow.victims import VictimClock
from graph import workflow as case_graph
from resolvers.enums import CaseState, Decision, HandOffReason, Outcome, UpdateTrigger
from resolvers.reference.types import code_of_force, refers_to_force


@strawberry.type(description="One move of a case from one state to another: who, when, why.")
class StatusChange:
    from_state: CaseState = strawberry.field(description="The state it left.")
    to_state: CaseState = strawberry.field(description="The state it entered.")
    step: str = strawberry.field(description="The step taken, e.g. triage, close, re-assessment.")
    by: str = strawberry.field(description="Who decided.")
    at: datetime = strawberry.field(description="When (UTC).")
    reason: str = strawberry.field(description="Why, as recorded.")
    outcome: Outcome | None = strawberry.field(description="The outcome, when closing.")

    @classmethod
    def from_record(cls, change: case_graph.StatusChange) -> StatusChange:
        return cls(from_state=CaseState(change.from_state), to_state=CaseState(change.to_state),
                   step=change.step, by=change.by, at=change.at, reason=change.reason,
                   outcome=Outcome(change.outcome) if change.outcome else None)


@strawberry.type(description="The triage of a case: its answers, and any urgent hand-off.")
class TriageRecord:
    urgent: bool = strawberry.field(
        description="Whether any answer was yes: the case goes to the local force now.")
    out_of_hours: bool = strawberry.field(
        description="Whether the referral arrived while the hub was closed.")
    hand_off_force_code: str | None = code_of_force(
        "The local force for the urgent hand-off; null when it must be found by telephone.")
    hand_off_force = refers_to_force(
        "hand_off_force_code", description="The local force for the urgent hand-off; null "
                                           "when it must be found by telephone.")
    hand_off_reasons: list[HandOffReason] = strawberry.field(
        description="Why the case goes to the local force now; empty when it does not.")
    hand_off_reason: str | None = strawberry.field(description="The hand-off, in words.")

    @classmethod
    def from_record(cls, triage: case_graph.Triage) -> TriageRecord:
        return cls(urgent=triage.urgent, out_of_hours=triage.out_of_hours,
                   hand_off_force_code=triage.hand_off_force,
                   hand_off_reasons=[HandOffReason(r) for r in triage.hand_off_reasons],
                   hand_off_reason=triage.hand_off_reason)


@strawberry.type(description="A stored assessment of a case.")
class AssessmentRecord:
    decision: Decision = strawberry.field(description="Crime, NCHI, or neither.")
    hate_crime_flag: bool = strawberry.field(description="Whether a hate crime is recorded.")
    offences: list[str] = strawberry.field(description="The offence codes recorded.")
    keep_subject_data: bool = strawberry.field(
        description="Whether the subject's identity may be kept with an NCHI.")
    nchi_review_on: str | None = strawberry.field(
        description="When a recorded NCHI must be reviewed (ISO date).")
    at: datetime = strawberry.field(description="When it was recorded (UTC).")
    by: str = strawberry.field(description="Who assessed the case.")
    reason: str = strawberry.field(description="Why, in the assessor's words.")
    threshold_reasons: list[str] = strawberry.field(
        description="For an NCHI, why it meets the recording threshold.")
    exclusions_considered: list[str] = strawberry.field(
        description="For an NCHI, the exclusions the assessor considered.")
    rules_version: str = strawberry.field(description="The version of the rules applied.")

    @classmethod
    def from_record(cls, assessment: case_graph.Assessment) -> AssessmentRecord:
        review = assessment.nchi_review_on
        return cls(decision=Decision(assessment.decision),
                   hate_crime_flag=assessment.hate_crime_flag,
                   offences=list(assessment.offences),
                   keep_subject_data=assessment.keep_subject_data,
                   nchi_review_on=review.isoformat() if review else None,
                   at=assessment.at, by=assessment.by, reason=assessment.reason,
                   threshold_reasons=list(assessment.nchi_threshold_reasons),
                   exclusions_considered=list(assessment.nchi_exclusions_considered),
                   rules_version=assessment.rules_version)


@strawberry.type(description="An update owed to one victim of a case (Victims' Code).")
class VictimUpdateDue:
    case_reference: str = strawberry.field(description="The case.")
    victim_id: str = strawberry.field(description="The victim owed the update.")
    trigger: UpdateTrigger = strawberry.field(description="What started the clock.")
    trigger_at: datetime = strawberry.field(description="When (UTC).")
    due: datetime = strawberry.field(description="When the update was due (UTC).")
    enhanced: bool = strawberry.field(description="Whether enhanced rights set the deadline.")
    statutory: bool = strawberry.field(
        description="A Right 6 duty; otherwise the hub's own service standard.")

    @classmethod
    def from_clock(cls, reference: str, clock: VictimClock) -> VictimUpdateDue:
        return cls(case_reference=reference, victim_id=clock.victim_id, trigger=clock.trigger,
                   trigger_at=clock.trigger_at, due=clock.due, enhanced=clock.enhanced,
                   statutory=clock.statutory)
