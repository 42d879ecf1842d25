"""What may be read of advice."""

from __future__ import annotations

from typing import Annotated

import strawberry

from casework.advice import service as advice
from resolvers.advice.types import AdviceNote, PracticeEntry
from resolvers.context import Info
from resolvers.pagination import Connection, connection, keyset_cursor, keyset_window


@strawberry.type
class AdviceQuery:
    @strawberry.field(description="Advice notes you may read, newest first: for a force "
                                  "officer, those to their force and on its cases; with "
                                  "`search`, those holding every word of it (stemmed) in "
                                  "their title or text.")
    async def advice_notes(self, info: Info, force_code: str | None = None,
                           first: int | None = None, after: str | None = None,
                           last: int | None = None,
                           before: str | None = None,
                           search: Annotated[str | None, strawberry.argument(
                               description="Words of the note's title or text.")] = None,
                           ) -> Connection[AdviceNote]:
        window = keyset_window(first, after, last, before)
        notes, total = await advice.advice_notes(info.context.graph, info.context.principal,
                                                 force_code, window, search)
        info.context.loaders.consulted.update(
            note.case_reference for note in window.shown(notes) if note.case_reference)
        return connection([AdviceNote.from_record(note) for note in notes], window, total,
                          lambda note: keyset_cursor(note.at, str(note.id)))

    @strawberry.field(description="The best-practice library, newest first: entries holding "
                                  "every word searched for (stemmed) and every tag given.")
    async def best_practice(self, info: Info, search: str | None = None,
                            tags: list[str] | None = None, first: int | None = None,
                            after: str | None = None, last: int | None = None,
                            before: str | None = None) -> Connection[PracticeEntry]:
        window = keyset_window(first, after, last, before)
        entries, total = await advice.best_practice(
            info.context.graph, info.context.principal, search, tags or [], window)
        return connection([PracticeEntry.from_record(entry) for entry in entries], window,
                          total, lambda entry: keyset_cursor(entry.at, str(entry.id)))
