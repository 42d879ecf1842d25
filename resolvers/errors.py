"""The `userErrors` every mutation payload carries, and the one place a refusal becomes them.

Casework refuses by raising `RuleViolation` with every problem found; resolvers do not catch it.
`mutation()` declares a mutation whose refusals come back as its payload's `userErrors`, with
the payload's other fields empty (null, an empty list, false, 0), as Saleor's
`BaseMutation` does: a resolver is written for the path where the change is made.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition
from strawberry.types.field import StrawberryField

from casework.errors import RuleViolation
from resolvers.enums import UserErrorCode


@strawberry.type(description="Why an input was refused; nothing was written.")
class UserError:
    field: list[str] = strawberry.field(
        description="Path to the input field at fault, e.g. [\"input\", \"victim\", \"postcode\"].")
    message: str = strawberry.field(description="What is wrong, in words for the user.")
    code: Enum = strawberry.field(
        graphql_type=UserErrorCode,
        description="A stable machine-readable code, for code to switch on.")


def user_errors(violation: RuleViolation) -> list[UserError]:
    return [UserError(field=list(e.field), message=e.message, code=UserErrorCode(e.code))
            for e in violation.errors]


class RefusalAsUserErrors(FieldExtension):
    """Answers a `RuleViolation` with the field's payload type holding only `userErrors`."""

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    async def resolve_async(self, next_: AsyncExtensionResolver, source: Any,
                            info: strawberry.Info, **kwargs: Any) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except RuleViolation as violation:
            payload = self.field.type
            if not isinstance(payload, type):
                raise TypeError(f"{self.field.name} must return a payload type") from violation
            return refused(payload, violation)


def refused(payload: type[Any], violation: RuleViolation) -> Any:
    """A payload of type `payload` that says only why the input was refused: each other field
    null, an empty list, false or 0, by its GraphQL type."""
    values: dict[str, Any] = {"user_errors": user_errors(violation)}
    for field in get_object_definition(payload, strict=True).fields:
        if field.python_name in values:
            continue
        if isinstance(field.type, StrawberryOptional):
            values[field.python_name] = None
        elif isinstance(field.type, StrawberryList):
            values[field.python_name] = []
        elif field.type is bool:
            values[field.python_name] = False
        elif field.type is int:
            values[field.python_name] = 0
        else:
            raise TypeError(f"{payload.__name__}.{field.python_name} needs a value on refusal")
    return payload(**values)


def mutation(*, description: str) -> Any:
    """`strawberry.mutation` whose refusals (`RuleViolation`) answer as the payload's userErrors."""
    return strawberry.mutation(description=description, extensions=[RefusalAsUserErrors()])
