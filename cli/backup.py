"""Backups of the local Neo4j database: `hub backup FILE` and `hub restore FILE`.

Neo4j Community dumps and loads a stopped database only, so a running local server is stopped
for the copy and started again afterwards. A database elsewhere (NEO4J_URI) is backed up by its
own operators' tools: docs/OPERATIONS.md says how.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from cli.database import fail, local_server
from graph.settings import Neo4jSettings
from servers.neo4j import LocalServer
from servers.process import ServerError

BackupFile = Annotated[Path, typer.Argument(help="The dump file (neo4j-admin's format).")]


def _offline(work: Callable[[LocalServer], None]) -> None:
    """Run `work` on the stopped local server, starting it again if it was running."""
    settings = Neo4jSettings()
    if settings.uri:
        fail(f"NEO4J_URI is set ({settings.uri}): back that database up with its own tools "
             "(docs/OPERATIONS.md)")
    server = local_server(settings)
    running = server.pid() is not None
    try:
        if running:
            typer.echo("Stopping Neo4j for the copy...")
            server.stop()
        work(server)
    except ServerError as error:
        fail(str(error))
    finally:
        if running:
            server.start()
            typer.echo("Neo4j is running again.")


def backup(target: BackupFile) -> None:
    """Dump the local database to FILE."""
    target = target.resolve()
    _offline(lambda server: server.dump(target))
    typer.echo(f"Backed up to {target} ({target.stat().st_size:,} bytes).")


def restore(source: BackupFile) -> None:
    """Replace the local database with the dump in FILE."""
    source = source.resolve()
    if not source.is_file():
        fail(f"{source} is not a file")
    _offline(lambda server: server.load(source))
    typer.echo(f"Restored from {source}.")
