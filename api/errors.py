"""How failures reach the caller: refusals plainly, database outages as retryable, the rest masked.

Nothing internal (stack traces, Cypher, exception text) leaves the server; an internal fault is
logged with a correlation id that the caller can quote.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from casework.access import Forbidden
from casework.errors import RuleViolation
from graph.outages import Failure, failure_of, outcome_unknown

log = logging.getLogger("hub.errors")

REFUSALS = (Forbidden, RuleViolation, GraphQLError)
UNAVAILABLE = ("The hub's database is unavailable. Retry the request: it is safe, a retried "
               "intake is never stored twice.")
UNKNOWN_OUTCOME = ("The hub's database went away while this change was being committed: it may "
                   "or may not have been stored. Retry the request: it is safe, a retried "
                   "intake is never stored twice.")


def failure(error: BaseException) -> Failure:
    """Refusals are the caller's to fix; the driver's failures as `graph.outages` decides; any
    other exception is the hub's own fault."""
    if isinstance(error, REFUSALS):
        return Failure.REFUSED
    return failure_of(error) or Failure.INTERNAL


def _with(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(message=message, nodes=error.nodes, source=error.source,
                        positions=error.positions, path=error.path, original_error=None,
                        extensions=extensions)


def present(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return error  # syntax, validation and variable errors: the caller's to fix
    if isinstance(original, Forbidden):
        return _with(error, str(original), {"code": "FORBIDDEN"})
    if isinstance(original, RuleViolation):
        return _with(error, str(original), {"code": original.errors[0].code, "userErrors": [
            {"field": list(e.field), "message": e.message, "code": e.code}
            for e in original.errors]})
    if failure(original) is Failure.UNAVAILABLE:  # logged once per outage, by graph.outages
        return _with(error, UNKNOWN_OUTCOME if outcome_unknown(original) else UNAVAILABLE,
                     {"code": "SERVICE_UNAVAILABLE", "retryable": True})
    correlation = str(uuid.uuid4())
    log.error("internal error %s", correlation, exc_info=original)
    return _with(error, "Internal error", {"code": "INTERNAL", "correlationId": correlation})


class ErrorPolicy(MaskErrors):
    """Strawberry's MaskErrors, deciding per error class instead of all-or-nothing; an answer
    holding an outage tells HTTP clients when to come back (`Retry-After`)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(should_mask_error=lambda _: True)
        self.retry_after = retry_after

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        presented = present(error)
        response = getattr(self.execution_context.context, "response", None)
        if (presented.extensions or {}).get("retryable") and response is not None:
            response.headers["Retry-After"] = str(self.retry_after)
        return presented
