"""The committed SDL is what front-end teams code against: it must match the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from api.schema import schema
from graph.settings import PROJECT_ROOT


def test_schema_graphql_is_current() -> None:
    committed = (PROJECT_ROOT / "schema.graphql").read_text()
    assert committed.strip() == schema.as_str().strip(), (
        "schema.graphql is stale: run `make schema` and commit it")


def test_make_schema_exports_the_committed_schema(tmp_path: Path) -> None:
    """`make schema` runs strawberry's exporter, which needs its `cli` extra installed."""
    exported = tmp_path / "schema.graphql"
    subprocess.run([Path(sys.executable).parent / "strawberry", "export-schema",
                    "api.schema:schema", "--output", str(exported)],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)
    assert exported.read_text() == (PROJECT_ROOT / "schema.graphql").read_text()


def test_every_type_and_field_is_described() -> None:
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Boolean", "Int", "Float", "ID",
                                             "DateTime"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
    assert missing == []
