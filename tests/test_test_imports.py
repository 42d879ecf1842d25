"""No test module imports another test module or a conftest.

A helper defined in a test module and imported by another ties the two together: moving,
renaming or deleting a test breaks tests elsewhere, and pytest collects the imported module's
tests' fixtures into a second place. Helpers shared between test modules live in
`tests/support/`; fixtures in a `conftest.py`, which pytest finds by itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).parent


def imported(tree: ast.Module) -> Iterator[str]:
    """Every module an `import` or `from ... import` names, anywhere in the module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def is_test_module(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return module.startswith("tests.") and (last.startswith("test_") or last == "conftest")


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    offending = sorted(
        f"{path.relative_to(TESTS.parent)} imports {module}"
        for path in TESTS.rglob("*.py")
        for module in imported(ast.parse(path.read_text(), str(path)))
        if is_test_module(module))
    assert not offending, "move the shared helpers to tests/support/:\n" + "\n".join(offending)


def test_the_check_sees_imports_of_test_modules_and_conftests() -> None:
    tree = ast.parse("from tests.api.test_intake import referral\n"
                     "def f():\n    import tests.graph.conftest\n"
                     "from tests.support.intake import referral\n"
                     "from tests.security.probes import Probe\n")
    assert [m for m in imported(tree) if is_test_module(m)] == [
        "tests.api.test_intake", "tests.graph.conftest"]
