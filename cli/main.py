"""The `hub` command line: run the local Neo4j, migrate, seed, mint tokens, serve, link."""

from __future__ import annotations

import typer

from cli.backup import backup, restore
from cli.database import db_app, neo4j_app
from cli.demo import demo, seed
from cli.documents import documents_app
from cli.link import link_app
from cli.nats import nats_app
from cli.retention import retention
from cli.serve import serve, token

app = typer.Typer(help="Hub: the National Online Hate Crime Hub backend.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")
app.add_typer(nats_app, name="nats")
app.add_typer(link_app, name="link")
app.add_typer(documents_app, name="documents")
for command in (token, serve, seed, demo, retention, backup, restore):
    app.command()(command)
