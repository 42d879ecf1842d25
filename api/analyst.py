"""The analyst page: a suspect's network drawn with Cytoscape.js, served by the app itself.

Analysts used to i2 or Maltego expect a chart, and a police network may have no internet: the
page, its script and Cytoscape (fetched from npm and checked by `api.vendor`) all come from
the app, in development and production alike, under a policy that lets the browser load
nothing from anywhere else. The page holds no data, so it is served without a token; it asks
the analyst for one and sends it with every GraphQL request, where the API's own checks and
scoping apply.

The page sends no GraphQL text of its own: its documents are trusted documents
(`docs/documents/analyst-*.graphql`, `make documents`), and it asks `/analyst/documents.json`
for their ids by operation name, so a hub that runs only trusted documents (`HUB_TRUSTED_ONLY`)
serves the page as it serves any other.
"""

from __future__ import annotations

from pathlib import Path

from graphql import OperationDefinitionNode, parse
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.trusted import read_manifest
from api.vendor import CYTOSCAPE, VENDOR_DIR

PAGE_PATH = "/analyst"
DOCUMENTS_PATH = "/analyst/documents.json"  # the page's trusted documents' ids
OPERATIONS = "Analyst"  # how the page's operations are named
ASSETS_PATH = "/analyst/assets"  # the page's own script and style
LIBRARY_PATH = "/analyst/vendor"  # Cytoscape, as npm ships it
STATIC = Path(__file__).parent / "static" / "analyst"
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
          "frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}


class Confined:
    """Adds the page's policy headers to every answer of the app it wraps."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      *((k.lower().encode(), v.encode())
                                        for k, v in HEADERS.items())]
            await send(message)

        await self.app(scope, receive, headed)


async def page(request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html", headers=HEADERS)


def page_documents(manifest: Path | None) -> dict[str, str]:
    """The page's registered documents: each `Analyst…` operation's name and its document id."""
    if manifest is None or not manifest.exists():
        return {}
    return {definition.name.value: identifier
            for identifier, text in read_manifest(manifest).items()
            for definition in parse(text).definitions
            if isinstance(definition, OperationDefinitionNode) and definition.name
            and definition.name.value.startswith(OPERATIONS)}


def routes(manifest: Path | None) -> list[BaseRoute]:
    """The page, its documents' ids, its files, and Cytoscape's (fetched after the app may be
    built: no check)."""
    known = page_documents(manifest)

    async def documents(request: Request) -> Response:
        return JSONResponse(known, headers=HEADERS)

    return [
        Route(PAGE_PATH, page, methods=["GET"]),
        Route(DOCUMENTS_PATH, documents, methods=["GET"]),
        Mount(ASSETS_PATH, Confined(StaticFiles(directory=STATIC))),
        Mount(LIBRARY_PATH, Confined(StaticFiles(directory=VENDOR_DIR / CYTOSCAPE.spec,
                                                 check_dir=False))),
    ]
