"""No test module reads the clock when it is imported.

A time read at import is as old as the collection of the suite: a test comparing it with the
hub's clock, against a margin of minutes, then fails whenever the suite before it took longer
(issue 16: a token's `nbf` five minutes ahead was past by the time its test ran). Tests take
the time from the `now` fixture, or read it as they run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).parent
# Calls that read a clock: `datetime.now()`, `date.today()`, `time.time()`, ...
READS = frozenset({"now", "utcnow", "today"})
TIME_READS = frozenset({"time", "monotonic", "perf_counter", "time_ns", "monotonic_ns"})


def reads_clock(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    name, owner = node.func.attr, node.func.value
    return name in READS or (name in TIME_READS and isinstance(owner, ast.Name)
                             and owner.id == "time")


def run_at_import(tree: ast.Module) -> Iterator[ast.AST]:
    """Every node Python evaluates when it imports the module: module and class bodies,
    decorators (`parametrize` arguments) and default values, but no function's body."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            pending += [*node.decorator_list, *node.args.defaults,
                        *(d for d in node.args.kw_defaults if d is not None)]
        elif isinstance(node, ast.Lambda):
            pending += [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]
        else:
            pending += ast.iter_child_nodes(node)


def clock_reads_at_import(source: str) -> list[int]:
    return sorted(node.lineno for node in run_at_import(ast.parse(source))
                  if reads_clock(node) and isinstance(node, ast.Call))


def test_the_scan_finds_a_clock_read_at_import_and_not_one_in_a_test() -> None:
    source = """
from datetime import UTC, datetime, time
import pytest
NOW = datetime.now(UTC)
OPENING = time(18, 0)
@pytest.mark.parametrize("at", [datetime.today()])
def test_x(at, then=time.time()):
    assert datetime.now(UTC) > at
class Fixed:
    LATER = datetime.utcnow()
"""
    assert clock_reads_at_import(source) == [4, 6, 7, 10]


def test_no_test_module_reads_the_clock_at_import() -> None:
    found = {f"{path.relative_to(TESTS)}:{line}"
             for path in sorted(TESTS.rglob("*.py"))
             for line in clock_reads_at_import(path.read_text())}
    assert not found, f"read the time in a `now` fixture or as the test runs: {sorted(found)}"
