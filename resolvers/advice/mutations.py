"""The changes of advice: inputs, payloads with userErrors, mutations."""

from __future__ import annotations

import strawberry

from casework.advice import service as advice
from resolvers.advice.types import AdviceNote, PracticeEntry
from resolvers.context import Info
from resolvers.errors import UserError, mutation
from resolvers.ids import case_reference


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


@strawberry.type
class AdviceMutation:
    @mutation(description="Give advice to a force, or on a case.")
    async def give_advice(self, info: Info, input: GiveAdviceInput) -> GiveAdvicePayload:
        reference = (case_reference(input.case_id)
                     if input.case_id is not None else None)
        note = await advice.give_advice(info.context.graph, info.context.principal,
                                        input.force_code, reference, input.title,
                                        input.body, input.tags)
        return GiveAdvicePayload(advice=AdviceNote.from_record(note), user_errors=[])

    @mutation(description="Publish an entry to the best-practice library.")
    async def publish_practice(self, info: Info,
                               input: PublishPracticeInput) -> PublishPracticePayload:
        entry = await advice.publish_practice(info.context.graph, info.context.principal,
                                              input.title, input.body, input.tags)
        return PublishPracticePayload(entry=PracticeEntry.from_record(entry), user_errors=[])
