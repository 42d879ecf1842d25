"""The changes of duplicates: inputs, payloads with userErrors, mutations."""

from __future__ import annotations

import strawberry

from casework.duplicates import service as decisions
from resolvers.context import Info
from resolvers.errors import UserError, mutation
from resolvers.ids import case_reference


@strawberry.input(description="Merge one case into another; both must be open and yours.")
class MergeCasesInput:
    target_id: strawberry.ID = strawberry.field(description="The case that stays.")
    source_id: strawberry.ID = strawberry.field(description="The case merged into it.")
    reason: str = strawberry.field(description="Why (recorded; binds later relinking).")


@strawberry.type(description="The outcome of mergeCases.")
class MergeCasesPayload:
    moved_truevision_refs: list[str] = strawberry.field(description="The reports moved.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="Take a report out of its case into a new case of its own.")
class SplitReportInput:
    truevision_ref: str = strawberry.field(description="The report to split out.")
    reason: str = strawberry.field(description="Why (recorded; binds later relinking).")


@strawberry.type(description="The outcome of splitReport.")
class SplitReportPayload:
    old_case_reference: str | None = strawberry.field(description="The case it left.")
    new_case_reference: str | None = strawberry.field(description="Its new case.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.type
class DuplicatesMutation:
    @mutation(description="Merge two cases that the linker kept apart.")
    async def merge_cases(self, info: Info, input: MergeCasesInput) -> MergeCasesPayload:
        moved = await decisions.merge_cases(
            info.context.graph, info.context.principal,
            case_reference(input.target_id, "targetId"),
            case_reference(input.source_id, "sourceId"), input.reason)
        return MergeCasesPayload(moved_truevision_refs=moved, user_errors=[])

    @mutation(description="Split a report the linker put in the wrong case.")
    async def split_report(self, info: Info, input: SplitReportInput) -> SplitReportPayload:
        old, new = await decisions.split_report(
            info.context.graph, info.context.principal, input.truevision_ref, input.reason)
        return SplitReportPayload(old_case_reference=old, new_case_reference=new,
                                  user_errors=[])
