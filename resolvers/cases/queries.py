"""What may be read of cases."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from casework.search import SEARCH_CHARACTERS, case_search
from graph import cases as case_graph
from resolvers.cases.filters import CaseFilter, CaseOrder
from resolvers.cases.screen import wanted
from resolvers.cases.types import Case, Report, case_as_it_stands
from resolvers.context import Info
from resolvers.enums import CaseSortField, OrderDirection
from resolvers.pagination import Connection, connection, sort_cursor, sort_window


@strawberry.type
class CaseQuery:
    @strawberry.field(description="A case by its reference or global id; null when it does not "
                                  "exist or is outside your force. Everything a case screen "
                                  "shows is read with it, in one query.")
    async def case(self, info: Info, reference: str | None = None,
                   id: strawberry.ID | None = None) -> Case | None:
        if id is not None:
            try:
                global_id = relay.GlobalID.from_id(id)
            except ValueError:
                return None
            if global_id.type_name != "Case":
                return None
            reference = global_id.node_id
        if reference is None:
            return None
        parts, pages = wanted(info)
        if not parts and not pages:
            return await case_as_it_stands(info, reference)
        screen = await info.context.loaders.case_screen(reference, parts, pages)
        return Case.from_record(screen.case, screen) if screen is not None else None

    @strawberry.field(description=(
        "Cases within your scope, newest first unless `orderBy` says otherwise. `search` finds "
        "a case by its reference (or the start of it), a handle an account in it has (folded "
        "as handles are linked; `@` in front matches handles that start so), a URL of its "
        "content (any form of it) or words of its referrals' text (every word, stemmed), "
        f"at most {SEARCH_CHARACTERS} characters; a case matching any of them is found. "
        "Paging holds under every order: cursors are for the order that gave them."))
    async def cases(self, info: Info, filter: CaseFilter | None = None, first: int | None = None,
                    after: str | None = None, last: int | None = None,
                    before: str | None = None,
                    search: Annotated[str | None, strawberry.argument(
                        description="Reference, handle, URL or words.")] = None,
                    order_by: Annotated[CaseOrder | None, strawberry.argument(
                        description="The order, newest opened first if not given.")] = None,
                    ) -> Connection[Case]:
        order = order_by or CaseOrder(field=CaseSortField.OPENED_AT)
        field = order.field.value
        window = sort_window(field, first, after, last, before)
        found = case_search(search)
        where = filter or CaseFilter()
        cases, total = await info.context.loaders.cases_page(
            case_graph.CaseFilter(
                statuses=tuple(s.value for s in where.statuses or ()),
                forces=tuple(where.force_codes or ()),
                strands=tuple(s.value for s in where.strands or ()),
                opened_after=where.opened_after, opened_before=where.opened_before),
            window, case_graph.CaseOrder(field, order.direction == OrderDirection.DESC), found)
        cursors = {case.reference: sort_cursor(field, case.sort_key(field), case.reference)
                   for case in cases}
        return connection([Case.from_record(case) for case in cases], window, total,
                          lambda c: cursors[c.reference])


@strawberry.type
class ReportQuery:
    @strawberry.field(description="A report by its Truevision reference; null when it does not "
                                  "exist or is outside your force.")
    async def report(self, info: Info, truevision_ref: str) -> Report | None:
        report = await info.context.loaders.report.load(truevision_ref)
        return Report.from_record(report) if report else None
