"""Consultation logging (DPA 2018 s.62): every case or report shown to a caller is logged.

One event per GraphQL operation lists everything it returned. The log fails closed: if the
event cannot be stored, the caller gets no data, only a retryable error.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from api.auth import RefusedClaims
from api.consultation import ConsultationLog
from casework.access import Principal
from casework.audit import operation_label as label_operation
from casework.audit import refusal_entry
from graph.audit import record_event
from graph.driver import Graph
from graph.outages import unavailable
from resolvers.context import Context

log = logging.getLogger("hub.audit")
# Refusals of a signed-in caller worth a supervisor's notice: asking for what their role or
# force may not read, for a read that needs a justification without giving one, or for more
# than the limits allow (cost, depth: a costly document is how one would scrape the hub).
# Malformed documents and bad arguments are a client's bugs, not attempts on anyone's data.
AUDITED_REFUSALS = frozenset({"FORBIDDEN", "JUSTIFICATION_REQUIRED", "QUERY_TOO_COSTLY"})
# Strawberry's depth limit reports its refusal without a code, in these words.
TOO_DEEP = "exceeds maximum operation depth"
ELSEWHERE = "asked for another force's case or report; answered as if it did not exist"


def audited(error: GraphQLError) -> bool:
    return (error.extensions or {}).get("code") in AUDITED_REFUSALS or TOO_DEEP in error.message


def not_logged(what: str, error: Exception) -> None:
    """An audit entry that could not be stored. While the database is away that is expected,
    and `graph.outages` already says so in one line: this is one more line without a traceback.
    Anything else is a fault, with its traceback."""
    if unavailable(error):
        log.warning("%s: the database is unavailable (%s)", what, type(error).__name__)
    else:
        log.error(what, exc_info=error)


def operation_label(execution: ExecutionContext) -> str:
    return label_operation(execution.operation_name, execution.query)


class ConsultationAudit(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if not isinstance(context, Context) or context.authenticated is None:
            yield
            return
        consultation = ConsultationLog(context, operation_label(self.execution_context))
        context.loaders.on_shown = consultation.start  # begun while the answer is built
        yield
        try:
            await consultation.finish()
        except Exception as error:
            not_logged("consultation could not be logged; withholding the result", error)
            result = self.execution_context.result
            if isinstance(result, ExecutionResult):  # replaced in place: strawberry holds it
                result.data = None
                result.errors = [GraphQLError(
                    "The consultation could not be logged, so nothing is shown. "
                    "Retry the request.",
                    extensions={"code": "AUDIT_UNAVAILABLE", "retryable": True})]


class RefusalAudit(SchemaExtension):
    """Logs a signed-in caller's request refused for their role, a missing justification or
    its cost or depth, and a force officer's asking for another force's case or report (answered
    null, so that they learn nothing; the entry names the references): one REFUSAL entry per
    request, with each refusal's message as the reason. It sits outside the error policy, so
    it reads the codes callers see. The caller is refused whatever happens here."""

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or context.authenticated is None:
            return
        # strawberry's own result for a document refused before execution, graphql-core's after
        errors = getattr(self.execution_context.result, "errors", None) or ()
        reasons = sorted({error.message for error in errors if audited(error)})
        elsewhere = sorted(context.loaders.refused)
        if elsewhere:
            reasons.append(ELSEWHERE)
        if not reasons:
            return
        principal = context.authenticated
        try:
            await record_event(context.graph, refusal_entry(
                principal.subject, principal.role.value, principal.force, "; ".join(reasons),
                datetime.now(UTC), operation=operation_label(self.execution_context),
                targets=elsewhere))
        except Exception as error:
            not_logged("a refused request could not be logged", error)


async def record_refusal(graph: Graph, refused: RefusedClaims) -> None:
    """Log a signed token refused for its claims. The caller is refused whatever happens here,
    so a log that cannot be written costs an ERROR line, not the refusal."""
    try:
        await record_event(graph, refusal_entry(refused.subject, refused.role, refused.force,
                                                str(refused), datetime.now(UTC)))
    except Exception as error:
        not_logged("a refused token could not be logged", error)


async def record_flood(graph: Graph, principal: Principal, window: float) -> None:
    """Log a principal refused for the rate (`api.limits.OncePerWindow` decides how often).
    As above, the caller is refused whatever happens here."""
    try:
        await record_event(graph, refusal_entry(
            principal.subject, principal.role.value, principal.force,
            f"over the rate limit; further refusals within {window:g} s are not logged",
            datetime.now(UTC)))
    except Exception as error:
        not_logged("a rate-limit refusal could not be logged", error)
