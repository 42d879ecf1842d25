"""Per-request DataLoaders: one query per relationship per request level, never one per row.

Each load asks the principal for its case scope at the moment it runs, so a principal without
the right to read cases gets `Forbidden` rather than an unscoped read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from casework.access import Principal
from graph import case_screen, cases, identity
from graph.driver import Graph
from graph.pages import Key, Window

T = TypeVar("T")
PageKey = tuple[str, Window[Key]]
PartKey = tuple[str, str]  # (part, case reference)
Fetch = Callable[[Graph, list[str], str | None], Awaitable[Mapping[str, T]]]
PagedFetch = Callable[[Graph, list[str], str | None, Window[Key]],
                      Awaitable[Mapping[str, list[T]]]]


# What each page of a case names, for the consultation log.
_PAGE_ITEMS: dict[str, Callable[[Any], str]] = {
    "reports": lambda report: report.truevision_ref,
    "complainants": lambda complainant: complainant.report,
}
# Whom each part of a case about people shows, logged under their kind as `network` logs
# them; noted as the part is read, so that a case screen's one consultation entry names them.
_PART_PEOPLE: dict[str, Callable[[list[Any]], Iterable[str]]] = {
    "accounts": lambda accounts: (f"account:{account['id']}" for account in accounts),
    "suspects": lambda suspects: (
        shown for suspect in suspects
        for shown in (f"suspect:{suspect.id}", *(f"account:{key}" for key in suspect.accounts))),
}


class Loaders:
    """Every loader applies the principal's case scope inside its query, and notes which cases
    and reports it handed out, for the consultation log."""

    def __init__(self, graph: Graph, principal: Principal) -> None:
        self.graph = graph
        self.principal = principal
        self.consulted: set[str] = set()
        # Another force's cases and reports asked for by reference, answered as missing: the
        # caller learns nothing, the audit log learns of the attempt (api.audit.RefusalAudit).
        self.refused: set[str] = set()
        self.case = self._keyed(cases.cases_by_reference, refuses=True)
        self.report = self._keyed(cases.reports_by_reference, refuses=True)
        # Told when a read has fetched everything its field shows (the consultation log's cue).
        self.on_shown: Callable[[], None] | None = None
        self.parties = self._keyed(cases.parties_of_reports)
        self.links = self._keyed(cases.links_of_reports)
        self.case_parts = self._parts()
        # People are logged under their kind, as `network` logs them; cases and reports by
        # their references.
        self.account = self._keyed(identity.accounts_by_id, "account:")
        self.same_person = self._keyed(identity.same_person_links, "account:")
        self.suspect = self._keyed(identity.suspects_by_id, "suspect:")
        self.case_reports = self._paged(cases.reports_of_cases, _PAGE_ITEMS["reports"])
        self.case_complainants = self._paged(cases.complainants_of_cases,
                                             _PAGE_ITEMS["complainants"])

    def _keyed(self, fetch: Fetch[T], logged_as: str = "",
               refuses: bool = False) -> DataLoader[str, T | None]:
        """Rows by key; each key found is logged as consulted, after `logged_as`. With
        `refuses`, keys (references) missing from the scope are looked for outside it."""

        async def load(keys: Sequence[str]) -> list[T | None]:
            scope = self.principal.case_scope()
            found = await fetch(self.graph, list(keys), scope)
            self.consulted.update(logged_as + key for key in keys if found.get(key))
            if refuses:
                await self.refused_if_elsewhere([key for key in keys if not found.get(key)])
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    def _paged(self, fetch: PagedFetch[T], consulted: Callable[[T], str]
               ) -> DataLoader[PageKey, list[T]]:
        """Pages of a relationship for many cases at once: one query per distinct page shape.
        `consulted` names the case or report each item shows, for the consultation log."""

        async def load(keys: Sequence[PageKey]) -> list[list[T]]:
            scope = self.principal.case_scope()
            groups: dict[Window[Key], list[str]] = defaultdict(list)
            for ref, window in keys:
                groups[window].append(ref)
            pages: dict[PageKey, list[T]] = {}
            for window, refs in groups.items():
                found = await fetch(self.graph, refs, scope, window)
                for ref in refs:
                    page = pages[(ref, window)] = found.get(ref, [])
                    self.consulted.update(consulted(item) for item in window.shown(page))
            return [pages[key] for key in keys]

        return DataLoader(load_fn=load, cache_key_fn=lambda key: key)

    def _parts(self) -> DataLoader[PartKey, Any]:
        """Parts of cases (`graph.case_screen.PARTS`): every part asked for of every case in
        one query, as a list of cases asks for the same parts of each."""

        async def load(keys: Sequence[PartKey]) -> list[Any]:
            references = sorted({reference for _, reference in keys})
            found = await case_screen.parts_of_cases(
                self.graph, references, self.principal.case_scope(), {part for part, _ in keys})
            self.consulted.update(found)
            for parts in found.values():
                self._people_in(parts)
            return [found[reference][part] if reference in found else None
                    for part, reference in keys]

        return DataLoader(load_fn=load, cache_key_fn=lambda key: key)

    async def case_screen(self, reference: str, parts: Collection[str],
                          pages: Mapping[str, Window[Key]]) -> case_screen.CaseScreen | None:
        """The case with the parts and pages a screen shows, in one read (`graph.case_screen`);
        the case and every referral a page shows are logged as consulted."""
        scope = self.principal.case_scope()
        screen = await case_screen.case_screen(self.graph, reference, scope, parts, pages)
        if screen is None:
            await self.refused_if_elsewhere([reference])
        else:
            self.consulted.add(reference)
            for name, (window, page) in screen.pages.items():
                self.consulted.update(_PAGE_ITEMS[name](item) for item in window.shown(page))
            self._people_in(screen.parts)
        self.shown()
        return screen

    def _people_in(self, parts: Mapping[str, Any]) -> None:
        """Notes the accounts and suspects the parts about people show, as consulted."""
        for name, items in parts.items():
            if name in _PART_PEOPLE:
                self.consulted.update(_PART_PEOPLE[name](items))

    async def refused_if_elsewhere(self, missing: list[str]) -> None:
        """Notes which references (of cases, or of reports) missing from a force officer's
        scope are another force's: every read that answers null for them calls this. Looked for
        on every miss, whether or not another force has it, so that the time an answer takes
        does not tell either."""
        scope = self.principal.case_scope()
        if missing and scope is not None:
            self.refused.update(await cases.elsewhere(self.graph, missing, scope))

    async def cases_page(self, where: cases.CaseFilter, window: Window[tuple[Any, str]],
                         order: cases.CaseOrder = cases.NEWEST_OPENED,
                         search: cases.CaseSearch | None = None
                         ) -> tuple[list[cases.Case], int]:
        page, total = await cases.list_cases(self.graph, self.principal.case_scope(), where,
                                             window, order, search)
        self.consulted.update(case.reference for case in window.shown(page))
        self.shown()
        return page, total

    def shown(self) -> None:
        """A read fetched everything its field shows: what this operation shows may all be
        known now, so its consultation log can begin (`api.consultation`)."""
        if self.on_shown is not None:
            self.on_shown()
