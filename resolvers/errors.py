"""The `userErrors` every mutation payload carries."""

from __future__ import annotations

import strawberry

from casework.errors import RuleViolation


@strawberry.type(description="Why an input was refused; nothing was written.")
class UserError:
    field: list[str] = strawberry.field(
        description="Path to the input field at fault, e.g. [\"input\", \"victim\", \"postcode\"].")
    message: str = strawberry.field(description="What is wrong, in words for the user.")
    code: str = strawberry.field(description="A stable machine-readable code.")


def user_errors(violation: RuleViolation) -> list[UserError]:
    return [UserError(field=list(e.field), message=e.message, code=e.code)
            for e in violation.errors]
