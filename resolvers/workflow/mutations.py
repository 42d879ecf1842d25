"""The changes of workflow: inputs, payloads with userErrors, mutations."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from casework.handover import service as handover
from casework.workflow import service as workflow
from casework.workflow.assessment import AssessmentInput
from casework.workflow.nchi import GateAnswer, NchiGateInput
from casework.workflow.triage import TriageAnswers
from resolvers.cases.types import Case, case_as_it_stands
from resolvers.context import Info
from resolvers.enums import CaseState, Channel, Country, Decision, Outcome, Perceiver, Strand
from resolvers.errors import UserError, mutation
from resolvers.ids import case_reference
from resolvers.workflow.types import AssessmentRecord, StatusChange, TriageRecord


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


@strawberry.type
class WorkflowMutation:
    @mutation(description="Move a case to another state (close, refer, hand over), "
                                     "as the case's rules allow.")
    async def transition_case(self, info: Info,
                              input: TransitionCaseInput) -> TransitionCasePayload:
        reference = case_reference(input.case_id)
        change = await workflow.transition_case(
            info.context.graph, info.context.principal, reference,
            CaseState(input.target.value), input.reason, input.outcome)
        return TransitionCasePayload(change=StatusChange.from_record(change),
                                     case=await case_as_it_stands(info, reference), user_errors=[])

    @mutation(description="Triage a received case; any yes makes it urgent for the "
                                     "local force.")
    async def triage_case(self, info: Info, input: TriageCaseInput) -> TriageCasePayload:
        reference = case_reference(input.case_id)
        record = await workflow.triage_case(
            info.context.graph, info.context.principal, reference,
            TriageAnswers(input.immediate_danger, input.poster_identity_known,
                          input.future_event))
        return TriageCasePayload(triage=TriageRecord.from_record(record),
                                 case=await case_as_it_stands(info, reference), user_errors=[])

    @mutation(description="Assess a case as crime, NCHI or neither.")
    async def assess_case(self, info: Info, input: AssessCaseInput) -> AssessCasePayload:
        principal = info.context.principal
        reference = case_reference(input.case_id)
        record = await workflow.assess_case(
            info.context.graph, principal, reference,
            input.rule(principal.subject, datetime.now(UTC)))
        return AssessCasePayload(assessment=AssessmentRecord.from_record(record),
                                 case=await case_as_it_stands(info, reference), user_errors=[])

    @mutation(description="Allocate a case to a force by the configured rules.")
    async def allocate_case(self, info: Info, input: AllocateCaseInput) -> AllocateCasePayload:
        reference = case_reference(input.case_id)
        await workflow.allocate_case(
            info.context.graph, info.context.principal, reference,
            suspect_identified=input.suspect_identified,
            suspect_force=input.suspect_force_code, suspect_abroad=input.suspect_abroad,
            victim_country=input.victim_country)
        return AllocateCasePayload(case=await case_as_it_stands(info, reference), user_errors=[])

    @mutation(description="Record an update given to a victim; it meets the updates "
                                     "owed to them until then.")
    async def record_victim_update(self, info: Info,
                                   input: RecordVictimUpdateInput) -> RecordVictimUpdatePayload:
        reference = case_reference(input.case_id)
        agreed = await handover.agreed_preferences(info.context.graph,
                                                   info.context.principal, reference)
        met = await workflow.record_victim_update(
            info.context.graph, info.context.principal, reference, input.victim_id,
            input.channel, input.summary, input.preference_unmet_reason,
            agreed.get(input.victim_id))
        return RecordVictimUpdatePayload(clocks_met=met, user_errors=[])
