"""Bring the demo's cases to life: officers' decisions taken through the real casework rules.

After intake every demo case is RECEIVED, which shows nothing of the hub's work. Here each case
is given a path, chosen from its reference so that a rerun with the same seed gives the same
hub, and walked along it by the same orchestration the GraphQL mutations call: triage, urgent
hand-offs, assessments (crime, NCHI through the Code of Practice gate, not a hate matter, no
further action), allocation, referral to a platform, hand-over to a force, and closure with
each outcome. Every state and every outcome is reached when there are enough cases.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from casework.access import Principal, Role
from casework.advice import service as advice
from casework.content import service as content
from casework.content.platform_referral import ReferralStatus
from casework.disclosures import service as disclosures
from casework.disclosures.evidence import LineOfEnquiry
from casework.handover import service as handover
from casework.handover.explanations import NoActionReason
from casework.strands import Strand
from casework.workflow import service as workflow
from casework.workflow.assessment import AssessmentInput, Decision, Perceiver
from casework.workflow.nchi import GateAnswer, NchiGateInput
from casework.workflow.states import CaseState, Outcome
from casework.workflow.triage import TriageAnswers
from casework.workflow.victims import Channel
from graph import cases
from graph.driver import Graph
from graph.pages import Window
from graph.workflow import cases_awaiting_triage
from linking.urls import canonical_content
from seeds.reference.platforms import platform_by_id

OFFICER = Principal(subject="demo-hub-officer", role=Role.HUB_OFFICER)
NO = TriageAnswers(immediate_danger=False, poster_identity_known=False, future_event=False)
URGENT = TriageAnswers(immediate_danger=False, poster_identity_known=True, future_event=False)
_NOT_HERE = GateAnswer(False, "Considered against the Code of Practice: does not apply here")
_GATE = NchiGateInput(trivial=_NOT_HERE, irrational=_NOT_HERE, malicious=_NOT_HERE,
                      no_basis_for_hostility=_NOT_HERE, lawful_expression=_NOT_HERE,
                      school_or_school_age=_NOT_HERE, significant_harm_risk=_NOT_HERE,
                      future_offence_risk=_NOT_HERE)
_CRIME = AssessmentInput(
    decided_by="", decided_at=datetime(2026, 1, 1, tzinfo=UTC), decision=Decision.CRIME,
    strands=(Strand.RACE,), perceived_by=Perceiver.VICTIM, offences=("POA1986-s4A",),
    offence_in_law=True, credible_evidence_to_contrary=False,
    reasons="Threatening, abusive words aimed at the victim, perceived as racially hostile")
_FORMS: dict[Decision, AssessmentInput] = {
    Decision.CRIME: _CRIME,
    Decision.NON_CRIME_HATE_INCIDENT: replace(
        _CRIME, decision=Decision.NON_CRIME_HATE_INCIDENT, offences=(), offence_in_law=False,
        perceived_by=Perceiver.OTHER_PERSON, nchi_gate=_GATE,
        reasons="A hostile remark about the victim's faith, short of any offence"),
    Decision.NOT_A_HATE_MATTER: replace(
        _CRIME, decision=Decision.NOT_A_HATE_MATTER, strands=(), perceived_by=None,
        offences=(), offence_in_law=False,
        reasons="A dispute between neighbours; no one perceived hostility on any strand"),
    Decision.NO_FURTHER_ACTION: replace(
        _CRIME, decision=Decision.NO_FURTHER_ACTION, strands=(), perceived_by=None, offences=(),
        offence_in_law=False, credible_evidence_to_contrary=True,
        reasons="The account and the content were deleted before any capture; nothing to act on"),
}

Step = Callable[[Graph, str], Awaitable[object]]


def _triage(answers: TriageAnswers) -> Step:
    async def step(graph: Graph, reference: str) -> object:
        return await workflow.triage_case(graph, OFFICER, reference, answers)
    return step


def _assess(decision: Decision) -> Step:
    async def step(graph: Graph, reference: str) -> object:
        form = replace(_FORMS[decision], decided_by=OFFICER.subject,
                       decided_at=datetime.now(UTC))
        return await workflow.assess_case(graph, OFFICER, reference, form)
    return step


async def _allocate(graph: Graph, reference: str) -> object:
    return await workflow.allocate_case(graph, OFFICER, reference, suspect_identified=False,
                                        suspect_force=None, suspect_abroad=False)


def _move(target: CaseState, reason: str, outcome: Outcome | None = None) -> Step:
    async def step(graph: Graph, reference: str) -> object:
        return await workflow.transition_case(graph, OFFICER, reference, target, reason,
                                              outcome)
    return step


def _refer(*answers: ReferralStatus | None) -> Step:
    """Capture the case's content, refer it to its platform, and record the platform's answer,
    one of `answers` chosen by the case (None: no answer yet)."""
    async def step(graph: Graph, reference: str) -> object:
        answer = answers[_slot(reference, len(answers))]
        found = await cases.reports_of_cases(graph, [reference], None, Window(size=20))
        reports = found[reference]
        seen = [(url, key, report.content_text) for report in reports
                if report.content_text for url in report.content_urls
                for key in (canonical_content(url),) if key and platform_by_id(key.platform)]
        if not seen:
            return None
        url, key, text = seen[0]
        now = datetime.now(UTC)
        captured = await content.capture_content(graph, OFFICER, reference, url=url, text=text,
                                                 captured_at=now - timedelta(hours=2))
        sent = await content.refer_to_platform(
            graph, OFFICER, reference, capture_id=captured.id, platform_id=key.platform,
            offence_code="POA1986-s4A", schedule7_priority=None, terms_clause=None,
            sent_at=now - timedelta(hours=1))
        if answer is None:
            return sent
        return await content.record_platform_response(
            graph, OFFICER, sent.id, answer, now)
    return step


async def _force_of(graph: Graph, reference: str) -> str:
    return (await cases.cases_by_reference(graph, [reference], None))[reference].force


def _offer(*answers: str | None) -> Step:
    """Offer the allocated case to its force, which accepts it (the case goes WITH_FORCE),
    disputes it, or has not answered yet (None): one of `answers`, chosen by the case."""
    async def step(graph: Graph, reference: str) -> object:
        answer = answers[_slot(reference, len(answers))]
        code = await _force_of(graph, reference)
        if code == "HUB":  # no force area known: the hub keeps the case
            return None
        offered = await handover.propose_case_transfer(graph, OFFICER, reference, None)
        force = Principal(subject=f"demo-officer-{code}", role=Role.FORCE_OFFICER, force=code)
        if answer == "accept":
            return await handover.accept_case_transfer(graph, force, offered.transfer.id,
                                                       f"CRIME-{_slot(reference, 10**6):06d}")
        if answer == "dispute":
            return await handover.dispute_case_transfer(
                graph, force, offered.transfer.id,
                "The suspect lives in another force's area")
        return offered
    return step


async def _update_victims(graph: Graph, reference: str) -> object:
    victims = await handover.victim_preferences(graph, OFFICER, reference) or []
    for victim in victims:
        await workflow.record_victim_update(
            graph, OFFICER, reference, victim.victim_id, Channel.EMAIL,
            "Your report has been assessed and passed to your local police force.")
    return victims


def _explain(reason: NoActionReason) -> Step:
    async def step(graph: Graph, reference: str) -> object:
        if not await handover.victim_preferences(graph, OFFICER, reference):
            return None  # a referral may name no victim: there is nobody to write to
        return await handover.explain_no_action_to_victims(graph, OFFICER, reference, None,
                                                           reason, Channel.EMAIL)
    return step


async def _package(graph: Graph, reference: str) -> object:
    """The evidence package for the force, with a positive line of enquiry."""
    line = LineOfEnquiry("The platform can disclose the account holder's details", True,
                         "Local force investigator")
    return await disclosures.generate_evidence_package(
        graph, OFFICER, reference, [line], None, "Positive line of enquiry for the force")


_HANDED = _offer("accept")
_REFERRED = _move(CaseState.REFERRED, "No line of enquiry; the content goes to the platform")
_ANSWERS = (None, ReferralStatus.ACKNOWLEDGED, ReferralStatus.REMOVED,
            ReferralStatus.RESTRICTED, ReferralStatus.DECLINED)
_CLOSE_CRIME = _move(CaseState.CLOSED, "The force recorded its outcome and closed its crime",
                     Outcome.FORCE_OUTCOME_RECORDED)

# (share out of 100, the path's name, its steps); names describe where the case ends.
PATHS: tuple[tuple[int, str, tuple[Step, ...]], ...] = (
    (8, "received", ()),
    (8, "triaged", (_triage(NO),)),
    (4, "urgent hand-off", (_triage(URGENT), _move(
        CaseState.WITH_FORCE, "Urgent: the poster's identity is known to the victim"))),
    (8, "assessed crime", (_triage(NO), _assess(Decision.CRIME))),
    (12, "allocated", (_triage(NO), _assess(Decision.CRIME), _allocate, _update_victims,
                       _offer(None, "dispute", None))),
    (12, "with force", (_triage(NO), _assess(Decision.CRIME), _allocate, _package, _HANDED)),
    (10, "referred to platform", (_triage(NO), _assess(Decision.CRIME), _refer(*_ANSWERS),
                                  _REFERRED)),
    (8, "closed: NCHI recorded", (_triage(NO), _assess(Decision.NON_CRIME_HATE_INCIDENT),
                                  _explain(NoActionReason.NCHI_RECORDED),
                                  _move(CaseState.CLOSED, "NCHI recorded under the Code",
                                        Outcome.NCHI_RECORDED))),
    (6, "closed: not a hate matter", (_triage(NO), _assess(Decision.NOT_A_HATE_MATTER),
                                      _move(CaseState.CLOSED, "Not a hate matter, explained "
                                            "to the complainant", Outcome.NOT_A_HATE_MATTER))),
    (5, "closed: no further action", (_triage(NO), _assess(Decision.NO_FURTHER_ACTION),
                                      _move(CaseState.CLOSED, "Nothing left to act on",
                                            Outcome.NO_FURTHER_ACTION))),
    (5, "closed: content removed", (_triage(NO), _assess(Decision.CRIME),
                                    _refer(ReferralStatus.REMOVED), _REFERRED,
                                    _move(CaseState.CLOSED, "The platform removed the content",
                                          Outcome.CONTENT_REMOVED))),
    (4, "closed: suspect not identified", (_triage(NO), _assess(Decision.CRIME), _allocate,
                                           _explain(NoActionReason.SUSPECT_NOT_IDENTIFIABLE),
                                           _move(CaseState.CLOSED, "Every line of enquiry "
                                                 "exhausted", Outcome.SUSPECT_NOT_IDENTIFIED))),
    (2, "closed: suspect abroad", (_triage(NO), _assess(Decision.CRIME), _allocate,
                                   _explain(NoActionReason.SUSPECT_ABROAD),
                                   _move(CaseState.CLOSED, "The suspect lives outside the UK",
                                         Outcome.SUSPECT_ABROAD))),
    (4, "closed: force outcome", (_triage(NO), _assess(Decision.CRIME), _allocate, _HANDED,
                                  _CLOSE_CRIME)),
    (4, "closed: withdrawn", (_move(CaseState.CLOSED, "The victim withdrew the report",
                                    Outcome.WITHDRAWN),)),
)
assert sum(share for share, _, _ in PATHS) == 100, "the paths must share out every case"


def _slot(reference: str, slots: int) -> int:
    return int(hashlib.sha256(reference.encode()).hexdigest()[:8], 16) % slots


def path_of(reference: str) -> tuple[str, tuple[Step, ...]]:
    """The path for a case: fixed by its reference, spread by the shares above."""
    slot = _slot(reference, 100)
    for share, name, steps in PATHS:
        if slot < share:
            return name, steps
        slot -= share
    raise AssertionError("unreachable: the shares add up to 100")


LIBRARY = (
    ("Capturing content before referral",
     "Capture the post's text, URL and time, and hash any screenshot, before asking the "
     "platform to remove it: once removed, the capture is the evidence.", ("evidence",)),
    ("Preservation requests",
     "Ask the platform to preserve account data as soon as a line of enquiry opens; requests "
     "lapse after 90 days unless renewed.", ("platforms", "evidence")),
    ("Updating victims of hate crime",
     "Victims of hate crime have enhanced rights under the Victims' Code: update them within "
     "one working day of each decision, by the channel they asked for.", ("victims",)),
)


async def stock_library(graph: Graph) -> None:
    """The best-practice library and a note to the busiest forces, as the hub would write."""
    for title, body, tags in LIBRARY:
        await advice.publish_practice(graph, OFFICER, title, body, tags)
    for force in ("metropolitan", "west-yorkshire"):
        await advice.give_advice(
            graph, OFFICER, force, None, "Mass reporting of one video",
            "One video drew hundreds of referrals this week; they are one hub case. Please "
            "do not record a crime for each referral.", ("mass-reporting",))


async def bring_to_life(graph: Graph, progress: Callable[[int], None] | None = None
                        ) -> Counter[str]:
    """Walk every RECEIVED case along its path; returns how many cases took each path.

    The first cases (by reference, those with a responsible force and captured content first)
    each take a different path, so that a small demo still shows every state and outcome."""
    references = await cases_awaiting_triage(graph)
    taken: Counter[str] = Counter()
    for index, reference in enumerate(references):
        name, steps = PATHS[index][1:] if index < len(PATHS) else path_of(reference)
        for step in steps:
            await step(graph, reference)
        taken[name] += 1
        if progress:
            progress(1)
    return taken
