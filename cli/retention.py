"""Retention: `hub retention` erases NCHI records past their review date."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.database import with_graph


def retention(dry_run: Annotated[bool, typer.Option(help="List only; erase nothing.")] = False
              ) -> None:
    """Erase non-crime hate incident records past their review date (each erasure audited)."""
    from casework.retention.service import apply_retention

    due = with_graph(lambda graph: apply_retention(graph, dry_run))
    for record in due:
        typer.echo(f"{record.case}  review {record.review_on}  {record.reports} referral(s)")
    verb = "would be erased" if dry_run else "erased"
    typer.echo(f"{len(due)} NCHI record(s) {verb}.")
