"""The hub's own enums as GraphQL enums, registered once, with their GraphQL names.

Casework's enums are the truth (the rules decide on them); this module gives each its GraphQL
name and description before any type uses it, so every resolver imports them from here.
"""

from __future__ import annotations

import strawberry

from casework.audit import AuditAction
from casework.content.platform_referral import ReferralStatus
from casework.content.service import PreservationTarget
from casework.disclosures.intelligence import (
                HandlingCode,
                IntelligenceAssessment,
                Marking,
                SourceEvaluation,
)
from casework.handover.explanations import NoActionReason
from casework.handover.transfer import TransferState
from casework.strands import Strand
from casework.workflow.allocation import Country
from casework.workflow.assessment import Decision, Perceiver
from casework.workflow.states import CaseState, Outcome
from casework.workflow.victims import Channel, UpdateTrigger

strawberry.enum(Strand, description="A centrally monitored hate crime strand.")
strawberry.enum(CaseState, name="CaseStatus",
                description="Where a case stands in the hub's process.")
strawberry.enum(ReferralStatus, name="PlatformReferralStatus",
                description="Where a referral to a platform stands: SENT, then the platform's "
                            "answer, or NO_RESPONSE once the wait has run out.")
strawberry.enum(PreservationTarget, name="PreservationTargetKind",
                description="What a preservation request asks the platform to hold.")
strawberry.enum(SourceEvaluation, name="SourceEvaluation",
                description="3x5x2: how reliable the source is (1 reliable, 2 untested, "
                            "3 not reliable).")
strawberry.enum(IntelligenceAssessment, name="IntelligenceAssessment",
                description="3x5x2: how the source knows (A directly ... E suspected false).")
strawberry.enum(HandlingCode, name="HandlingCode",
                description="3x5x2: P may be disseminated; C only under stated conditions.")
strawberry.enum(Marking, name="ProtectiveMarking",
                description="Government Security Classification of the report.")
strawberry.enum(TransferState, description="Where a transfer to a force stands.")
strawberry.enum(NoActionReason, description="Why no enforcement action is possible.")
strawberry.enum(Outcome, name="CaseOutcome", description="How a closed case ended.")
strawberry.enum(Decision, name="AssessmentDecision",
                description="What the assessment recorded the case as.")
strawberry.enum(Perceiver, name="HostilityPerceiver",
                description="Who perceived the hostility (the perception test accepts anyone).")
strawberry.enum(Country, name="VictimCountry", description="Where the victim lives.")
strawberry.enum(UpdateTrigger, name="VictimUpdateTrigger",
                description="The event that started a victim update clock.")
strawberry.enum(Channel, name="UpdateChannel", description="How a victim was updated.")
strawberry.enum(AuditAction,
                description="Kinds of processing that DPA 2018 s.62 requires to be logged, "
                            "and REFUSAL: an attempt refused.")


__all__ = [
    "AuditAction",
    "CaseState",
    "Channel",
    "Country",
    "Decision",
    "HandlingCode",
    "IntelligenceAssessment",
    "Marking",
    "NoActionReason",
    "Outcome",
    "Perceiver",
    "PreservationTarget",
    "ReferralStatus",
    "SourceEvaluation",
    "Strand",
    "TransferState",
    "UpdateTrigger",
]
