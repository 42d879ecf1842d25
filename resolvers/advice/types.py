"""The GraphQL types of advice."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph import advice
from resolvers.reference.types import code_of_force, refers_to_force


@strawberry.type(description="Advice from the hub, to a force or on one of its cases.")
class AdviceNote:
    id: strawberry.ID = strawberry.field(description="The note's id.")
    title: str = strawberry.field(description="What it is about.")
    body: str = strawberry.field(description="The advice.")
    tags: list[str] = strawberry.field(description="Tags, lower case.")
    force_code: str | None = code_of_force(
        "The force it is addressed to; null for a note on a case.")
    force = refers_to_force("force_code", description="The force it is addressed to; null "
                                                       "for a note on a case.")
    case_reference: str | None = strawberry.field(
        description="The case it is written on; null for a note to a force.")
    by: str = strawberry.field(description="Who wrote it.")
    at: datetime = strawberry.field(description="When it was written (UTC).")

    @classmethod
    def from_record(cls, note: advice.AdviceNote) -> AdviceNote:
        return cls(id=strawberry.ID(note.id), title=note.title, body=note.body,
                   tags=list(note.tags), force_code=note.force_code,
                   case_reference=note.case_reference, by=note.by, at=note.at)


@strawberry.type(description="An entry of the best-practice library, open to every force.")
class PracticeEntry:
    id: strawberry.ID = strawberry.field(description="The entry's id.")
    title: str = strawberry.field(description="What it is about.")
    body: str = strawberry.field(description="The practice.")
    tags: list[str] = strawberry.field(description="Tags, lower case.")
    by: str = strawberry.field(description="Who published it.")
    at: datetime = strawberry.field(description="When it was published (UTC).")

    @classmethod
    def from_record(cls, entry: advice.PracticeEntry) -> PracticeEntry:
        return cls(id=strawberry.ID(entry.id), title=entry.title, body=entry.body,
                   tags=list(entry.tags), by=entry.by, at=entry.at)
