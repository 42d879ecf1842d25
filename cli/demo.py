"""Demo data: `hub seed` loads reference (and demo) data; `hub demo` does everything a newcomer
needs.

Both say what they are doing, step by step: the first run downloads Neo4j from Maven Central and
takes referrals in for minutes, and a newcomer facing a silent terminal would not know whether
anything is happening.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console

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

SEED_STEPS = 2  # migrations and reference data
DEMO_STEPS = 5  # demo files, referrals, casework, library, accounts
START_STEPS = 3  # Neo4j's jars, Neo4j, NATS


class Steps:
    """Numbered step lines, `[3/9] Taking referrals in…`, each printed before its step starts
    and closed with the time it took. A step with no progress bar of its own shows a spinner
    while it runs (only one live display may run at a time, so steps with bars ask for none)."""

    def __init__(self, total: int, console: Console | None = None) -> None:
        self.total = total
        self.done = 0
        self.console = console or Console()

    @contextmanager
    def step(self, title: str, spinner: bool = True) -> Iterator[None]:
        self.done += 1
        self.console.print(f"[bold][{self.done}/{self.total}][/bold] {title}…")
        started = time.monotonic()
        if spinner:
            with self.console.status(title):
                yield
        else:
            yield
        self.console.print(f"      done ({time.monotonic() - started:.0f} s)")


def seed(demo: Annotated[int, typer.Option(help="Also load this many demo referrals.")] = 0,
         random_seed: Annotated[int, typer.Option("--seed", help="Generator seed.")] = 7) -> None:
    """Load reference data (forces, postcode areas, platforms), and optionally demo referrals,
    dated within the last 90 days."""
    load(demo, random_seed, Steps(SEED_STEPS + (DEMO_STEPS if demo else 0)))


def load(demo: int, random_seed: int, steps: Steps) -> None:
    """`seed`'s work, counted in `steps`."""
    # Concurrent demo intakes meet on busy nodes; the driver retries those deadlocks itself,
    # so its per-retry warnings would only bury the progress bars.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    from rich.progress import Progress

    from linking.records import read_jsonl
    from seeds.demo.loader import dated_recently, load_referrals, write_demo_files
    from seeds.reference.load import load_reference_data

    async def work(graph: Graph) -> None:
        with steps.step("Applying schema migrations"):
            await migrate(graph)
        with steps.step("Loading reference data (forces, postcode areas, platforms)"):
            await load_reference_data(graph)
        if not demo:
            return
        with steps.step(f"Generating {demo} demo referrals and their accounts"):
            folder = write_demo_files(Neo4jSettings().home.parent / "demo", random_seed, demo)
            records = dated_recently(read_jsonl(folder / "referrals.jsonl"), datetime.now(UTC))
        with steps.step("Taking the referrals in through intake", spinner=False), \
                Progress(console=steps.console) as bar:
            task = bar.add_task("Referrals", total=len(records))
            stored, refused = await load_referrals(
                graph, records, progress=lambda n: bar.advance(task, n))
        steps.console.print(f"      {stored} stored, {refused} refused by validation.")
        from seeds.demo.living import bring_to_life, stock_library

        with steps.step("Stocking the best-practice library"):
            await stock_library(graph)
        cases = len(await cases_awaiting_triage(graph))
        with steps.step("Officers working the cases", spinner=False), \
                Progress(console=steps.console) as bar:
            task = bar.add_task("Cases", total=cases)
            paths = await bring_to_life(graph, progress=lambda n: bar.advance(task, n))
        steps.console.print("      " + ", ".join(f"{n} {name}" for name, n in paths.most_common()))
        from casework.identity.service import load_account_records, relink_accounts

        with steps.step("Loading the demo's accounts and linking them into suspects"):
            accounts = await load_account_records(
                graph, list(read_jsonl(folder / "accounts.jsonl")))
            linked = await relink_accounts(graph)
        steps.console.print(f"      {accounts} accounts; {linked.links} same-person links, "
                            f"{linked.suspects} suspects.")

    with_graph(work)


def demo(referrals: Annotated[int, typer.Option(help="Demo referrals to load.")] = 1500) -> None:
    """Everything a newcomer needs: Neo4j, NATS, schema, reference and demo data, then the
    API, in the foreground until Ctrl-C."""
    from servers.neo4j import fetch_jars, jar_cache, jars_cached

    steps = Steps(START_STEPS + SEED_STEPS + DEMO_STEPS)
    if Neo4jSettings().uri:
        title = "Neo4j's jars: none needed, NEO4J_URI names a running server"
    elif jars_cached():
        title = f"Neo4j's jars: already in {jar_cache()}"
    else:
        title = (f"Fetching Neo4j's jars from Maven Central into {jar_cache()} (the first "
                 "time only: about 150 MB, a few minutes)")
    with steps.step(title):
        if not Neo4jSettings().uri:
            fetch_jars()
    with steps.step("Starting Neo4j"):
        neo4j_start()
    with steps.step("Starting NATS"):
        nats_start()
    load(referrals, 7, steps)
    settings = ApiSettings()
    officer = mint_development_token(settings, "demo-officer", Role.HUB_OFFICER, hours=24)
    typer.secho(f"\nGraphiQL: http://{settings.host}:{settings.port}/graphql", bold=True)
    typer.echo("Header for GraphiQL (a hub officer, valid 24 h):")
    typer.echo(json_header(officer))
    typer.secho(f"Analyst page: http://{settings.host}:{settings.port}/analyst", bold=True)
    typer.echo("Token for the analyst page (it asks for one; the same hub officer):")
    typer.echo(officer)
    typer.echo("Other roles: .venv/bin/hub token --role FORCE_OFFICER --force west-yorkshire")
    typer.secho("The hub runs in the foreground: press Ctrl-C to stop it. Neo4j and NATS keep "
                "running (.venv/bin/hub neo4j stop; .venv/bin/hub nats stop).\n", bold=True)
    serve()


def json_header(token: str) -> str:
    """GraphiQL's headers: the token, and a justification, which reads about suspects need
    (resolvers/justification.py) and the audit log records with each of them."""
    return json.dumps({"Authorization": f"Bearer {token}",
                       "X-Hub-Justification": "demo: exploring the sample data"})
