"""One log line and one set of metrics per HTTP request, under a request id.

The id comes from the caller's `X-Request-ID` when it is a plain token (a proxy's or a
front end's, so one id follows a request across systems), else it is made here; either way it is
returned in the response's `X-Request-ID` and carried by every log line written meanwhile.
The line holds the principal's subject, the operation, the outcome, the time taken and how many
Neo4j transactions the request ran; never the document or its variables, which may hold
personal data.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator

import structlog
from graphql import ExecutionResult
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from api.audit import operation_label
from api.metrics import OPERATIONS, REQUEST_SECONDS, REQUESTS
from graph import telemetry
from resolvers.context import Context

log = logging.getLogger("hub.request")
REQUEST_ID = "x-request-id"
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Probes and scrapes are counted, not logged: they would drown the lines that matter.
QUIET = frozenset({"/healthz", "/readyz", "/metrics"})
# Requests that never reached GraphQL count under their path when it is one of ours (any other
# path is anyone's to invent, so it would grow the metrics without bound).
PATHS = QUIET | {"/graphql"}


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
        state.outcome = _error_code(errors[0].extensions) if errors else "ok"


def _error_code(extensions: dict[str, object] | None) -> str:
    code = (extensions or {}).get("code")
    return str(code).lower() if isinstance(code, str) else "error"


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

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        started = time.perf_counter()
        with structlog.contextvars.bound_contextvars(request_id=rid), \
                telemetry.counting() as transactions:
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                self._done(scope, status, time.perf_counter() - started, transactions[0])

    @staticmethod
    def _done(scope: Scope, status: int, seconds: float, transactions: int) -> None:
        state = scope.get("state") or {}
        operation = OPERATIONS.label(state["operation"]) if "operation" in state \
            else scope["path"] if scope["path"] in PATHS else "other"
        outcome = state.get("outcome", "ok") if status < 400 else f"http_{status}"
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
