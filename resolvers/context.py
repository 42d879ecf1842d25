"""What every resolver receives: the caller, the database, per-request loaders, case events.

Loaders are built per request under the caller's scope, so their caches can never serve one
force's rows to another. Over a websocket the caller is known only after `connection_init`,
so the principal is set then, and nothing can be read before it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import DocumentNode
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from casework.access import Forbidden, Principal
from casework.events import CaseEvents
from graph.driver import Graph
from resolvers.background import Background
from resolvers.justification import JUSTIFICATION_HEADER
from resolvers.loaders import Loaders


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | None
    graph: Graph
    events: CaseEvents
    background: Background
    authenticated: Principal | None = None
    connection_params: dict[str, Any] | None = None
    # The document being executed, set as execution begins (`api.documents.ExecutedDocument`):
    # strawberry's Info gives a resolver its operation but not the fragments it spreads, which
    # a resolver looking ahead at its selection (`resolvers.cases.screen`) follows.
    document: DocumentNode | None = None
    _loaders: Loaders | None = field(default=None, init=False)

    @property
    def principal(self) -> Principal:
        if self.authenticated is None:
            raise Forbidden("not authenticated")
        return self.authenticated

    @property
    def justification(self) -> str | None:
        """Why the caller says they need this request's answer: the `X-Hub-Justification`
        header, or over a websocket (no headers) the same key in `connection_init`."""
        if isinstance(self.request, WebSocket):
            stated = (self.connection_params or {}).get("X-Hub-Justification")
            return stated.strip() if isinstance(stated, str) else None
        stated = self.request.headers.get(JUSTIFICATION_HEADER)
        return stated.strip() if stated is not None else None

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            self._loaders = Loaders(self.graph, self.principal)
        return self._loaders


Info = strawberry.Info[Context, Any]
