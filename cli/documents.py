"""`hub documents build`: the trusted-document manifest, from the front end's document files."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from api.schema import build_schema
from api.settings import ApiSettings
from api.trusted import MANIFEST, SOURCES, InvalidDocument, manifest_of, source_texts
from cli.database import fail

documents_app = typer.Typer(help="The front end's trusted documents.", no_args_is_help=True)


def manifest_text(sources: Path = SOURCES) -> str:
    """The manifest of the documents under `sources`, as `build` writes it."""
    return json.dumps(manifest_of(source_texts(sources)), indent=2, ensure_ascii=False) + "\n"


@documents_app.command()
def build(check: Annotated[bool, typer.Option(
        help="Write nothing; fail if the manifest is not up to date.")] = False) -> None:
    """Write docs/documents/manifest.json from docs/documents/*.graphql, each checked against
    the schema as the hub checks it at start-up."""
    text = manifest_text()
    with tempfile.TemporaryDirectory() as directory:
        candidate = Path(directory) / MANIFEST.name
        candidate.write_text(text, encoding="utf-8")
        try:
            build_schema(ApiSettings(env="test", documents=candidate))
        except InvalidDocument as error:
            fail(f"refused: {error}")
    if check:
        if not MANIFEST.exists() or MANIFEST.read_text(encoding="utf-8") != text:
            fail(f"{MANIFEST} is out of date: run `make documents`")
        return
    MANIFEST.write_text(text, encoding="utf-8")
    typer.echo(f"{len(json.loads(text))} trusted document(s) in {MANIFEST}")
