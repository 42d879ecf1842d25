"""Advice notes from the hub to forces, and the best-practice library forces search."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from casework import advice
from casework.errors import RuleViolation
from resolvers.context import Info
from resolvers.errors import UserError, user_errors
from resolvers.ids import case_reference
from resolvers.pagination import Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


@strawberry.type(description="Advice from the hub, to a force or on one of its cases.")
class AdviceNote:
    id: strawberry.ID = strawberry.field(description="The note's id.")
    title: str = strawberry.field(description="What it is about.")
    body: str = strawberry.field(description="The advice.")
    tags: list[str] = strawberry.field(description="Tags, lower case.")
    force_code: str | None = strawberry.field(
        description="The force it is addressed to; null for a note on a case.")
    case_reference: str | None = strawberry.field(
        description="The case it is written on; null for a note to a force.")
    by: str = strawberry.field(description="Who wrote it.")
    at: datetime = strawberry.field(description="When it was written (UTC).")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AdviceNote:
        return cls(id=strawberry.ID(row["id"]), title=row["title"], body=row["body"],
                   tags=list(row.get("tags") or []), force_code=row.get("forceCode"),
                   case_reference=row.get("caseReference"), by=row["by"],
                   at=_native(row["at"]))


@strawberry.type(description="An entry of the best-practice library, open to every force.")
class PracticeEntry:
    id: strawberry.ID = strawberry.field(description="The entry's id.")
    title: str = strawberry.field(description="What it is about.")
    body: str = strawberry.field(description="The practice.")
    tags: list[str] = strawberry.field(description="Tags, lower case.")
    by: str = strawberry.field(description="Who published it.")
    at: datetime = strawberry.field(description="When it was published (UTC).")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PracticeEntry:
        return cls(id=strawberry.ID(row["id"]), title=row["title"], body=row["body"],
                   tags=list(row.get("tags") or []), by=row["by"], at=_native(row["at"]))


@strawberry.input(description="Advice to a force, or on a case: give exactly one of them.")
class GiveAdviceInput:
    force_code: str | None = strawberry.field(default=None,
                                              description="The force it is addressed to.")
    case_id: strawberry.ID | None = strawberry.field(default=None,
                                                     description="The case it is written on.")
    title: str = strawberry.field(description="What it is about.")
    body: str = strawberry.field(description="The advice.")
    tags: list[str] = strawberry.field(default_factory=list, description="Tags.")


@strawberry.type(description="The outcome of giveAdvice.")
class GiveAdvicePayload:
    advice: AdviceNote | None = strawberry.field(description="The note stored.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


@strawberry.input(description="An entry for the best-practice library; no case data.")
class PublishPracticeInput:
    title: str = strawberry.field(description="What it is about.")
    body: str = strawberry.field(description="The practice.")
    tags: list[str] = strawberry.field(default_factory=list, description="Tags.")


@strawberry.type(description="The outcome of publishPractice.")
class PublishPracticePayload:
    entry: PracticeEntry | None = strawberry.field(description="The entry published.")
    user_errors: list[UserError] = strawberry.field(description="Why it was refused.")


def _page(nodes: list[Any], size: int, total: int) -> Connection[Any]:
    """Newest first, by a keyset on (when written, id)."""
    edges = [Edge(node=n, cursor=encode_cursor(n.at, str(n.id))) for n in nodes[:size]]
    return Connection(edges=edges, total_count=total, page_info=PageInfo(
        has_next_page=len(nodes) > size, end_cursor=edges[-1].cursor if edges else None))


@strawberry.type
class AdviceQuery:
    @strawberry.field(description="Advice notes you may read, newest first: for a force "
                                  "officer, those to their force and on its cases.")
    async def advice_notes(self, info: Info, force_code: str | None = None,
                           first: int | None = None,
                           after: str | None = None) -> Connection[AdviceNote]:
        size = page_size(first)
        rows, total = await advice.advice_notes(info.context.graph, info.context.principal,
                                                force_code, size, decode_cursor(after))
        info.context.loaders.consulted.update(
            row["caseReference"] for row in rows[:size] if row.get("caseReference"))
        return _page([AdviceNote.from_row(row) for row in rows], size, total)

    @strawberry.field(description="The best-practice library, newest first: entries holding "
                                  "every word searched for (stemmed) and every tag given.")
    async def best_practice(self, info: Info, search: str | None = None,
                            tags: list[str] | None = None, first: int | None = None,
                            after: str | None = None) -> Connection[PracticeEntry]:
        size = page_size(first)
        rows, total = await advice.best_practice(info.context.graph, info.context.principal,
                                                 search, tags or [], size, decode_cursor(after))
        return _page([PracticeEntry.from_row(row) for row in rows], size, total)


@strawberry.type
class AdviceMutation:
    @strawberry.mutation(description="Give advice to a force, or on a case.")
    async def give_advice(self, info: Info, input: GiveAdviceInput) -> GiveAdvicePayload:
        try:
            reference = (case_reference(input.case_id)
                         if input.case_id is not None else None)
            note = await advice.give_advice(info.context.graph, info.context.principal,
                                            input.force_code, reference, input.title,
                                            input.body, input.tags)
        except RuleViolation as violation:
            return GiveAdvicePayload(advice=None, user_errors=user_errors(violation))
        return GiveAdvicePayload(advice=AdviceNote.from_row(note), user_errors=[])

    @strawberry.mutation(description="Publish an entry to the best-practice library.")
    async def publish_practice(self, info: Info,
                               input: PublishPracticeInput) -> PublishPracticePayload:
        try:
            entry = await advice.publish_practice(info.context.graph, info.context.principal,
                                                  input.title, input.body, input.tags)
        except RuleViolation as violation:
            return PublishPracticePayload(entry=None, user_errors=user_errors(violation))
        return PublishPracticePayload(entry=PracticeEntry.from_row(entry), user_errors=[])
