"""Consultation logging (DPA 2018 s.62): every case or report shown to a caller is logged.

One event per GraphQL operation lists everything it returned. The log fails closed: if the
event cannot be stored, the caller gets no data, only a retryable error.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from api.auth import RefusedClaims
from casework.audit import AuditAction, audit_entry, refusal_entry
from graph.audit import record_event
from graph.driver import Graph
from resolvers.context import Context

log = logging.getLogger("hub.audit")
JUSTIFICATION_HEADER = "x-hub-justification"


def operation_label(execution: ExecutionContext) -> str:
    """The operation's name; for an anonymous one, a digest of its document, so that a reader
    of the log can match it to the document without the log holding the text (which may hold
    personal data as literals)."""
    if execution.operation_name:
        return execution.operation_name
    digest = hashlib.sha256((execution.query or "").encode()).hexdigest()
    return f"anonymous:sha256:{digest[:16]}"


class ConsultationAudit(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or context.authenticated is None \
                or not context.loaders.consulted:
            return
        entry = audit_entry(
            context.principal, AuditAction.CONSULTATION, datetime.now(UTC),
            targets=sorted(context.loaders.consulted),
            justification=context.request.headers.get(JUSTIFICATION_HEADER),
            operation=operation_label(self.execution_context))
        try:
            await record_event(context.graph, entry)
        except Exception:
            log.exception("consultation could not be logged; withholding the result")
            result = self.execution_context.result
            if isinstance(result, ExecutionResult):  # replaced in place: strawberry holds it
                result.data = None
                result.errors = [GraphQLError(
                    "The consultation could not be logged, so nothing is shown. "
                    "Retry the request.",
                    extensions={"code": "AUDIT_UNAVAILABLE", "retryable": True})]


async def record_refusal(graph: Graph, refused: RefusedClaims) -> None:
    """Log a signed token refused for its claims. The caller is refused whatever happens here,
    so a log that cannot be written costs an ERROR line, not the refusal."""
    try:
        await record_event(graph, refusal_entry(refused.subject, refused.role, refused.force,
                                                str(refused), datetime.now(UTC)))
    except Exception:
        log.exception("a refused token could not be logged")
