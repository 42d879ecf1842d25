"""The GraphQL types of cases."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from strawberry import relay

from casework.access import Permission
from casework.config import current_rules
from casework.handover.service import agreed_updates
from casework.workflow.service import clock_of
from graph import cases as stored
from graph import workflow
from graph.case_screen import CaseScreen
from graph.pages import Key, Window
from resolvers.content.types import Capture, PlatformReferral, PreservationRequest
from resolvers.context import Info
from resolvers.disclosures.types import EvidencePackage, IntelligenceReport
from resolvers.enums import (
    CaseLinkMethod,
    CasePriority,
    CaseState,
    Outcome,
    PartyRole,
    RelatedCaseKind,
    Strand,
)
from resolvers.handover.types import Transfer, VictimPreference
from resolvers.pagination import Connection, connection, keyset_cursor, keyset_window, listed
from resolvers.reads import paged_as
from resolvers.reference.types import code_of_force, refers_to_force
from resolvers.workflow.types import AssessmentRecord, StatusChange, VictimUpdateDue

if TYPE_CHECKING:  # resolvers.identity.types reads this module's types in turn
    from resolvers.identity.types import Account, Suspect

T = TypeVar("T")


@strawberry.type(description="A victim or complainant named in a report. Contact details are "
                             "shown only to roles that need them; otherwise they are null.")
class Party:
    roles: list[PartyRole] = strawberry.field(description="VICTIM and/or COMPLAINANT.")
    name: str | None = strawberry.field(description="Name as reported.")
    postcode: str | None = strawberry.field(description="Postcode as reported, normalised.")
    email: str | None = strawberry.field(description="Email address.")
    phone: str | None = strawberry.field(description="Telephone number.")

    @classmethod
    def from_record(cls, party: stored.Party, contact: bool) -> Party:
        return cls(roles=[PartyRole(role) for role in party.roles],
                   name=party.name if contact else None,
                   postcode=party.postcode, email=party.email if contact else None,
                   phone=party.phone if contact else None)


@strawberry.type(description="Which force answers for a case, by which rule and why.")
class Allocation:
    force_code: str = code_of_force("The responsible force, or HUB.")
    victim_force_code: str | None = code_of_force("The victim's force, if known.")
    suspect_force_code: str | None = code_of_force("The suspect's force, if known.")
    force = refers_to_force("force_code", description="The responsible force; null when the "
                                                       "hub keeps the case.")
    victim_force = refers_to_force("victim_force_code",
                                   description="The victim's force, if known.")
    suspect_force = refers_to_force("suspect_force_code",
                                    description="The suspect's force, if known.")
    rule: str = strawberry.field(description="The allocation rule applied.")
    reason: str = strawberry.field(description="Why, in words.")
    at: datetime = strawberry.field(description="When the allocation was made (UTC).")
    by: str = strawberry.field(description="Who made it.")

    @classmethod
    def from_record(cls, allocation: stored.Allocation) -> Allocation:
        return cls(force_code=allocation.force, victim_force_code=allocation.victim_force,
                   suspect_force_code=allocation.suspect_force, rule=allocation.rule,
                   reason=allocation.reason, at=allocation.at, by=allocation.by)


@strawberry.type(description="One piece of evidence behind a link, and its weight.")
class Evidence:
    feature: str = strawberry.field(description="What was compared (content, text, handle...).")
    value: str = strawberry.field(description="What the comparison found.")
    weight: float = strawberry.field(
        description="Log2 Bayes factor: positive for the same content, negative against.")


@strawberry.type(description="Why a report is in its case.")
class CaseLink:
    method: CaseLinkMethod = strawberry.field(
        description="How the report came to be in the case.")
    probability: float | None = strawberry.field(
        description="Calibrated probability that it reports the same content, for DUPLICATE.")
    duplicate_of: str | None = strawberry.field(
        description="The Truevision reference of the report it was matched with.")
    evidence: list[Evidence] = strawberry.field(description="The evidence and its weights.")
    decided_by: str | None = strawberry.field(description="The analyst, for analyst decisions.")

    @classmethod
    def from_record(cls, link: stored.CaseLink) -> CaseLink:
        duplicate = link.duplicate
        evidence = json.loads(duplicate.evidence) if duplicate and duplicate.evidence else []
        return cls(method=CaseLinkMethod(link.method),
                   probability=link.probability or (duplicate.probability if duplicate else None),
                   duplicate_of=duplicate.duplicate_of if duplicate else None,
                   evidence=[Evidence(**e) for e in evidence], decided_by=link.by)


@strawberry.type(description="A victim or complainant's place in a case: one per referral.")
class Complainant:
    report_truevision_ref: str = strawberry.field(description="The referral they made.")
    received_at: datetime = strawberry.field(description="When their referral was received.")
    is_victim: bool = strawberry.field(description="Whether they are also the victim.")
    name: str | None = strawberry.field(description="Name, for roles that may see it.")
    postcode: str | None = strawberry.field(description="Postcode.")

    @classmethod
    def from_record(cls, complainant: stored.Complainant, contact: bool) -> Complainant:
        return cls(report_truevision_ref=complainant.report, received_at=complainant.received_at,
                   is_victim=complainant.victim, name=complainant.name if contact else None,
                   postcode=complainant.postcode)


@strawberry.type(description="Another case related to this one, and how.")
class RelatedCase:
    kind: RelatedCaseKind = strawberry.field(description="How the cases are related.")
    reference: str = strawberry.field(description="The related case's reference.")


@strawberry.type(description="One Truevision referral as the hub received it.")
class Report(relay.Node):
    key: relay.NodeID[str]
    truevision_ref: str = strawberry.field(description="The Truevision reference (unique).")
    received_at: datetime = strawberry.field(description="When Truevision received it (UTC).")
    out_of_hours: bool = strawberry.field(
        description="Whether it arrived while the hub was closed (evenings, weekends, bank "
                    "holidays), so that the morning shift looks at it first.")
    narrative: str | None = strawberry.field(description="The reporter's account.")
    content_text: str | None = strawberry.field(description="The post as the reporter copied it.")
    content_urls: list[str] = strawberry.field(description="Links to the content, as pasted.")
    platform_as_typed: str | None = strawberry.field(description="The platform as typed.")
    strands: list[Strand] = strawberry.field(description="Monitored strands perceived.")
    other_characteristics: list[str] = strawberry.field(
        description="Other characteristics the reporter named.")
    case_reference: strawberry.Private[str]

    @classmethod
    def from_record(cls, report: stored.Report) -> Report:
        return cls(key=report.truevision_ref, truevision_ref=report.truevision_ref,
                   received_at=report.received_at, out_of_hours=report.out_of_hours,
                   narrative=report.narrative, content_text=report.content_text,
                   content_urls=list(report.content_urls),
                   platform_as_typed=report.platform_as_typed,
                   strands=[Strand(s) for s in report.strands],
                   other_characteristics=list(report.other_characteristics),
                   case_reference=report.case_reference)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # strawberry declares overloads
        cls, *, info: Info, node_ids: Any,
        required: bool = False,
    ) -> list[Report | None]:
        reports = await info.context.loaders.report.load_many(list(node_ids))
        return [cls.from_record(report) if report else None for report in reports]

    @strawberry.field(description="The case this report belongs to.")
    async def case(self, info: Info) -> Case | None:
        return await case_as_it_stands(info, self.case_reference)

    @strawberry.field(description="Why this report is in its case, with the evidence.")
    async def case_link(self, info: Info) -> CaseLink | None:
        link = await info.context.loaders.links.load(self.truevision_ref)
        return CaseLink.from_record(link) if link else None

    @strawberry.field(description="Victims and complainants named in the report.")
    async def parties(self, info: Info) -> list[Party]:
        contact = info.context.principal.can(Permission.READ_CONTACT_DETAILS)
        parties = await info.context.loaders.parties.load(self.truevision_ref) or []
        return [Party.from_record(party, contact) for party in parties]


def shows_part(name: str, shown_as: Any, show: Callable[[Any], Any], description: str) -> Any:
    """A field of `Case` showing one of its parts (`graph.case_screen.PARTS`), each item as
    `show` makes it a GraphQL type: read with the case, or through the loaders."""

    def resolve(root: Case, info: Info) -> Any:
        return root.shown(info, name, show)

    return strawberry.field(resolver=resolve, graphql_type=shown_as, description=description)


async def _then(pending: Awaitable[Any], show: Callable[[Any], T]) -> T:
    return show(await pending)


@strawberry.type(description="One incident the hub handles: every report of the same content.")
class Case(relay.Node):
    key: relay.NodeID[str]
    reference: str = strawberry.field(description="Human-readable reference, e.g. HUB-2026-000042.")
    status: CaseState = strawberry.field(description="Where the case stands.")
    opened_at: datetime = strawberry.field(description="When the first report was received.")
    updated_at: datetime = strawberry.field(description=(
        "When the case itself last changed: a referral joined or left it, or its status, "
        "priority or responsible force changed (records added beside it, such as captures or "
        "platform referrals, do not count)."))
    priority: CasePriority = strawberry.field(description="How soon it must be worked.")
    force_code: str = code_of_force("The responsible force now, or HUB.")
    force = refers_to_force("force_code", description="The responsible force now; null while "
                                                       "the hub keeps the case.")
    strands: list[Strand] = strawberry.field(description="Monitored strands perceived.")
    report_count: int = strawberry.field(description="How many referrals the case combines.")
    complainant_count: int = strawberry.field(description="How many complainants it has.")
    outcome: Outcome | None = strawberry.field(description="How a closed case ended.")
    merged_into: str | None = strawberry.field(description="The case it was merged into.")
    # The parts a `case(...)` selection asked for, read with the case (resolvers.cases.screen).
    screen: strawberry.Private[CaseScreen | None] = None

    @classmethod
    def from_record(cls, case: stored.Case, screen: CaseScreen | None = None) -> Case:
        return cls(key=case.reference, reference=case.reference, status=CaseState(case.status),
                   opened_at=case.opened_at, updated_at=case.updated_at,
                   priority=CasePriority(case.priority),
                   force_code=case.force,
                   strands=[Strand(s) for s in case.strands], report_count=case.report_count,
                   complainant_count=case.complainant_count,
                   outcome=Outcome(case.outcome) if case.outcome else None,
                   merged_into=case.merged_into, screen=screen)

    # The fields showing a case's parts and pages are plain functions, not coroutines: what was
    # read with the case (a screen) they return as it is, so that GraphQL completes the case
    # with no task per field; only what the loaders must still read (a list of cases) is
    # awaited.
    def _part(self, info: Info, name: str, show: Callable[[Any], T]) -> T | Awaitable[T]:
        """What `show` makes of a part of the case: read with it, or else through the loaders."""
        if self.screen is not None and name in self.screen.parts:
            return show(self.screen.parts[name])
        return _then(info.context.loaders.case_parts.load((name, self.reference)),
                     lambda part: show(part or []))

    def shown(self, info: Info, name: str, show: Callable[[Any], T]
              ) -> list[T] | Awaitable[list[T]]:
        """Each item of a part of the case, as `show` makes it a GraphQL type."""
        return self._part(info, name, lambda items: [show(item) for item in items])

    def _page(self, name: str, window: Window[Key]) -> list[Any] | None:
        """A page of the case read with it for this window, else None."""
        return self.screen.page(name, window) if self.screen is not None else None

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # strawberry declares overloads
        cls, *, info: Info, node_ids: Any,
        required: bool = False,
    ) -> list[Case | None]:
        cases = await info.context.loaders.case.load_many(list(node_ids))
        return [cls.from_record(case) if case else None for case in cases]

    @strawberry.field(description="The referrals combined in this case, oldest first.",
                      graphql_type=Connection[Report])
    def reports(self, info: Info, first: int | None = None, after: str | None = None,
                last: int | None = None, before: str | None = None
                ) -> Connection[Report] | Awaitable[Connection[Report]]:
        window = keyset_window(first, after, last, before)

        def page(reports: list[stored.Report]) -> Connection[Report]:
            return connection([Report.from_record(report) for report in reports], window,
                              self.report_count,
                              lambda r: keyset_cursor(r.received_at, r.truevision_ref))

        read: list[stored.Report] | None = self._page("reports", window)
        if read is None:
            return _then(info.context.loaders.case_reports.load((self.reference, window)), page)
        return page(read)

    @strawberry.field(description="Each complainant with their own referral, oldest first; a "
                                  "mass-reported case pages like any other.",
                      graphql_type=Connection[Complainant])
    def complainants(self, info: Info, first: int | None = None, after: str | None = None,
                     last: int | None = None, before: str | None = None
                     ) -> Connection[Complainant] | Awaitable[Connection[Complainant]]:
        window = keyset_window(first, after, last, before)
        contact = info.context.principal.can(Permission.READ_CONTACT_DETAILS)

        def page(complainants: list[stored.Complainant]) -> Connection[Complainant]:
            return connection([Complainant.from_record(c, contact) for c in complainants],
                              window, self.complainant_count,
                              lambda c: keyset_cursor(c.received_at, c.report_truevision_ref))

        read: list[stored.Complainant] | None = self._page("complainants", window)
        if read is None:
            return _then(info.context.loaders.case_complainants.load((self.reference, window)),
                         page)
        return page(read)

    @strawberry.field(description="Cases about other content but related: the same raid text "
                                  "or the same suspect.", graphql_type=list[RelatedCase])
    def related_cases(self, info: Info) -> list[RelatedCase] | Awaitable[list[RelatedCase]]:
        return self.shown(info, "relatedCases", lambda r: RelatedCase(
            kind=RelatedCaseKind(r.kind), reference=r.reference))

    allocations = shows_part("allocations", list[Allocation], Allocation.from_record,
                             "Allocation history, newest first: each with its rule and the "
                             "reason in words.")

    assessments = shows_part(
        "assessments", list[AssessmentRecord], AssessmentRecord.from_record,
        "Every assessment of the case, newest first, with its reasons.")
    history = shows_part("history", list[StatusChange], StatusChange.from_record,
                         "Every status change of the case, oldest first.")

    @strawberry.field(description="Updates owed to the case's victims and not yet given, "
                                  "soonest due first (late ones included).",
                      graphql_type=list[VictimUpdateDue])
    def victim_updates_due(self, info: Info
                           ) -> list[VictimUpdateDue] | Awaitable[list[VictimUpdateDue]]:
        return self.shown(info, "victimUpdatesDue", lambda clock: VictimUpdateDue.from_clock(
            self.reference, clock_of(clock)))

    @strawberry.field(description="When the next update to a victim falls due (UTC); null when "
                                  "none is owed.", graphql_type=datetime | None)
    def next_victim_update_due(self, info: Info
                               ) -> datetime | Awaitable[datetime | None] | None:
        def soonest(clocks: list[workflow.VictimClock]) -> datetime | None:
            return clocks[0].due if clocks else None

        return self._part(info, "victimUpdatesDue", soonest)

    captures = shows_part("captures", list[Capture], Capture.from_record,
                          "The case's captured content, earliest first.")
    platform_referrals = shows_part(
        "platformReferrals", list[PlatformReferral], PlatformReferral.from_record,
        "The case's referrals to platforms, oldest first, each with its capture and every "
        "status.")

    preservation_requests = shows_part(
        "preservationRequests", list[PreservationRequest], PreservationRequest.from_record,
        "The case's preservation requests, soonest expiry first.")
    evidence_packages = shows_part(
        "evidencePackages", list[EvidencePackage], EvidencePackage.from_record,
        "Each evidence package generated for the case, oldest first.")
    intelligence_reports = shows_part(
        "intelligenceReports", list[IntelligenceReport], IntelligenceReport.from_record,
        "The case's intelligence reports, sanitised, oldest first.")
    transfers = shows_part(
        "transfers", list[Transfer], Transfer.from_record,
        "Each offer of the case to a force, oldest first, with both forces' references and "
        "each step's who, when and why.")

    @strawberry.field(description="Each victim of the case with how they agreed to be "
                                  "updated, and when the next regular update falls due.",
                      graphql_type=list[VictimPreference])
    def victim_preferences(self, info: Info
                           ) -> list[VictimPreference] | Awaitable[list[VictimPreference]]:
        return self._part(info, "victimPreferences", lambda contacts: [
            VictimPreference.from_record(agreed)
            for agreed in agreed_updates(contacts, current_rules())])

    @strawberry.field(description="The accounts the case's referrals name as posting the "
                                  "content, a page at a time, by account id. Needs a "
                                  "justification in the X-Hub-Justification header, as "
                                  "`network` does; every account of the case is logged as "
                                  "consulted.",
                      graphql_type=Connection[Annotated[
                          "Account", strawberry.lazy("resolvers.identity.types")]])
    def accounts_connection(
            self, info: Info, first: int | None = None, after: str | None = None,
            last: int | None = None, before: str | None = None
            ) -> Connection[Account] | Awaitable[Connection[Account]]:
        from resolvers.identity.types import Account

        # Logged as consulted by the loaders, as the part is read (`resolvers.loaders`).
        return self._part(info, "accounts", lambda rows: listed(
            [((row["id"], row["id"]), Account.from_row(row)) for row in rows],
            "ACCOUNT", first, after, last, before))

    @strawberry.field(description="The suspects behind those accounts, each with their accounts "
                                  "within your scope, a page at a time, by suspect id. Needs a "
                                  "justification in the X-Hub-Justification header, as "
                                  "`network` does; every suspect of the case and their "
                                  "accounts are logged as consulted.",
                      graphql_type=Connection[Annotated[
                          "Suspect", strawberry.lazy("resolvers.identity.types")]])
    def suspects_connection(
            self, info: Info, first: int | None = None, after: str | None = None,
            last: int | None = None, before: str | None = None
            ) -> Connection[Suspect] | Awaitable[Connection[Suspect]]:
        from resolvers.identity.types import Suspect

        return self._part(info, "suspects", lambda suspects: listed(
            [((suspect.id, suspect.id), Suspect(key=suspect.id, account_ids=[
                strawberry.ID(relay.to_base64("Account", account))
                for account in suspect.accounts])) for suspect in suspects],
            "SUSPECT", first, after, last, before))

    @strawberry.field(description="The accounts the case's referrals name as posting the "
                                  "content. Needs a justification in the X-Hub-Justification "
                                  "header, as `network` does; each account shown is logged as "
                                  "consulted.",
                      deprecation_reason=paged_as("accountsConnection"),
                      graphql_type=list[Annotated["Account",
                                                  strawberry.lazy("resolvers.identity.types")]])
    def accounts(self, info: Info) -> list[Account] | Awaitable[list[Account]]:
        from resolvers.identity.types import Account

        # Logged as consulted by the loaders, as the part is read (`resolvers.loaders`).
        return self.shown(info, "accounts", Account.from_row)

    @strawberry.field(description="The suspects behind those accounts, each with their accounts "
                                  "within your scope. Needs a justification in the "
                                  "X-Hub-Justification header, as `network` does; each suspect "
                                  "and account shown is logged as consulted.",
                      deprecation_reason=paged_as("suspectsConnection"),
                      graphql_type=list[Annotated["Suspect",
                                                  strawberry.lazy("resolvers.identity.types")]])
    def suspects(self, info: Info) -> list[Suspect] | Awaitable[list[Suspect]]:
        from resolvers.identity.types import Suspect

        return self.shown(info, "suspects", lambda suspect: Suspect(key=suspect.id, account_ids=[
            strawberry.ID(relay.to_base64("Account", account)) for account in suspect.accounts]))


async def case_as_it_stands(info: Info, reference: str) -> Case | None:
    """The case now, through the request's loader: in the caller's scope, and logged as
    consulted like any other read (None when missing or outside scope)."""
    case = await info.context.loaders.case.load(reference)
    return Case.from_record(case) if case else None
