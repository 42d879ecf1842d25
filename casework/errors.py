"""Rule violations that reach the caller as typed GraphQL `userErrors`, never as stack traces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UserError:
    """Why an input or a decision was refused, pointing at the input field at fault."""

    field: tuple[str, ...]
    message: str
    code: str


class RuleViolation(Exception):
    """Raised by casework when a decision breaks a rule; carries every problem found at once."""

    def __init__(self, errors: list[UserError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    @classmethod
    def one(cls, field: tuple[str, ...], message: str, code: str) -> RuleViolation:
        return cls([UserError(field, message, code)])
