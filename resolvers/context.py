"""What every resolver receives: the caller, the database, and per-request loaders.

Loaders are built per request under the caller's scope, so their caches can never serve one
force's rows to another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from casework.access import Principal
from graph.driver import Graph
from resolvers.loaders import Loaders


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | None
    principal: Principal
    graph: Graph
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.graph, self.principal)


Info = strawberry.Info[Context, Any]
