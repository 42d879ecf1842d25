"""The ASGI application: GraphQL, health and readiness, one driver for the process's life."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from http import HTTPStatus
from typing import Any, overload

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from neo4j.exceptions import DriverError, Neo4jError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.http.types import QueryParams
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from api import analyst, logs, tracing
from api.admission import Admission
from api.audit import record_flood, record_refusal
from api.auth import RefusedClaims, TokenVerifier, Unauthenticated
from api.disconnects import unless_gone
from api.events import LiveEvents
from api.graphiql import assets, offline
from api.limits import OncePerWindow
from api.media import GRAPHQL_RESPONSE, is_request_error, prefers_graphql_response
from api.metrics import metrics
from api.observe import RequestLog
from api.schema import build_schema
from api.settings import ApiSettings
from api.shared_limits import SharedRateLimiter
from casework.access import Role
from graph.driver import Graph, create_driver
from graph.migrations import LATEST, migrate, schema_version
from graph.settings import Neo4jSettings
from resolvers.background import Background
from resolvers.context import Context

log = logging.getLogger("hub.api")
PAST_DEADLINE = ("The request took longer than the hub allows ({:g} s) and was stopped; a change "
                 "it carried may or may not have been stored. Retry the request: it is safe, a "
                 "retried intake is never stored twice.")

# Parameters of a GET that asks for an answer, not for the GraphiQL page.
ASKS = frozenset({"query", "documentId", "extensions"})


class HubGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app with our authentication and request context."""

    def __init__(self, settings: ApiSettings, verifier: TokenVerifier) -> None:
        schema = build_schema(settings)
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.development else None,
            # Only trusted queries, which `parse_http_body` checks (api.trusted).
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
        )
        self.settings = settings
        self.verifier = verifier
        self.documents = schema.documents

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """Strawberry's test, but a GET naming a trusted document asks for its answer."""
        return super().should_render_graphql_ide(request) and not (
            ASKS & set(request.query_params))

    @property
    def graphql_ide_html(self) -> str:
        return offline(super().graphql_ide_html)

    async def process_result(self, request: Request,
                             result: ExecutionResult) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if (prefers_graphql_response(request.headers.get("accept", ""))
                and is_request_error(result)):
            processed.pop("data", None)
            request.state.request_error = True  # for `run`, which sets the status
        return processed

    @overload
    async def run(self, request: Request, context: Context = UNSET,
                  root_value: None = UNSET) -> Response: ...

    @overload
    async def run(self, request: WebSocket, context: Context = UNSET,
                  root_value: None = UNSET) -> WebSocket: ...

    async def run(self, request: Request | WebSocket, context: Context = UNSET,
                  root_value: None = UNSET) -> Response | WebSocket:
        """Strawberry's answer, in GraphQL's own media type when the client prefers it.
        Strawberry answers a malformed request in plain text; ours answers like any other
        refusal, in JSON with a code (BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE...)."""
        if isinstance(request, WebSocket):
            return await super().run(request, context, root_value)
        try:
            response = await super().run(request, context, root_value)
        except HTTPException as error:
            refusal = _refusal(error.reason, error.status_code,
                               getattr(error, "code", HTTPStatus(error.status_code).name))
            if error.status_code == 405:
                refusal.headers["Allow"] = "POST"
            return refusal
        if (response.media_type == "application/json"
                and prefers_graphql_response(request.headers.get("accept", ""))):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            if getattr(request.state, "request_error", False):
                response.status_code = 400
        if request.method == "GET":
            # Every answer is personal data, scoped to its caller and logged as consulted when
            # given (DPA 2018 s.62): no cache may keep one to show again.
            response.headers["Cache-Control"] = "no-store"
        return response

    async def get_context(self, request: Request | WebSocket,
                          response: Response | WebSocket | None) -> Context:
        context = Context(request=request,
                          response=response if isinstance(response, Response) else None,
                          graph=request.app.state.graph, events=request.app.state.events,
                          background=request.app.state.background)
        # Guarded verified the token once and left the principal in the request's state; the
        # GraphiQL page (development only) comes without one.
        if isinstance(request, Request):
            context.authenticated = getattr(request.state, "principal", None)
        return context

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter
                              ) -> GraphQLRequestData | list[GraphQLRequestData]:
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "POST" and content_type != "application/json":
            raise HTTPException(415, "Send the operation as application/json.")
        data = await super().parse_http_body(request)
        assert isinstance(data, GraphQLRequestData)  # `parse_json` refuses batches
        self.documents.admit(request.method, data.query, data.operation_name)
        return data

    def parse_query_params(self, params: QueryParams) -> dict[str, Any]:
        """A GET's parameters, `variables` and `extensions` as JSON objects (strawberry's own
        would read them as whole requests, through `parse_json`)."""
        parsed: dict[str, Any] = dict(params)
        for name in ("variables", "extensions"):
            if parsed.get(name):
                try:
                    parsed[name] = json.loads(parsed[name])
                except ValueError as error:
                    raise HTTPException(400, f"`{name}` must be JSON.") from error
        return self.documents.resolve(parsed)

    def parse_json(self, data: str | bytes) -> Any:
        """One operation per request, as a JSON object: a string, a number or a batch (a list)
        is the client's mistake, not a server error; so are bytes that are not UTF-8."""
        try:
            parsed = super().parse_json(data)
        except UnicodeDecodeError as error:
            raise HTTPException(400, "The request body must be UTF-8 JSON.") from error
        if isinstance(parsed, list):
            raise HTTPException(400, "Batches are not accepted: send one operation per request.")
        if not isinstance(parsed, dict):
            raise HTTPException(400, "The request body must be a JSON object holding `query`.")
        return self.documents.resolve(parsed)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Browsers cannot set headers on websockets: the token comes in `connection_init`."""
        params = context.connection_params or {}
        try:
            context.authenticated = await self.verifier.verify(
                str(params.get("Authorization", "")))
        except Unauthenticated as error:
            if isinstance(error, RefusedClaims):
                await record_refusal(context.graph, error)
            raise ConnectionRejectionError({"message": str(error)}) from error
        return UNSET


def _refusal(message: str, status: int, code: str, retryable: bool = False) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    extensions: dict[str, object] = {"code": code}
    if retryable:  # the same request will succeed later: say so, as outages do
        extensions["retryable"] = True
    return JSONResponse({"errors": [{"message": message, "extensions": extensions}]},
                        status_code=status, headers=headers)


def _retry_later(message: str, status: int, code: str, seconds: int) -> JSONResponse:
    response = _refusal(message, status, code, retryable=True)
    response.headers["Retry-After"] = str(seconds)
    return response


class Bounded:
    """At most as many GraphQL requests at once in this process as `api.admission` allows
    (between `min_in_flight` and `max_in_flight`, learnt from how requests end), each stopped
    after `request_deadline` seconds.

    Beyond the limit a request is refused at once rather than queued: while the database is
    away a queue only grows, and by the time a queued request's turn came its sender had given
    up and sent it again. A request past its deadline is cancelled (its transaction is rolled
    back, or, when it was committing, its outcome is unknown) and answered "retry", before a
    sender's own timeout would leave it guessing.
    """

    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app = app
        self.settings = settings
        self.admission = Admission(settings.min_in_flight, settings.max_in_flight)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self.admission.enter():
            await _retry_later("the hub is busy; retry shortly", 503, "SERVICE_UNAVAILABLE",
                               self.settings.retry_after)(scope, receive, send)
            return
        overloaded: bool | None = None  # until answered
        deadline = asyncio.timeout(self.settings.request_deadline)

        async def tracked(message: Message) -> None:
            nonlocal overloaded
            if overloaded is None and not deadline.expired():
                deadline.reschedule(None)  # an answer begun is finished: cut, it is garbled
            if message["type"] == "http.response.start":
                overloaded = _told_to_retry(message)
            await send(message)

        try:
            async with deadline:
                await self.app(scope, receive, tracked)
        except TimeoutError:
            if not deadline.expired():  # not ours
                raise
            if overloaded is not None:  # the work's own task (`unless_gone`) answered
                return
            overloaded = True
            await _retry_later(PAST_DEADLINE.format(self.settings.request_deadline), 503,
                               "SERVICE_UNAVAILABLE", self.settings.retry_after)(
                scope, receive, send)
        finally:
            self.admission.left(overloaded)


def _told_to_retry(start: Message) -> bool:
    """The hub's own "retry later" (an outage, a deadline), not a rate limit's 429, which says
    the sender, not the hub, is going too fast."""
    return start["status"] != 429 and any(
        name.lower() == b"retry-after" for name, _ in start.get("headers", []))


class Guarded:
    """Refuses unauthenticated or oversized HTTP requests before GraphQL parses anything.

    The GraphiQL page itself (a GET for HTML, development only) needs no token: it holds no
    data, and the queries it then sends carry one.
    """

    def __init__(self, app: ASGIApp, settings: ApiSettings, verifier: TokenVerifier) -> None:
        self.app = app
        self.settings = settings
        self.verifier = verifier
        self.limiter = SharedRateLimiter("principals", settings.rate_per_second,
                                         settings.rate_burst)
        self.intake_limiter = SharedRateLimiter("intake", settings.intake_rate_per_second,
                                                settings.intake_rate_burst)
        self.flooding = OncePerWindow(settings.rate_refusal_log_window)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            ide = (request.method == "GET" and self.settings.development
                   and "text/html" in request.headers.get("accept", "")
                   and not (ASKS & set(request.query_params)))
            if not ide:
                refusal = await self._refusal(request)
                if refusal is not None:
                    await refusal(scope, receive, send)
                    return
                bounded = await self._bounded(scope, receive, send)
                if bounded is None:
                    return
                await unless_gone(self.app(scope, bounded, send), receive)
                return
        await self.app(scope, receive, send)

    async def _bounded(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """Read the body up to the limit, whatever Content-Length claims (or chunked, with none),
        then hand the app a `receive` that replays it. None when it was refused."""
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > self.settings.max_body_bytes:
                await _refusal("request body too large", 413, "PAYLOAD_TOO_LARGE")(
                    scope, receive, send)
                return None
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        return replay

    async def _refusal(self, request: Request) -> Response | None:
        problem = request.app.state.schema_problem
        if problem:
            return _refusal(f"not serving: {problem}", 503, "SERVICE_UNAVAILABLE")
        # A valid token is counted against its subject, a bad or missing one against the
        # address: clients behind one proxy are never refused for a neighbour's failures.
        client = f"ip:{request.client.host}" if request.client else "ip:unknown"
        limiter, unauthenticated, principal = self.limiter, None, None
        try:
            principal = await self.verifier.verify(request.headers.get("authorization"))
            request.state.principal = principal  # for the GraphQL context, without re-verifying
            client = f"sub:{principal.subject}"
            if principal.role is Role.INTAKE:
                limiter = self.intake_limiter
        except Unauthenticated as error:
            unauthenticated = error
        wait = await limiter.retry_after(client, request.app.state.events)
        if wait:
            # A signed-in principal's flood is audited, once per window; a client without a
            # valid token is anyone, and its claims anyone's words (as for bad signatures).
            if principal is not None and self.flooding(client):
                await record_flood(request.app.state.graph, principal,
                                   self.settings.rate_refusal_log_window)
            return _retry_later("too many requests", 429, "RATE_LIMITED", wait)
        if unauthenticated is not None:
            if isinstance(unauthenticated, RefusedClaims):
                await record_refusal(request.app.state.graph, unauthenticated)
            return _refusal(str(unauthenticated), 401, "UNAUTHENTICATED")
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > self.settings.max_body_bytes:
            return _refusal("request body too large", 413, "PAYLOAD_TOO_LARGE")
        return None


def create_app(api_settings: ApiSettings | None = None,
               neo4j_settings: Neo4jSettings | None = None) -> Starlette:
    settings = api_settings or ApiSettings()
    database = neo4j_settings or Neo4jSettings()
    # Waiting for a pooled connection, and retrying a transaction, each get at most half the
    # request's deadline: a request then ends with the database's own answer (an outage, said
    # to be one) rather than being cut off by the deadline.
    within = settings.request_deadline / 2
    database = database.model_copy(update={
        "connection_acquisition_timeout": min(database.connection_acquisition_timeout, within),
        "max_transaction_retry_time": min(database.max_transaction_retry_time, within)})
    verifier = TokenVerifier(settings)
    graphql = Bounded(Guarded(HubGraphQL(settings, verifier), settings, verifier), settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        tracer_provider = tracing.install()
        driver = create_driver(database)
        app.state.graph = Graph(driver, database.database)
        app.state.events = LiveEvents(settings.effective_nats_url, app.state.graph)
        app.state.background = Background()
        app.state.schema_problem = None
        try:
            await migrate(app.state.graph)
            version = await schema_version(app.state.graph)
            if version != LATEST:  # a database migrated by newer code: refuse, do not guess
                app.state.schema_problem = (f"the database schema is version {version}; this "
                                            f"code knows version {LATEST}")
                log.error("refusing to serve: %s", app.state.schema_problem)
        except (Neo4jError, DriverError):  # Neo4j may come up later: /readyz says so until then
            log.warning("migrations did not run at start-up; Neo4j not reachable yet")
        await app.state.events.start()
        try:
            yield
        finally:
            await app.state.background.stop()
            await app.state.events.stop()
            await driver.close()
            if tracer_provider is not None:
                tracer_provider.shutdown()  # sends the spans still batched

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "alive"})

    async def readyz(request: Request) -> Response:
        if request.app.state.schema_problem:
            return JSONResponse({"status": request.app.state.schema_problem}, status_code=503)
        problem = await request.app.state.graph.problem(within=settings.ready_timeout)
        if problem:
            return JSONResponse({"status": problem}, status_code=503)
        if not request.app.state.events.connected():
            return JSONResponse({"status": "nats unavailable"}, status_code=503)
        return JSONResponse({"status": "ready"})

    async def internal_error(request: Request, exc: Exception) -> Response:
        correlation = str(uuid.uuid4())
        log.exception("unhandled error %s", correlation)
        return JSONResponse({"errors": [{"message": "Internal error",
                                         "extensions": {"correlationId": correlation}}]},
                            status_code=500)

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics),
        *analyst.routes(settings.documents),
    ]
    if settings.development:  # GraphiQL's libraries: production serves no GraphiQL
        routes.append(assets())
    # Inside the request log only, so refusals (401, 413, 429) reach a listed front end readable
    # too. Tokens go in the Authorization header, never cookies: no credentials mode.
    cors = Middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                      allow_methods=["GET", "POST"],
                      allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
                      expose_headers=["Retry-After", "X-Request-ID"], max_age=600)
    return Starlette(
        routes=routes,
        middleware=[Middleware(RequestLog), cors],
        lifespan=lifespan,
        exception_handlers={Exception: internal_error},
    )


def app_factory() -> Starlette:
    """For `uvicorn --factory api.app:app_factory` (each worker configures its own logs)."""
    settings = ApiSettings()
    logs.configure(settings.log_format, settings.log_level)
    return create_app(settings)
