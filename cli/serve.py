"""Serving the API, and development tokens to call it with."""

from __future__ import annotations

import copy
from typing import Annotated, Any

import typer
import uvicorn
from uvicorn.config import LOGGING_CONFIG

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


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with a time on every line, and the hub's own loggers at INFO beside
    it (left to Python's last-resort handler they had neither time nor level). The driver's
    warnings, one per transaction it retries, are dropped: an outage is logged once, when it
    starts and when it ends (`graph.outages`)."""
    config = copy.deepcopy(LOGGING_CONFIG)
    for formatter in config["formatters"].values():
        formatter["fmt"] = "%(asctime)s " + formatter["fmt"]
    config["formatters"]["hub"] = {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    config["handlers"]["hub"] = {"class": "logging.StreamHandler", "formatter": "hub",
                                 "stream": "ext://sys.stderr"}
    config["loggers"]["hub"] = {"handlers": ["hub"], "level": "INFO", "propagate": False}
    config["loggers"]["neo4j"] = {"handlers": ["hub"], "level": "ERROR", "propagate": False}
    return config


def serve(reload: bool = False) -> None:
    """Serve the API with uvicorn (graceful shutdown lets in-flight requests finish)."""
    settings = ApiSettings()
    uvicorn.run("api.app:app_factory", factory=True, host=settings.host, port=settings.port,
                reload=reload, timeout_graceful_shutdown=20, log_level="info",
                log_config=log_config())
