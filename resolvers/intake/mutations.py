"""The changes of intake: inputs, payloads with userErrors, mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from casework.intake.service import submit_referral
from graph.cases import case_record, report_record
from resolvers.cases.types import Case, Report
from resolvers.context import Info
from resolvers.enums import Strand
from resolvers.errors import UserError, mutation


@strawberry.input(description="A victim or complainant as Truevision gives them.")
class PartyInput:
    name: str | None = strawberry.field(default=None, description="Full name.")
    postcode: str | None = strawberry.field(
        default=None, description="UK postcode, full or outward code; one in no postcode area "
                                  "(e.g. XX1 1XX) is refused with UNKNOWN_POSTCODE_AREA.")
    email: str | None = strawberry.field(default=None, description="Email address.")
    phone: str | None = strawberry.field(default=None, description="Telephone number.")

    def record(self) -> dict[str, Any]:
        return {k: v for k, v in (("name", self.name), ("postcode", self.postcode),
                                  ("email", self.email), ("phone", self.phone)) if v is not None}


@strawberry.input(description="A Truevision referral. Submitting the same reference again is "
                              "safe: it returns the report stored the first time.")
class SubmitReportInput:
    truevision_ref: str = strawberry.field(description="The Truevision reference (unique).")
    received_at: datetime | None = strawberry.field(
        default=None, description="When Truevision received it (with offset); default now. "
                                  "Between the hub's opening (8 October 2017) and five "
                                  "minutes from now, else INVALID_DATETIME.")
    narrative: str | None = strawberry.field(default=None, description="The reporter's account.")
    content_urls: list[str] | None = strawberry.field(
        default=None, description="Links to the content, as pasted (at most 20).")
    content_text: str | None = strawberry.field(
        default=None, description="The post as the reporter copied it.")
    platform: str | None = strawberry.field(default=None, description="Platform, as typed.")
    suspect_handles: list[str] | None = strawberry.field(
        default=None, description="Handles of the accounts responsible, as typed (at most 20).")
    victim: PartyInput | None = strawberry.field(default=None, description="The victim.")
    complainant: PartyInput | None = strawberry.field(
        default=None, description="Whoever reported, when not the victim.")
    perceived_strands: list[str] | None = strawberry.field(
        default=None, description="Characteristics the hostility was perceived to target, in "
                                  "the reporter's words (`muslim`, `homophobic`...): the hub "
                                  "maps them to strands and keeps the rest as other "
                                  "characteristics. A client that already knows the strand "
                                  "sends `strands`.")
    strands: list[Strand] | None = strawberry.field(
        default=None, description="Monitored strands the hostility was perceived to target, "
                                  "as the hub's enum; counted with `perceivedStrands` (at most "
                                  "10 in all).")

    def record(self) -> dict[str, Any]:
        """The Truevision record format, so the API and file loaders share one validator."""
        record: dict[str, Any] = {
            "id": self.truevision_ref, "received_at": self.received_at,
            "narrative": self.narrative, "content_urls": self.content_urls,
            "content_text": self.content_text, "platform": self.platform,
            "suspect_handles": self.suspect_handles,
            "victim": self.victim.record() if self.victim else None,
            "complainant": self.complainant.record() if self.complainant else None,
            "perceived_strands": self._perceived(),
        }
        return {k: v for k, v in record.items() if v is not None}

    def _perceived(self) -> list[str] | None:
        """Both lists as the record's one list of words: a strand's value is a word the
        intake validator maps back to the same strand."""
        if self.strands is None:
            return self.perceived_strands
        return [*(self.perceived_strands or []), *(strand.value for strand in self.strands)]


@strawberry.type(description="The outcome of submitReport. The intake service (INTAKE) may "
                              "read back only `created`, `userErrors`, the report's `id` and "
                              "`truevisionRef` and the case's `id` and `reference`; asking for "
                              "more is refused (FORBIDDEN) before anything runs.")
class SubmitReportPayload:
    report: Report | None = strawberry.field(description="The stored report.")
    case: Case | None = strawberry.field(description="The case the report is part of.")
    created: bool = strawberry.field(
        description="False when this reference had already been stored (a safe retry).")
    user_errors: list[UserError] = strawberry.field(description="Why the input was refused.")


@strawberry.type
class IntakeMutation:
    @mutation(description="Take a Truevision referral in, idempotently.")
    async def submit_report(self, info: Info, input: SubmitReportInput) -> SubmitReportPayload:
        intake = await submit_referral(info.context.graph, input.record(),
                                       info.context.principal)
        return SubmitReportPayload(
            report=Report.from_record(report_record(intake.report, intake.case["reference"])),
            case=Case.from_record(case_record(intake.case, intake.case["reportCount"], 0)),
            created=intake.created, user_errors=[])
