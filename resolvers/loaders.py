"""Per-request DataLoaders: one query per relationship per request level, never one per row.

Each load asks the principal for its case scope at the moment it runs, so a principal without
the right to read cases gets `Forbidden` rather than an unscoped read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from strawberry.dataloader import DataLoader

from casework.access import Principal
from graph import cases
from graph.driver import Graph

PageKey = tuple[str, int, tuple[datetime, str] | None]
Fetch = Callable[[Graph, list[str], str | None], Awaitable[dict[str, Any]]]


class Loaders:
    """Every loader applies the principal's case scope inside its query, and notes which cases
    and reports it handed out, for the consultation log."""

    def __init__(self, graph: Graph, principal: Principal) -> None:
        self.graph = graph
        self.principal = principal
        self.consulted: set[str] = set()
        self.case = self._keyed(cases.cases_by_reference)
        self.report = self._keyed(cases.reports_by_reference)
        self.allocations = self._keyed(cases.allocations_of_cases)
        self.parties = self._keyed(cases.parties_of_reports)
        self.case_reports: DataLoader[PageKey, list[dict[str, Any]]] = DataLoader(
            load_fn=self._case_reports, cache_key_fn=lambda key: key)

    def _keyed(self, fetch: Fetch) -> DataLoader[str, Any]:
        async def load(keys: Sequence[str]) -> list[Any]:
            found = await fetch(self.graph, list(keys), self.principal.case_scope())
            self.consulted.update(key for key in keys if found.get(key))
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    async def _case_reports(self, keys: Sequence[PageKey]) -> list[list[dict[str, Any]]]:
        scope = self.principal.case_scope()
        groups: dict[tuple[int, tuple[datetime, str] | None], list[str]] = defaultdict(list)
        for ref, first, after in keys:
            groups[(first, after)].append(ref)
        pages: dict[PageKey, list[dict[str, Any]]] = {}
        for (first, after), refs in groups.items():
            found = await cases.reports_of_cases(self.graph, refs, scope, first, after)
            for ref in refs:
                pages[(ref, first, after)] = found.get(ref, [])
                self.consulted.update(r["truevisionRef"] for r in pages[(ref, first, after)])
        return [pages[key] for key in keys]

    async def cases_page(self, where: cases.CaseFilter, first: int,
                         after: tuple[datetime, str] | None) -> tuple[list[dict[str, Any]], int]:
        rows, total = await cases.list_cases(self.graph, self.principal.case_scope(), where,
                                             first, after)
        self.consulted.update(row["reference"] for row in rows[:first])
        return rows, total
