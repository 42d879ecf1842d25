"""How failures reach the caller: refusals plainly, database outages as retryable, the rest masked.

Nothing internal (stack traces, Cypher, exception text) leaves the server; an internal fault is
logged with a correlation id that the caller can quote.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from graphql.error import GraphQLError
from neo4j.exceptions import (
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from strawberry.extensions import MaskErrors

from casework.access import Forbidden
from casework.errors import RuleViolation

log = logging.getLogger("hub.errors")

UNAVAILABLE = (ServiceUnavailable, SessionExpired, TransientError, IncompleteCommit,
               ConnectionError)
# Server-side refusals that mean "the database is going away", not "your request is wrong".
SHUTDOWN_CODES = frozenset({"Neo.ClientError.Transaction.Terminated",
                            "Neo.ClientError.Transaction.TransactionTimedOut",
                            "Neo.ClientError.Transaction.LockClientStopped"})


def _unavailable(error: BaseException) -> bool:
    return isinstance(error, UNAVAILABLE) or (
        isinstance(error, Neo4jError) and error.code in SHUTDOWN_CODES)


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
    if _unavailable(original):
        log.warning("database unavailable: %s", original)
        return _with(error, "The hub's database is unavailable. Retry the request: it is safe, "
                            "a retried intake is never stored twice.",
                     {"code": "SERVICE_UNAVAILABLE", "retryable": True})
    correlation = str(uuid.uuid4())
    log.error("internal error %s", correlation, exc_info=original)
    return _with(error, "Internal error", {"code": "INTERNAL", "correlationId": correlation})


class ErrorPolicy(MaskErrors):
    """Strawberry's MaskErrors, deciding per error class instead of all-or-nothing."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda _: True)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return present(error)
