"""Duplicate and identity linking: `hub link reports|accounts`, on the graph or on files."""

from __future__ import annotations

import contextlib
import getpass
import json
from collections.abc import Awaitable, Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.database import fail, with_graph
from graph.driver import Graph

if TYPE_CHECKING:
    from casework.duplicates.service import Relinked

link_app = typer.Typer(help="Duplicate and identity linking, on the graph or on JSONL files.")


def _link_files(kind: str, input_path: Path, output_path: Path) -> None:
    """Read records, link them, write `{"id", "cluster"}` per line; the database is not touched."""
    from rich.progress import Progress

    from linking.records import read_jsonl

    records = list(read_jsonl(input_path))
    with Progress() as bar:
        task = bar.add_task(f"Linking {len(records)} {kind}", total=len(records))
        advance = lambda n: bar.advance(task, n)  # noqa: E731
        if kind == "reports":
            from linking.referrals import link_referrals
            from linking.shortlinks import short_link_resolver
            clusters = link_referrals(records, progress=advance,
                                      resolver=short_link_resolver()).clusters
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
        fail("--input needs --output")
    else:
        _link_files(kind, input_path, output_path)


@contextlib.contextmanager
def _stages() -> Iterator[Callable[[StrEnum, int, int | None], None]]:
    """A progress bar per stage of a relinking, for the terminal."""
    from rich.progress import Progress, TaskID

    with Progress() as bar:
        tasks: dict[StrEnum, TaskID] = {}

        def show(stage: StrEnum, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage.value.capitalize(), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield show


async def _relink_reports(graph: Graph) -> Relinked:
    """Relinking with a progress bar per stage."""
    from casework.duplicates.service import relink_reports

    with _stages() as show:
        return await relink_reports(graph, progress=show)


async def _relink_accounts(graph: Graph) -> None:
    """The relink job GraphQL's startRelink runs, run here in the foreground: refused while
    another runs, its progress in the graph for every API process to show, and audited."""
    from casework.errors import RuleViolation
    from casework.identity.relinking import queue_relink, run_relink

    try:
        job = await queue_relink(graph, f"hub link accounts ({getpass.getuser()})", "SYSTEM",
                                 None, "hub link accounts")
    except RuleViolation as refused:
        fail(refused.errors[0].message)
    with _stages() as show:
        finished = await run_relink(graph, job.id, show)
    if finished is None or finished.status != "SUCCEEDED":
        fail(f"relink job {job.id} failed: {finished.failure if finished else 'it is gone'}")
    typer.echo(f"relink job {job.id}: {finished.accounts} accounts, "
               f"{finished.links} links, {finished.suspects} suspects")
    for pair in finished.skipped_pairs:
        typer.echo(f"not applied again, contradicts other decisions: {pair}")


@link_app.command("reports")
def link_reports(input_path: InputFile = None, output_path: OutputFile = None) -> None:
    """Relink duplicate reports: the whole graph, or a JSONL file to a JSONL file."""
    _link("reports", input_path, output_path, _relink_reports)


@link_app.command("accounts")
def link_accounts_command(input_path: InputFile = None, output_path: OutputFile = None) -> None:
    """Link suspect accounts into persons: the whole graph (as a relink job, the one GraphQL's
    startRelink starts), or a JSONL file to a JSONL file."""
    _link("accounts", input_path, output_path, _relink_accounts)
