"""Front-end teams code against the schema: a change that breaks their queries (a field removed,
an argument made required, a type changed) must be a decision, written down with its reason,
not an accident. Additions are free."""

from __future__ import annotations

import tomllib

from graphql import BreakingChange, build_schema, find_breaking_changes

from api.schema import schema
from graph.settings import PROJECT_ROOT

RELEASED = PROJECT_ROOT / "docs" / "schema" / "released.graphql"
DECLARED = PROJECT_ROOT / "docs" / "schema" / "breaking.toml"


def breaking_changes() -> list[BreakingChange]:
    return find_breaking_changes(build_schema(RELEASED.read_text()), schema._schema)


def declared() -> dict[str, str]:
    changes = tomllib.loads(DECLARED.read_text()).get("change", [])
    return {change["description"]: change["reason"] for change in changes}


def test_every_breaking_change_since_the_release_is_declared_with_a_reason() -> None:
    accepted = declared()
    undeclared = [change.description for change in breaking_changes()
                  if change.description not in accepted]
    assert undeclared == [], (
        "breaking changes to the schema: undo them, or declare each in "
        "docs/schema/breaking.toml with its reason")
    assert all(reason.strip() for reason in accepted.values())


def test_no_declaration_outlives_its_change() -> None:
    happening = {change.description for change in breaking_changes()}
    assert sorted(set(declared()) - happening) == []


def test_the_check_sees_a_removed_field() -> None:
    """The guard itself: removing a field the release had is caught."""
    field = '  """Human-readable reference, e.g. HUB-2026-000042."""\n  reference: String!\n'
    sdl = RELEASED.read_text()
    assert field in sdl
    trimmed = build_schema(sdl.replace(field, "", 1))
    assert [change.description for change in find_breaking_changes(build_schema(sdl), trimmed)
            ] == ["Field Case.reference was removed."]
