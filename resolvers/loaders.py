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
from graph import cases, identity
from graph.driver import Graph

PageKey = tuple[str, int, tuple[datetime, str] | None]
Fetch = Callable[[Graph, list[str], str | None], Awaitable[dict[str, Any]]]
PagedFetch = Callable[[Graph, list[str], str | None, int, tuple[datetime, str] | None],
                      Awaitable[dict[str, list[dict[str, Any]]]]]


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
        self.links = self._keyed(cases.links_of_reports)
        self.related = self._keyed(cases.related_of_cases)
        self.account = self._keyed(identity.accounts_by_id)
        self.same_person = self._keyed(identity.same_person_links)
        self.suspect = self._keyed(identity.suspects_by_id)
        self.case_reports = self._paged(cases.reports_of_cases, "truevisionRef")
        self.case_complainants = self._paged(cases.complainants_of_cases, "report")

    def _keyed(self, fetch: Fetch) -> DataLoader[str, Any]:
        async def load(keys: Sequence[str]) -> list[Any]:
            found = await fetch(self.graph, list(keys), self.principal.case_scope())
            self.consulted.update(key for key in keys if found.get(key))
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    def _paged(self, fetch: PagedFetch, consulted_key: str
               ) -> DataLoader[PageKey, list[dict[str, Any]]]:
        """Pages of a relationship for many cases at once: one query per distinct page shape."""

        async def load(keys: Sequence[PageKey]) -> list[list[dict[str, Any]]]:
            scope = self.principal.case_scope()
            groups: dict[tuple[int, tuple[datetime, str] | None], list[str]] = defaultdict(list)
            for ref, first, after in keys:
                groups[(first, after)].append(ref)
            pages: dict[PageKey, list[dict[str, Any]]] = {}
            for (first, after), refs in groups.items():
                found = await fetch(self.graph, refs, scope, first, after)
                for ref in refs:
                    page = pages[(ref, first, after)] = found.get(ref, [])
                    self.consulted.update(row[consulted_key] for row in page[:first])
            return [pages[key] for key in keys]

        return DataLoader(load_fn=load, cache_key_fn=lambda key: key)

    async def cases_page(self, where: cases.CaseFilter, first: int,
                         after: tuple[datetime, str] | None) -> tuple[list[dict[str, Any]], int]:
        rows, total = await cases.list_cases(self.graph, self.principal.case_scope(), where,
                                             first, after)
        self.consulted.update(row["reference"] for row in rows[:first])
        return rows, total
