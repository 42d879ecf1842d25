"""The local Neo4j server and the database schema: `hub neo4j start|stop|status`, `hub db
migrate`, and the graph the other commands work on."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer

from graph.driver import Graph, create_driver
from graph.migrations import migrate
from graph.settings import Neo4jSettings
from servers.neo4j import LocalServer
from servers.process import ServerError

neo4j_app = typer.Typer(help="The local Neo4j server (not used when NEO4J_URI is set).")
db_app = typer.Typer(help="Database schema.")

T = TypeVar("T")


def local_server(settings: Neo4jSettings) -> LocalServer:
    return LocalServer(home=settings.home, bolt_port=settings.bolt_port,
                       password=settings.password.get_secret_value(), user=settings.user,
                       heap=settings.heap, pagecache=settings.pagecache)


def fail(message: str) -> NoReturn:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def with_graph(work: Callable[[Graph], Awaitable[T]]) -> T:
    settings = Neo4jSettings()

    async def run() -> T:
        driver = create_driver(settings)
        try:
            return await work(Graph(driver, settings.database))
        finally:
            await driver.close()

    return asyncio.run(run())


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Fetch the jars once, configure, and start the server; waits until it answers."""
    settings = Neo4jSettings()
    if settings.uri:
        typer.echo(f"NEO4J_URI is set ({settings.uri}): nothing to start.")
        return
    try:
        local_server(settings).start()
    except ServerError as error:
        fail(str(error))
    typer.echo(f"Neo4j is running at {settings.effective_uri} (data in {settings.home}).")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local server (SIGTERM, then SIGKILL after a timeout)."""
    local_server(Neo4jSettings()).stop()
    typer.echo("Neo4j stopped.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local server is running and answering."""
    typer.echo(local_server(Neo4jSettings()).status())


@db_app.command("migrate")
def db_migrate() -> None:
    """Apply pending schema migrations (constraints and indexes)."""
    ran = with_graph(migrate)
    typer.echo(f"Applied migrations: {ran}" if ran else "Schema is up to date.")
