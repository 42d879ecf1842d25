"""The GraphQL types of cases."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay

from casework.access import Permission
from resolvers.context import Info
from resolvers.enums import CaseState, Strand
from resolvers.pagination import Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size


@strawberry.type(description="A victim or complainant named in a report. Contact details are "
                             "shown only to roles that need them; otherwise they are null.")
class Party:
    roles: list[str] = strawberry.field(description="VICTIM and/or COMPLAINANT.")
    name: str | None = strawberry.field(description="Name as reported.")
    postcode: str | None = strawberry.field(description="Postcode as reported, normalised.")
    email: str | None = strawberry.field(description="Email address.")
    phone: str | None = strawberry.field(description="Telephone number.")

    @classmethod
    def from_row(cls, row: dict[str, Any], contact: bool) -> Party:
        roles = sorted({"VICTIM" if r == "AGAINST" else "COMPLAINANT" for r in row["roles"]})
        return cls(roles=roles, name=row.get("name") if contact else None,
                   postcode=row.get("postcode"), email=row.get("email") if contact else None,
                   phone=row.get("phone") if contact else None)


@strawberry.type(description="Which force answers for a case, by which rule and why.")
class Allocation:
    force_code: str = strawberry.field(description="The responsible force, or HUB.")
    victim_force_code: str | None = strawberry.field(description="The victim's force, if known.")
    suspect_force_code: str | None = strawberry.field(
        description="The suspect's force, if known.")
    rule: str = strawberry.field(description="The allocation rule applied.")
    reason: str = strawberry.field(description="Why, in words.")
    at: datetime = strawberry.field(description="When the allocation was made (UTC).")
    by: str = strawberry.field(description="Who made it.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Allocation:
        return cls(force_code=row["force"], victim_force_code=row.get("victimForce"),
                   suspect_force_code=row.get("suspectForce"), rule=row["rule"],
                   reason=row["reason"], at=row["at"], by=row["by"])


@strawberry.type(description="One piece of evidence behind a link, and its weight.")
class Evidence:
    feature: str = strawberry.field(description="What was compared (content, text, handle...).")
    value: str = strawberry.field(description="What the comparison found.")
    weight: float = strawberry.field(
        description="Log2 Bayes factor: positive for the same content, negative against.")


@strawberry.type(description="Why a report is in its case.")
class CaseLink:
    method: str = strawberry.field(
        description="NEW_CASE, DUPLICATE (linker), ANALYST_MERGE or ANALYST_SPLIT.")
    probability: float | None = strawberry.field(
        description="Calibrated probability that it reports the same content, for DUPLICATE.")
    duplicate_of: str | None = strawberry.field(
        description="The Truevision reference of the report it was matched with.")
    evidence: list[Evidence] = strawberry.field(description="The evidence and its weights.")
    decided_by: str | None = strawberry.field(description="The analyst, for analyst decisions.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CaseLink:
        duplicate = row.get("duplicate") or {}
        evidence = json.loads(duplicate["evidence"]) if duplicate.get("evidence") else []
        return cls(method=row["method"],
                   probability=row.get("probability") or duplicate.get("probability"),
                   duplicate_of=duplicate.get("duplicateOf"),
                   evidence=[Evidence(**e) for e in evidence], decided_by=row.get("by"))


@strawberry.type(description="A victim or complainant's place in a case: one per referral.")
class Complainant:
    report_truevision_ref: str = strawberry.field(description="The referral they made.")
    received_at: datetime = strawberry.field(description="When their referral was received.")
    is_victim: bool = strawberry.field(description="Whether they are also the victim.")
    name: str | None = strawberry.field(description="Name, for roles that may see it.")
    postcode: str | None = strawberry.field(description="Postcode.")


@strawberry.type(description="Another case related to this one, and how.")
class RelatedCase:
    kind: str = strawberry.field(description="SAME_RAID_TEXT or SAME_SUSPECT.")
    reference: str = strawberry.field(description="The related case's reference.")


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


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
    def from_row(cls, row: dict[str, Any], case_reference: str) -> Report:
        return cls(key=row["truevisionRef"], truevision_ref=row["truevisionRef"],
                   received_at=_native(row["receivedAt"]),
                   out_of_hours=bool(row.get("outOfHours")), narrative=row.get("narrative"),
                   content_text=row.get("contentText"),
                   content_urls=list(row.get("contentUrls") or []),
                   platform_as_typed=row.get("platformAsTyped"),
                   strands=[Strand(s) for s in row.get("strands") or []],
                   other_characteristics=list(row.get("otherCharacteristics") or []),
                   case_reference=case_reference)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # strawberry declares overloads
        cls, *, info: Info, node_ids: Any,
        required: bool = False,
    ) -> list[Report | None]:
        rows = await info.context.loaders.report.load_many(list(node_ids))
        return [cls.from_row(row, row["caseRef"]) if row else None for row in rows]

    @strawberry.field(description="The case this report belongs to.")
    async def case(self, info: Info) -> Case | None:
        row = await info.context.loaders.case.load(self.case_reference)
        return Case.from_row(row) if row else None

    @strawberry.field(description="Why this report is in its case, with the evidence.")
    async def case_link(self, info: Info) -> CaseLink | None:
        row = await info.context.loaders.links.load(self.truevision_ref)
        return CaseLink.from_row(row) if row else None

    @strawberry.field(description="Victims and complainants named in the report.")
    async def parties(self, info: Info) -> list[Party]:
        contact = info.context.principal.can(Permission.READ_CONTACT_DETAILS)
        rows = await info.context.loaders.parties.load(self.truevision_ref) or []
        return [Party.from_row(row, contact) for row in rows]


@strawberry.type(description="One incident the hub handles: every report of the same content.")
class Case(relay.Node):
    key: relay.NodeID[str]
    reference: str = strawberry.field(description="Human-readable reference, e.g. HUB-2026-000042.")
    status: CaseState = strawberry.field(description="Where the case stands.")
    opened_at: datetime = strawberry.field(description="When the first report was received.")
    priority: str = strawberry.field(description="NORMAL or URGENT.")
    force_code: str = strawberry.field(description="The responsible force now, or HUB.")
    strands: list[Strand] = strawberry.field(description="Monitored strands perceived.")
    report_count: int = strawberry.field(description="How many referrals the case combines.")
    complainant_count: int = strawberry.field(description="How many complainants it has.")
    outcome: str | None = strawberry.field(description="How a closed case ended (e.g. MERGED).")
    merged_into: str | None = strawberry.field(description="The case it was merged into.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Case:
        return cls(key=row["reference"], reference=row["reference"],
                   status=CaseState(row["status"]), opened_at=_native(row["openedAt"]),
                   priority=row["priority"], force_code=row["force"],
                   strands=[Strand(s) for s in row.get("strands") or []],
                   report_count=row["reportCount"],
                   complainant_count=row.get("complainantCount", 0),
                   outcome=row.get("outcome"), merged_into=row.get("mergedInto"))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # strawberry declares overloads
        cls, *, info: Info, node_ids: Any,
        required: bool = False,
    ) -> list[Case | None]:
        rows = await info.context.loaders.case.load_many(list(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="The referrals combined in this case, oldest first.")
    async def reports(self, info: Info, first: int | None = None,
                      after: str | None = None) -> Connection[Report]:
        size = page_size(first)
        rows = await info.context.loaders.case_reports.load(
            (self.reference, size, decode_cursor(after)))
        page = [Report.from_row(row, self.reference) for row in rows[:size]]
        edges = [Edge(node=r, cursor=encode_cursor(r.received_at, r.truevision_ref))
                 for r in page]
        return Connection(edges=edges, total_count=self.report_count, page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None))

    @strawberry.field(description="Each complainant with their own referral, oldest first; a "
                                  "mass-reported case pages like any other.")
    async def complainants(self, info: Info, first: int | None = None,
                           after: str | None = None) -> Connection[Complainant]:
        size = page_size(first)
        contact = info.context.principal.can(Permission.READ_CONTACT_DETAILS)
        rows = await info.context.loaders.case_complainants.load(
            (self.reference, size, decode_cursor(after)))
        page = [Complainant(report_truevision_ref=row["report"],
                            received_at=_native(row["receivedAt"]), is_victim=row["victim"],
                            name=row.get("name") if contact else None,
                            postcode=row.get("postcode")) for row in rows[:size]]
        edges = [Edge(node=c, cursor=encode_cursor(c.received_at, c.report_truevision_ref))
                 for c in page]
        return Connection(edges=edges, total_count=self.complainant_count, page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None))

    @strawberry.field(description="Cases about other content but related: the same raid text "
                                  "or the same suspect.")
    async def related_cases(self, info: Info) -> list[RelatedCase]:
        rows = await info.context.loaders.related.load(self.reference) or []
        return [RelatedCase(kind=row["kind"], reference=row["reference"]) for row in rows]

    @strawberry.field(description="Allocation history, newest first.")
    async def allocations(self, info: Info) -> list[Allocation]:
        rows = await info.context.loaders.allocations.load(self.reference) or []
        return [Allocation.from_row(row) for row in rows]
