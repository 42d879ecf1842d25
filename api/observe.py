"""One log line and one set of metrics per HTTP request, under a request id.

The id comes from the caller's `X-Request-ID` when it is a plain token (a proxy's or a
front end's, so one id follows a request across systems), else it is made here; either way it is
returned in the response's `X-Request-ID` and carried by every log line written meanwhile.
The line holds the principal's subject, the operation, the outcome, the time taken and how many
Neo4j transactions the request ran; never the document or its variables, which may hold
personal data. When tracing is on (api/tracing.py) the request is also a server span, continuing
the caller's `traceparent`, with the same fields, and its trace id goes on every log line.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
import uuid
from collections.abc import Iterator

import structlog
from graphql import ExecutionResult, GraphQLError
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from api.audit import operation_label
from api.errors import failure
from api.metrics import OPERATIONS, REQUEST_SECONDS, REQUESTS
from graph import telemetry
from graph.outages import Failure
from resolvers.context import Context

log = logging.getLogger("hub.request")
REQUEST_ID = "x-request-id"
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Probes and scrapes are counted, not logged: they would drown the lines that matter.
QUIET = frozenset({"/healthz", "/readyz", "/metrics"})
# Requests that never reached GraphQL count under their path when it is one of ours (any other
# path is anyone's to invent, so it would grow the metrics without bound).
PATHS = QUIET | {"/graphql"}
# A request whose sender went away before it was answered (its work is stopped: api.disconnects).
# No one was answered 500, so it is not counted as one; the log says 499, as nginx does.
CLIENT_CLOSED, CLIENT_CLOSED_STATUS = "client_closed", 499
_tracer = trace.get_tracer("hub.api")


def request_id(headers: Headers) -> str:
    given = headers.get(REQUEST_ID, "")
    return given if _GIVEN_ID.fullmatch(given) else uuid.uuid4().hex


class OperationOutcome(SchemaExtension):
    """Leaves the operation's name and outcome in the request's state for `RequestLog`."""

    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or context.request.scope["type"] != "http":
            return
        state = context.request.state
        state.operation = operation_label(self.execution_context)
        result = self.execution_context.result
        errors = result.errors if isinstance(result, ExecutionResult) else None
        state.outcome = _error_code(errors[0]) if errors else "ok"


def _error_code(error: GraphQLError) -> str:
    """The code the caller is answered with. Errors are presented (`api.errors`) after this
    extension has seen them, so an exception is classed here as it will be: an outage counts as
    `service_unavailable`, a fault as `internal`, not both as a bare "error"."""
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        return code.lower()
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return "error"
    return {Failure.UNAVAILABLE: "service_unavailable",
            Failure.INTERNAL: "internal"}.get(failure(original), "error")


class RequestLog:
    """ASGI middleware around the whole app (outermost, so refusals are counted too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(Headers(scope=scope))
        status = 500  # if the app fails before answering, the server answers 500
        answered = gone = False

        async def watched() -> Message:
            nonlocal gone
            message = await receive()
            gone = gone or message["type"] == "http.disconnect"
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status, answered = message["status"], True
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        started = time.perf_counter()
        with _server_span(scope, rid) as span, \
                structlog.contextvars.bound_contextvars(request_id=rid, **_trace_of(span)), \
                telemetry.counting() as transactions:
            try:
                await self.app(scope, watched, send_with_id)
            finally:
                if gone and not answered:
                    status = CLIENT_CLOSED_STATUS
                self._done(scope, status, time.perf_counter() - started, transactions[0])
                _describe(span, scope, status)

    @staticmethod
    def _done(scope: Scope, status: int, seconds: float, transactions: int) -> None:
        state = scope.get("state") or {}
        operation = OPERATIONS.label(state["operation"]) if "operation" in state \
            else scope["path"] if scope["path"] in PATHS else "other"
        outcome = state.get("outcome", "ok") if status < 400 \
            else CLIENT_CLOSED if status == CLIENT_CLOSED_STATUS else f"http_{status}"
        REQUESTS.labels(operation, outcome).inc()
        REQUEST_SECONDS.labels(operation).observe(seconds)
        if scope["path"] in QUIET:
            return
        principal = state.get("principal")
        log.info("request", extra={
            "method": scope["method"], "path": scope["path"], "status": status,
            "subject": principal.subject if principal is not None else None,
            "operation": state.get("operation"), "outcome": outcome,
            "duration_ms": round(seconds * 1000, 1), "neo4j_transactions": transactions})


def _server_span(scope: Scope, rid: str) -> contextlib.AbstractContextManager[Span]:
    """The request's span, named by method and route; probes and scrapes are not traced."""
    if scope["path"] in QUIET:
        return contextlib.nullcontext(trace.INVALID_SPAN)
    route = scope["path"] if scope["path"] in PATHS else "other"
    return _tracer.start_as_current_span(
        f"{scope['method']} {route}", kind=SpanKind.SERVER,
        context=propagate.extract(Headers(scope=scope)),
        attributes={"http.request.method": scope["method"], "url.path": scope["path"],
                    "hub.request_id": rid})


def _trace_of(span: Span) -> dict[str, str]:
    """The trace id for log lines, when the request is traced."""
    context = span.get_span_context()
    return {"trace_id": format(context.trace_id, "032x")} if context.is_valid else {}


def _describe(span: Span, scope: Scope, status: int) -> None:
    if not span.is_recording():
        return
    state = scope.get("state") or {}
    span.set_attribute("http.response.status_code", status)
    if "operation" in state:
        span.set_attribute("graphql.operation.name", state["operation"])
        span.set_attribute("hub.outcome", state.get("outcome", "ok"))
    if status >= 500:
        span.set_status(Status(StatusCode.ERROR))
