"""Casework on a case: move it through its states, triage, assess and allocate it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry

from casework import handover, workflow
from casework.allocation import Country
from casework.assessment import AssessmentInput, Decision, Perceiver
from casework.errors import RuleViolation
from casework.nchi import GateAnswer, NchiGateInput
from casework.states import CaseState, Outcome
from casework.strands import Strand
from casework.triage import TriageAnswers
from casework.victims import Channel, UpdateTrigger, VictimClock
from resolvers.cases import Case
from resolvers.context import Info
from resolvers.errors import UserError, user_errors
from resolvers.ids import case_reference

strawberry.enum(Outcome, name="CaseOutcome", description="How a closed case ended.")
strawberry.enum(Decision, name="AssessmentDecision",
                description="What the assessment recorded the case as.")
strawberry.enum(Perceiver, name="HostilityPerceiver",
                description="Who perceived the hostility (the perception test accepts anyone).")
strawberry.enum(Country, name="VictimCountry", description="Where the victim lives.")
strawberry.enum(UpdateTrigger, name="VictimUpdateTrigger",
                description="The event that started a victim update clock.")
strawberry.enum(Channel, name="UpdateChannel", description="How a victim was updated.")


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


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
    def from_row(cls, row: dict[str, Any]) -> StatusChange:
        return cls(from_state=CaseState(row["fromState"]), to_state=CaseState(row["toState"]),
                   step=row["step"], by=row["by"], at=_native(row["at"]), reason=row["reason"],
                   outcome=Outcome(row["outcome"]) if row.get("outcome") else None)


@strawberry.type(description="The triage of a case: its answers, and any urgent hand-off.")
class TriageRecord:
    urgent: bool = strawberry.field(
        description="Whether any answer was yes: the case goes to the local force now.")
    out_of_hours: bool = strawberry.field(
        description="Whether the referral arrived while the hub was closed.")
    hand_off_force_code: str | None = strawberry.field(
        description="The local force for the urgent hand-off; null when it must be found by "
                    "telephone.")
    hand_off_reasons: list[str] = strawberry.field(
        description="IMMEDIATE_DANGER, POSTER_IDENTITY_KNOWN and/or FUTURE_EVENT.")
    hand_off_reason: str | None = strawberry.field(description="The hand-off, in words.")


@strawberry.type(description="A stored assessment of a case.")
class AssessmentRecord:
    decision: Decision = strawberry.field(description="Crime, NCHI, or neither.")
    hate_crime_flag: bool = strawberry.field(description="Whether a hate crime is recorded.")
    offences: list[str] = strawberry.field(description="The offence codes recorded.")
    keep_subject_data: bool = strawberry.field(
        description="Whether the subject's identity may be kept with an NCHI.")
    nchi_review_on: str | None = strawberry.field(
        description="When a recorded NCHI must be reviewed (ISO date).")


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


@strawberry.input(description="What a victim was told, and how.")
class RecordVictimUpdateInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    victim_id: str = strawberry.field(description="The victim updated.")
    channel: Channel = strawberry.field(description="How they were updated.")
    summary: str = strawberry.field(description="What they were told.")
    preference_unmet_reason: str | None = strawberry.field(
        default=None, description="Why not by the channel the victim asked for, if not.")


@strawberry.type(description="The outcome of recordVictimUpdate.")
class RecordVictimUpdatePayload:
    clocks_met: int = strawberry.field(description="How many owed updates this one met.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="Move a case to another state by hand.")
class TransitionCaseInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    target: CaseState = strawberry.field(description="The state to move it to.")
    reason: str = strawberry.field(description="Why (recorded).")
    outcome: Outcome | None = strawberry.field(
        default=None, description="How it ended; required when closing, refused otherwise.")


@strawberry.input(description="The three questions that decide whether a case belongs with "
                              "the local force at once.")
class TriageCaseInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    immediate_danger: bool | None = strawberry.field(
        default=None, description="Is someone named in immediate danger?")
    poster_identity_known: bool | None = strawberry.field(
        default=None, description="Does the reporter know the poster's real identity?")
    future_event: bool | None = strawberry.field(
        default=None, description="Does the material concern a future event?")


@strawberry.input(description="Yes or no to one question of the NCHI gate, with the reason.")
class GateAnswerInput:
    applies: bool | None = strawberry.field(default=None, description="Yes or no.")
    reason: str | None = strawberry.field(default=None, description="Why.")

    def rule(self) -> GateAnswer:
        return GateAnswer(self.applies, self.reason)


@strawberry.input(description="The 2023 Code of Practice gate for recording an NCHI.")
class NchiGateAnswersInput:
    trivial: GateAnswerInput | None = strawberry.field(default=None,
                                                       description="Is the report trivial?")
    irrational: GateAnswerInput | None = strawberry.field(
        default=None, description="Is the report irrational?")
    malicious: GateAnswerInput | None = strawberry.field(
        default=None, description="Is the report malicious?")
    no_basis_for_hostility: GateAnswerInput | None = strawberry.field(
        default=None, description="Is there no basis to conclude the act was hostile?")
    lawful_expression: GateAnswerInput | None = strawberry.field(
        default=None, description="Is it lawful debate, humour, satire or a held view?")
    school_or_school_age: GateAnswerInput | None = strawberry.field(
        default=None, description="Was it in a school or between school-age children?")
    significant_harm_risk: GateAnswerInput | None = strawberry.field(
        default=None, description="Is there a real risk of significant harm?")
    future_offence_risk: GateAnswerInput | None = strawberry.field(
        default=None, description="Is there a real risk of a future criminal offence?")
    record_without_subject: bool = strawberry.field(
        default=False, description="Record without the subject's identity or location.")

    def rule(self) -> NchiGateInput:
        def answer(given: GateAnswerInput | None) -> GateAnswer | None:
            return given.rule() if given else None

        return NchiGateInput(
            answer(self.trivial), answer(self.irrational), answer(self.malicious),
            answer(self.no_basis_for_hostility), answer(self.lawful_expression),
            answer(self.school_or_school_age), answer(self.significant_harm_risk),
            answer(self.future_offence_risk), self.record_without_subject)


@strawberry.input(description="The assessment form; refused whole unless complete and "
                              "consistent.")
class AssessCaseInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    decision: Decision | None = strawberry.field(default=None, description="The decision.")
    strands: list[Strand] = strawberry.field(
        default_factory=list, description="Characteristics the hostility was perceived on.")
    other_characteristic: str | None = strawberry.field(
        default=None, description="A characteristic outside the five strands.")
    perceived_by: Perceiver | None = strawberry.field(
        default=None, description="Who perceived the hostility.")
    victim_in_targeted_group: bool | None = strawberry.field(
        default=None, description="Whether the victim belongs to the targeted group.")
    offences: list[str] = strawberry.field(default_factory=list,
                                           description="Offence codes.")
    offence_in_law: bool | None = strawberry.field(
        default=None, description="On the balance of probabilities, an offence in law?")
    credible_evidence_to_contrary: bool | None = strawberry.field(
        default=None, description="Is there credible evidence to the contrary?")
    reasons: str | None = strawberry.field(default=None, description="Why (recorded).")
    nchi_gate: NchiGateAnswersInput | None = strawberry.field(
        default=None, description="The NCHI gate, for an NCHI decision.")

    def rule(self, by: str, at: datetime) -> AssessmentInput:
        return AssessmentInput(
            decided_by=by, decided_at=at, decision=self.decision, strands=tuple(self.strands),
            other_characteristic=self.other_characteristic, perceived_by=self.perceived_by,
            victim_in_targeted_group=self.victim_in_targeted_group,
            offences=tuple(self.offences), offence_in_law=self.offence_in_law,
            credible_evidence_to_contrary=self.credible_evidence_to_contrary,
            reasons=self.reasons, nchi_gate=self.nchi_gate.rule() if self.nchi_gate else None)


@strawberry.input(description="What is known about the suspect; the victim's force comes from "
                              "the case.")
class AllocateCaseInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    suspect_identified: bool = strawberry.field(default=False,
                                                description="Is the suspect identified?")
    suspect_force_code: str | None = strawberry.field(
        default=None, description="The force area the suspect lives in, if located.")
    suspect_abroad: bool = strawberry.field(default=False,
                                            description="Is the suspect abroad?")
    victim_country: Country | None = strawberry.field(
        default=None, description="The victim's country, when their force is not known.")


@strawberry.type(description="The outcome of transitionCase.")
class TransitionCasePayload:
    change: StatusChange | None = strawberry.field(description="The change recorded.")
    case: Case | None = strawberry.field(description="The case as it now stands.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="The outcome of triageCase.")
class TriageCasePayload:
    triage: TriageRecord | None = strawberry.field(description="The triage recorded.")
    case: Case | None = strawberry.field(description="The case as it now stands.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="The outcome of assessCase.")
class AssessCasePayload:
    assessment: AssessmentRecord | None = strawberry.field(
        description="The assessment recorded.")
    case: Case | None = strawberry.field(description="The case as it now stands.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type(description="The outcome of allocateCase.")
class AllocateCasePayload:
    case: Case | None = strawberry.field(
        description="The case as it now stands, with its new allocation.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


async def _case(info: Info, reference: str) -> Case | None:
    row = await info.context.loaders.case.load(reference)
    return Case.from_row(row) if row else None


@strawberry.type
class CaseworkQuery:
    @strawberry.field(description="Every status change of a case, oldest first; null when it "
                                  "does not exist or is outside your force.")
    async def case_history(self, info: Info, reference: str) -> list[StatusChange] | None:
        rows = await workflow.case_history(info.context.graph, info.context.principal,
                                           reference)
        return None if rows is None else [StatusChange.from_row(row) for row in rows]

    @strawberry.field(description="Updates owed to victims and now late, most overdue first, "
                                  "for the cases you may read.")
    async def overdue_victim_updates(self, info: Info) -> list[VictimUpdateDue]:
        late = await workflow.overdue_victim_updates(info.context.graph,
                                                     info.context.principal)
        return [VictimUpdateDue.from_clock(reference, clock) for reference, clock in late]


@strawberry.type
class CaseworkMutation:
    @strawberry.mutation(description="Move a case to another state (close, refer, hand over), "
                                     "as the case's rules allow.")
    async def transition_case(self, info: Info,
                              input: TransitionCaseInput) -> TransitionCasePayload:
        try:
            reference = case_reference(input.case_id)
            change = await workflow.transition_case(
                info.context.graph, info.context.principal, reference,
                CaseState(input.target.value), input.reason, input.outcome)
        except RuleViolation as violation:
            return TransitionCasePayload(change=None, case=None,
                                         user_errors=user_errors(violation))
        return TransitionCasePayload(change=StatusChange.from_row(change),
                                     case=await _case(info, reference), user_errors=[])

    @strawberry.mutation(description="Triage a received case; any yes makes it urgent for the "
                                     "local force.")
    async def triage_case(self, info: Info, input: TriageCaseInput) -> TriageCasePayload:
        try:
            reference = case_reference(input.case_id)
            record = await workflow.triage_case(
                info.context.graph, info.context.principal, reference,
                TriageAnswers(input.immediate_danger, input.poster_identity_known,
                              input.future_event))
        except RuleViolation as violation:
            return TriageCasePayload(triage=None, case=None, user_errors=user_errors(violation))
        return TriageCasePayload(
            triage=TriageRecord(urgent=record["urgent"], out_of_hours=record["outOfHours"],
                                hand_off_force_code=record["handOffForce"],
                                hand_off_reasons=record["handOffReasons"],
                                hand_off_reason=record["handOffReason"]),
            case=await _case(info, reference), user_errors=[])

    @strawberry.mutation(description="Assess a case as crime, NCHI or neither.")
    async def assess_case(self, info: Info, input: AssessCaseInput) -> AssessCasePayload:
        principal = info.context.principal
        try:
            reference = case_reference(input.case_id)
            record = await workflow.assess_case(
                info.context.graph, principal, reference,
                input.rule(principal.subject, datetime.now(UTC)))
        except RuleViolation as violation:
            return AssessCasePayload(assessment=None, case=None,
                                     user_errors=user_errors(violation))
        review = record["nchiReviewOn"]
        return AssessCasePayload(
            assessment=AssessmentRecord(
                decision=Decision(record["decision"]), hate_crime_flag=record["hateCrimeFlag"],
                offences=record["offences"], keep_subject_data=record["keepSubjectData"],
                nchi_review_on=review.isoformat() if review else None),
            case=await _case(info, reference), user_errors=[])

    @strawberry.mutation(description="Allocate a case to a force by the configured rules.")
    async def allocate_case(self, info: Info, input: AllocateCaseInput) -> AllocateCasePayload:
        try:
            reference = case_reference(input.case_id)
            await workflow.allocate_case(
                info.context.graph, info.context.principal, reference,
                suspect_identified=input.suspect_identified,
                suspect_force=input.suspect_force_code, suspect_abroad=input.suspect_abroad,
                victim_country=input.victim_country)
        except RuleViolation as violation:
            return AllocateCasePayload(case=None, user_errors=user_errors(violation))
        return AllocateCasePayload(case=await _case(info, reference), user_errors=[])

    @strawberry.mutation(description="Record an update given to a victim; it meets the updates "
                                     "owed to them until then.")
    async def record_victim_update(self, info: Info,
                                   input: RecordVictimUpdateInput) -> RecordVictimUpdatePayload:
        try:
            reference = case_reference(input.case_id)
            agreed = await handover.agreed_preferences(info.context.graph,
                                                       info.context.principal, reference)
            met = await workflow.record_victim_update(
                info.context.graph, info.context.principal, reference, input.victim_id,
                input.channel, input.summary, input.preference_unmet_reason,
                agreed.get(input.victim_id))
        except RuleViolation as violation:
            return RecordVictimUpdatePayload(clocks_met=0, user_errors=user_errors(violation))
        return RecordVictimUpdatePayload(clocks_met=met, user_errors=[])
