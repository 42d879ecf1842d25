"""The hub's own enums as GraphQL enums, registered once, with their GraphQL names.

Casework's enums are the truth (the rules decide on them); this module gives each its GraphQL
name before any type uses it, so every resolver imports them from here. What each enum and each
of its values means is written in `enums.toml` beside this module: `described()` refuses an enum
with a value left unexplained (or words for a value it lacks), so a value added to casework
without its words stops the schema from building, and a front-end reads every code's meaning
from the schema itself.

Codes the API hands out that casework keeps as plain strings (a case's priority, the kind of a
network edge, the status of a same-person link, a refusal's code...) are enums here too, so that
a client can switch over them exhaustively.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from enum import Enum, EnumMeta, StrEnum
from pathlib import Path
from typing import Any, TypeVar

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
from casework.events import EventKind
from casework.handover.explanations import NoActionReason
from casework.handover.transfer import TransferState
from casework.strands import Strand
from casework.workflow.allocation import Country
from casework.workflow.assessment import Decision, Perceiver
from casework.workflow.states import CaseState, Outcome
from casework.workflow.triage import HandOffReason
from casework.workflow.victims import Channel, UpdateTrigger

E = TypeVar("E", bound=Enum)
WORDS: dict[str, Any] = tomllib.loads((Path(__file__).parent / "enums.toml").read_text("utf-8"))


def described(cls: type[E], name: str | None = None) -> type[E]:
    """Registers `cls` as the GraphQL enum `name` (its own name by default), with the words
    `enums.toml` gives it and each of its values; raises when a value has none, or when words
    name a value it lacks."""
    graphql_name = name or cls.__name__
    words = WORDS[graphql_name]
    values: dict[str, str] = words["values"]
    members = {member.name for member in cls}
    if missing := members - values.keys():
        raise ValueError(f"{graphql_name}: describe {sorted(missing)} in enums.toml")
    if extra := values.keys() - members:
        raise ValueError(f"{graphql_name}: enums.toml names no such values {sorted(extra)}")
    strawberry.enum(cls, name=graphql_name, description=words["description"])
    for value in cls.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[cls(value.value).name]
    return cls


def codes(name: str, values: Iterable[str]) -> type[Enum]:
    """A string enum whose members are named as their values, for codes listed as data."""
    return EnumMeta.__call__(StrEnum, name, [(value, value) for value in values])


# Codes the API names that casework keeps as strings (see enums.toml for what each means).
CasePriority = StrEnum("CasePriority", [("NORMAL", "NORMAL"), ("URGENT", "URGENT")])
AlertKind = StrEnum("AlertKind", [("DAY_ON_DAY_SURGE", "DAY_ON_DAY_SURGE"),
                                  ("ONE_ITEM_MASS_REPORTING", "ONE_ITEM_MASS_REPORTING")])
CaseLinkMethod = StrEnum("CaseLinkMethod", [
    ("NEW_CASE", "NEW_CASE"), ("DUPLICATE", "DUPLICATE"), ("ANALYST_MERGE", "ANALYST_MERGE"),
    ("ANALYST_SPLIT", "ANALYST_SPLIT"), ("RELINK", "RELINK"), ("BULK", "BULK")])
SamePersonStatus = StrEnum("SamePersonStatus", [
    ("SUGGESTED", "SUGGESTED"), ("CONFIRMED", "CONFIRMED"), ("REJECTED", "REJECTED")])
RelatedCaseKind = StrEnum("RelatedCaseKind", [("SAME_RAID_TEXT", "SAME_RAID_TEXT"),
                                              ("SAME_SUSPECT", "SAME_SUSPECT")])
PartyRole = StrEnum("PartyRole", [("VICTIM", "VICTIM"), ("COMPLAINANT", "COMPLAINANT")])
NetworkEdgeKind = StrEnum("NetworkEdgeKind", [
    ("POSTED", "POSTED"), ("SAME_PERSON", "SAME_PERSON"), ("ATTRIBUTED_TO", "ATTRIBUTED_TO"),
    ("ON_PLATFORM", "ON_PLATFORM"), ("TARGETED", "TARGETED"),
    ("SAME_RAID_TEXT", "SAME_RAID_TEXT"), ("SAME_SUSPECT", "SAME_SUSPECT"),
    ("CO_OFFENDING", "CO_OFFENDING")])
NetworkNodeKind = Enum("NetworkNodeKind", [
    ("ACCOUNT", "Account"), ("SUSPECT", "Suspect"), ("CASE", "Case"), ("PLATFORM", "Platform"),
    ("VICTIM", "Victim")])
# Arguments of reads.
SuspectRanking = Enum("SuspectRanking", [("VICTIMS", "VICTIMS"), ("CASES", "CASES"),
                                         ("PLATFORMS", "PLATFORMS")])
CaseSortField = Enum("CaseSortField", [("OPENED_AT", "OPENED_AT"), ("UPDATED_AT", "UPDATED_AT"),
                                       ("PRIORITY", "PRIORITY"),
                                       ("REPORT_COUNT", "REPORT_COUNT")])
OrderDirection = Enum("OrderDirection", [("ASC", "ASC"), ("DESC", "DESC")])
StatisticsDimension = Enum("StatisticsDimension", [
    ("STRAND", "STRAND"), ("FORCE", "FORCE"), ("PLATFORM", "PLATFORM"), ("MONTH", "MONTH"),
    ("STATUS", "STATUS"), ("DECISION", "DECISION"), ("OFFENCE", "OFFENCE")])
Milestone = Enum("Milestone", [("ASSESSMENT", "ASSESSMENT"), ("ALLOCATION", "ALLOCATION"),
                               ("REMOVAL", "REMOVAL")])
# Every code a refusal carries, listed (with its words) in enums.toml; casework raises them as
# strings, `resolvers.errors` turns them into this enum (tests/api/test_schema_contract.py finds
# every code raised in the code).
UserErrorCode = codes("UserErrorCode", WORDS["UserErrorCode"]["values"])

described(Strand)
described(CaseState, "CaseStatus")
described(ReferralStatus, "PlatformReferralStatus")
described(PreservationTarget, "PreservationTargetKind")
described(SourceEvaluation)
described(IntelligenceAssessment)
described(HandlingCode)
described(Marking, "ProtectiveMarking")
described(TransferState)
described(NoActionReason)
described(Outcome, "CaseOutcome")
described(Decision, "AssessmentDecision")
described(Perceiver, "HostilityPerceiver")
described(Country, "VictimCountry")
described(UpdateTrigger, "VictimUpdateTrigger")
described(Channel, "UpdateChannel")
described(AuditAction)
described(EventKind, "CaseEventKind")
described(HandOffReason)
described(CasePriority)
described(AlertKind)
described(CaseLinkMethod)
described(SamePersonStatus)
described(RelatedCaseKind)
described(PartyRole)
described(NetworkEdgeKind)
described(NetworkNodeKind)
described(SuspectRanking)
described(CaseSortField)
described(OrderDirection)
described(StatisticsDimension)
described(Milestone)
described(UserErrorCode)

__all__ = [
    "AlertKind",
    "AuditAction",
    "CaseLinkMethod",
    "CasePriority",
    "CaseSortField",
    "CaseState",
    "Channel",
    "Country",
    "Decision",
    "EventKind",
    "HandOffReason",
    "HandlingCode",
    "IntelligenceAssessment",
    "Marking",
    "Milestone",
    "NetworkEdgeKind",
    "NetworkNodeKind",
    "NoActionReason",
    "OrderDirection",
    "Outcome",
    "PartyRole",
    "Perceiver",
    "PreservationTarget",
    "ReferralStatus",
    "RelatedCaseKind",
    "SamePersonStatus",
    "SourceEvaluation",
    "StatisticsDimension",
    "Strand",
    "SuspectRanking",
    "TransferState",
    "UpdateTrigger",
    "UserErrorCode",
    "described",
]
