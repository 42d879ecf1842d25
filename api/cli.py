"""The `hub` command line: run the local Neo4j, migrate, seed, mint tokens, serve, link."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
import uvicorn

from api.auth import mint_development_token
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph, create_driver
from graph.migrations import migrate
from graph.server import LocalServer, ServerError
from graph.settings import Neo4jSettings

app = typer.Typer(help="Hub: the National Online Hate Crime Hub backend.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The local Neo4j server (not used when NEO4J_URI is set).")
db_app = typer.Typer(help="Database schema.")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")

T = TypeVar("T")


def local_server(settings: Neo4jSettings) -> LocalServer:
    return LocalServer(home=settings.home, bolt_port=settings.bolt_port,
                       password=settings.password.get_secret_value(), user=settings.user,
                       heap=settings.heap, pagecache=settings.pagecache)


def _fail(message: str) -> None:
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
        _fail(str(error))
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


@app.command()
def token(role: Annotated[Role, typer.Option(help="The principal's role.")],
          force: Annotated[str | None, typer.Option(help="Force code, for FORCE_OFFICER.")] = None,
          subject: Annotated[str, typer.Option(help="Who the token is for.")] = "developer",
          hours: Annotated[float, typer.Option(help="Validity in hours.")] = 12) -> None:
    """Mint a development token (HS256; refused in production)."""
    if role is Role.FORCE_OFFICER and not force:
        _fail("a FORCE_OFFICER token needs --force CODE")
    typer.echo(mint_development_token(ApiSettings(), subject, role, force, hours))


@app.command()
def serve(reload: bool = False) -> None:
    """Serve the API with uvicorn (graceful shutdown lets in-flight requests finish)."""
    settings = ApiSettings()
    uvicorn.run("api.app:app_factory", factory=True, host=settings.host, port=settings.port,
                reload=reload, timeout_graceful_shutdown=20, log_level="info")


@app.command()
def seed(demo: Annotated[int, typer.Option(help="Also load this many demo referrals.")] = 0,
         random_seed: Annotated[int, typer.Option("--seed", help="Generator seed.")] = 7) -> None:
    """Load reference data (forces, postcode areas, platforms), and optionally demo referrals."""
    # Concurrent demo intakes meet on busy nodes; the driver retries those deadlocks itself,
    # so its per-retry warnings would only bury the progress bars.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    from rich.progress import Progress

    from seeds.demo import load_referrals, read_jsonl, write_demo_files
    from seeds.load import load_reference_data

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
            from seeds.living import bring_to_life, stock_library

            await stock_library(graph)

            cases = (await graph.rows("MATCH (c:Case {status: 'RECEIVED'}) "
                                      "RETURN count(c) AS n"))[0]["n"]
            with Progress() as bar:
                task = bar.add_task("Officers working the cases", total=cases)
                paths = await bring_to_life(graph, progress=lambda n: bar.advance(task, n))
            typer.echo("Demo casework: " + ", ".join(f"{n} {name}"
                                                      for name, n in paths.most_common()))
            from casework.identity import load_account_records, relink_accounts

            accounts = await load_account_records(
                graph, list(read_jsonl(folder / "accounts.jsonl")))
            linked = await relink_accounts(graph)
            typer.echo(f"Demo accounts: {accounts} loaded; {linked['links']} same-person links, "
                       f"{linked['suspects']} suspects.")

    with_graph(work)


@app.command()
def demo(referrals: Annotated[int, typer.Option(help="Demo referrals to load.")] = 1500) -> None:
    """Everything a newcomer needs: Neo4j, schema, reference and demo data, then the API."""
    neo4j_start()
    seed(demo=referrals, random_seed=7)
    settings = ApiSettings()
    officer = mint_development_token(settings, "demo-officer", Role.HUB_OFFICER, hours=24)
    typer.secho(f"\nGraphiQL: http://{settings.host}:{settings.port}/graphql", bold=True)
    typer.echo("Header for GraphiQL (a hub officer, valid 24 h):")
    typer.echo(json_header(officer))
    typer.echo("Other roles: .venv/bin/hub token --role FORCE_OFFICER --force west-yorkshire\n")
    serve()


def json_header(token: str) -> str:
    return '{"Authorization": "Bearer ' + token + '"}'


link_app = typer.Typer(help="Duplicate and identity linking, on the graph or on JSONL files.")
app.add_typer(link_app, name="link")


def _link_files(kind: str, input_path: Path, output_path: Path) -> None:
    """Read records, link them, write `{"id", "cluster"}` per line; the database is not touched."""
    from rich.progress import Progress

    from seeds.demo import read_jsonl

    records = list(read_jsonl(input_path))
    with Progress() as bar:
        task = bar.add_task(f"Linking {len(records)} {kind}", total=len(records))
        advance = lambda n: bar.advance(task, n)  # noqa: E731
        if kind == "reports":
            from linking.referrals import link_referrals
            clusters = link_referrals(records, progress=advance).clusters
        else:
            from linking.accounts import link_accounts
            clusters = link_accounts(records, progress=advance).clusters
    with output_path.open("w") as out:
        for record in records:
            out.write(json.dumps({"id": record["id"], "cluster": clusters[record["id"]]}) + "\n")
    typer.echo(f"{len(set(clusters.values()))} clusters written to {output_path}")


InputFile = Annotated[Path | None, typer.Option("--input", help="Records, JSON Lines.")]
OutputFile = Annotated[Path | None, typer.Option("--output", help="Clusters, JSON Lines.")]


def _link(kind: str, input_path: Path | None, output_path: Path | None,
          on_graph: Callable[[Graph], Awaitable[object]]) -> None:
    if input_path is None:
        with_graph(on_graph)
    elif output_path is None:
        _fail("--input needs --output")
    else:
        _link_files(kind, input_path, output_path)


@link_app.command("reports")
def link_reports(input_path: InputFile = None, output_path: OutputFile = None) -> None:
    """Relink duplicate reports: the whole graph, or a JSONL file to a JSONL file."""
    from casework.relink import relink_reports

    _link("reports", input_path, output_path, relink_reports)


@link_app.command("accounts")
def link_accounts_command(input_path: InputFile = None, output_path: OutputFile = None) -> None:
    """Link suspect accounts into persons: the whole graph, or a JSONL file to a JSONL file."""
    from casework.identity import relink_accounts

    _link("accounts", input_path, output_path, relink_accounts)


@app.command()
def retention(dry_run: Annotated[bool, typer.Option(help="List only; erase nothing.")] = False
              ) -> None:
    """Erase non-crime hate incident records past their review date (each erasure audited)."""
    from casework.retention import apply_retention

    due = with_graph(lambda graph: apply_retention(graph, dry_run))
    for record in due:
        typer.echo(f"{record['case']}  review {record['reviewOn']}  "
                   f"{record['reports']} referral(s)")
    verb = "would be erased" if dry_run else "erased"
    typer.echo(f"{len(due)} NCHI record(s) {verb}.")
