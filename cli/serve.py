"""Serving the API, and development tokens to call it with."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import Annotated

import typer
import uvicorn

from api import logs
from api.auth import mint_development_token
from api.metrics import MULTIPROCESS
from api.settings import ApiSettings
from casework.access import Role
from cli.database import fail
from graph.settings import PROJECT_ROOT


def token(role: Annotated[Role, typer.Option(help="The principal's role.")],
          force: Annotated[str | None, typer.Option(help="Force code, for FORCE_OFFICER.")] = None,
          subject: Annotated[str, typer.Option(help="Who the token is for.")] = "developer",
          hours: Annotated[float, typer.Option(help="Validity in hours.")] = 12) -> None:
    """Mint a development token (HS256; refused in production)."""
    if role is Role.FORCE_OFFICER and not force:
        fail("a FORCE_OFFICER token needs --force CODE")
    typer.echo(mint_development_token(ApiSettings(), subject, role, force, hours))


def serve(reload: bool = False,
          workers: Annotated[int | None, typer.Option(
              help="Worker processes on the one port (default HUB_WORKERS, 1).")] = None) -> None:
    """Serve the API with uvicorn (graceful shutdown lets in-flight requests finish)."""
    settings = ApiSettings()
    count = workers or settings.workers
    logs.configure(settings.log_format, settings.log_level)
    with _shared_metrics(count > 1 and not reload):
        # uvicorn's own logging set-up and access log are off: `api.logs` and `RequestLog` own
        # both.
        uvicorn.run("api.app:app_factory", factory=True, host=settings.host, port=settings.port,
                    reload=reload, workers=count, timeout_graceful_shutdown=20,
                    log_config=None, access_log=False)


@contextlib.contextmanager
def _shared_metrics(wanted: bool) -> Iterator[None]:
    """Workers write their metrics to files in a directory of this run, so that a scrape of
    any worker reports them all (prometheus-client's multiprocess mode). Set before the workers
    start, as the library asks, and emptied, so no earlier run's figures count."""
    if not wanted:
        yield
        return
    directory = PROJECT_ROOT / "var" / "metrics" / str(os.getpid())
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[MULTIPROCESS] = str(directory)
    try:
        yield
    finally:
        del os.environ[MULTIPROCESS]
        shutil.rmtree(directory, ignore_errors=True)
