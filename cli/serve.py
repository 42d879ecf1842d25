"""Serving the API, and development tokens to call it with."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from api import logs
from api.auth import mint_development_token
from api.settings import ApiSettings
from casework.access import Role
from cli.database import fail


def token(role: Annotated[Role, typer.Option(help="The principal's role.")],
          force: Annotated[str | None, typer.Option(help="Force code, for FORCE_OFFICER.")] = None,
          subject: Annotated[str, typer.Option(help="Who the token is for.")] = "developer",
          hours: Annotated[float, typer.Option(help="Validity in hours.")] = 12) -> None:
    """Mint a development token (HS256; refused in production)."""
    if role is Role.FORCE_OFFICER and not force:
        fail("a FORCE_OFFICER token needs --force CODE")
    typer.echo(mint_development_token(ApiSettings(), subject, role, force, hours))


def serve(reload: bool = False) -> None:
    """Serve the API with uvicorn (graceful shutdown lets in-flight requests finish)."""
    settings = ApiSettings()
    logs.configure(settings.log_format, settings.log_level)
    # uvicorn's own logging set-up and access log are off: `api.logs` and `RequestLog` own both.
    uvicorn.run("api.app:app_factory", factory=True, host=settings.host, port=settings.port,
                reload=reload, timeout_graceful_shutdown=20, log_config=None, access_log=False)
