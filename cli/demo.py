"""Demo data: `hub seed` loads reference (and demo) data; `hub demo` does everything a newcomer
needs."""

from __future__ import annotations

import json
import logging
from typing import Annotated

import typer

from api.auth import mint_development_token
from api.settings import ApiSettings
from casework.access import Role
from cli.database import neo4j_start, with_graph
from cli.nats import nats_start
from cli.serve import serve
from graph.driver import Graph
from graph.migrations import migrate
from graph.settings import Neo4jSettings
from graph.workflow import cases_awaiting_triage


def seed(demo: Annotated[int, typer.Option(help="Also load this many demo referrals.")] = 0,
         random_seed: Annotated[int, typer.Option("--seed", help="Generator seed.")] = 7) -> None:
    """Load reference data (forces, postcode areas, platforms), and optionally demo referrals."""
    # Concurrent demo intakes meet on busy nodes; the driver retries those deadlocks itself,
    # so its per-retry warnings would only bury the progress bars.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    from rich.progress import Progress

    from linking.records import read_jsonl
    from seeds.demo.loader import load_referrals, write_demo_files
    from seeds.reference.load import load_reference_data

    async def work(graph: Graph) -> None:
        await migrate(graph)
        await load_reference_data(graph)
        typer.echo("Reference data loaded.")
        if demo:
            folder = write_demo_files(Neo4jSettings().home.parent / "demo", random_seed, demo)
            records = list(read_jsonl(folder / "referrals.jsonl"))
            with Progress() as bar:
                task = bar.add_task("Taking referrals in", total=len(records))
                stored, refused = await load_referrals(
                    graph, records, progress=lambda n: bar.advance(task, n))
            typer.echo(f"Demo referrals: {stored} stored, {refused} refused by validation.")
            from seeds.demo.living import bring_to_life, stock_library

            await stock_library(graph)

            cases = len(await cases_awaiting_triage(graph))
            with Progress() as bar:
                task = bar.add_task("Officers working the cases", total=cases)
                paths = await bring_to_life(graph, progress=lambda n: bar.advance(task, n))
            typer.echo("Demo casework: " + ", ".join(f"{n} {name}"
                                                      for name, n in paths.most_common()))
            from casework.identity.service import load_account_records, relink_accounts

            accounts = await load_account_records(
                graph, list(read_jsonl(folder / "accounts.jsonl")))
            linked = await relink_accounts(graph)
            typer.echo(f"Demo accounts: {accounts} loaded; {linked['links']} same-person links, "
                       f"{linked['suspects']} suspects.")

    with_graph(work)


def demo(referrals: Annotated[int, typer.Option(help="Demo referrals to load.")] = 1500) -> None:
    """Everything a newcomer needs: Neo4j, NATS, schema, reference and demo data, then the
    API."""
    neo4j_start()
    nats_start()
    seed(demo=referrals, random_seed=7)
    settings = ApiSettings()
    officer = mint_development_token(settings, "demo-officer", Role.HUB_OFFICER, hours=24)
    typer.secho(f"\nGraphiQL: http://{settings.host}:{settings.port}/graphql", bold=True)
    typer.echo("Header for GraphiQL (a hub officer, valid 24 h):")
    typer.echo(json_header(officer))
    typer.secho(f"Analyst page: http://{settings.host}:{settings.port}/analyst", bold=True)
    typer.echo("Token for the analyst page (it asks for one; the same hub officer):")
    typer.echo(officer)
    typer.echo("Other roles: .venv/bin/hub token --role FORCE_OFFICER --force west-yorkshire\n")
    serve()


def json_header(token: str) -> str:
    """GraphiQL's headers: the token, and a justification, which reads about suspects need
    (resolvers/justification.py) and the audit log records with each of them."""
    return json.dumps({"Authorization": f"Bearer {token}",
                       "X-Hub-Justification": "demo: exploring the sample data"})
