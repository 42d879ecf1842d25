"""The local NATS server live events go through: `hub nats start|stop|status`."""

from __future__ import annotations

import typer

from api.settings import ApiSettings
from cli.database import fail
from servers.nats import LocalNats
from servers.process import ServerError

nats_app = typer.Typer(help="The local NATS server (not used when HUB_NATS_URL is set).")


def local_nats(settings: ApiSettings) -> LocalNats:
    return LocalNats(home=settings.nats_home, port=settings.nats_port,
                     monitor_port=settings.nats_monitor_port)


@nats_app.command("start")
def nats_start() -> None:
    """Start the server with JetStream; waits until it answers."""
    settings = ApiSettings()
    if settings.nats_url:
        typer.echo(f"HUB_NATS_URL is set ({settings.nats_url}): nothing to start.")
        return
    try:
        local_nats(settings).start()
    except ServerError as error:
        fail(str(error))
    typer.echo(f"NATS is running at {settings.effective_nats_url} "
               f"(store in {settings.nats_home}).")


@nats_app.command("stop")
def nats_stop() -> None:
    """Stop the local server."""
    local_nats(ApiSettings()).stop()
    typer.echo("NATS stopped.")


@nats_app.command("status")
def nats_status() -> None:
    """Say whether the local server is running and answering."""
    typer.echo(local_nats(ApiSettings()).status())
