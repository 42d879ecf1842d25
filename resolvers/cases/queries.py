"""What may be read of cases."""

from __future__ import annotations

import strawberry
from strawberry import relay

from graph import cases as case_graph
from resolvers.cases.filters import CaseFilter
from resolvers.cases.types import Case, Report
from resolvers.context import Info
from resolvers.pagination import Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size


@strawberry.type
class CaseQuery:
    @strawberry.field(description="A case by its reference or global id; null when it does not "
                                  "exist or is outside your force.")
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
        row = await info.context.loaders.case.load(reference)
        return Case.from_row(row) if row else None

    @strawberry.field(description="Cases within your scope, newest first.")
    async def cases(self, info: Info, filter: CaseFilter | None = None, first: int | None = None,
                    after: str | None = None) -> Connection[Case]:
        size = page_size(first)
        where = filter or CaseFilter()
        rows, total = await info.context.loaders.cases_page(
            case_graph.CaseFilter(
                statuses=tuple(s.value for s in where.statuses or ()),
                forces=tuple(where.force_codes or ()),
                strands=tuple(s.value for s in where.strands or ()),
                opened_after=where.opened_after, opened_before=where.opened_before),
            size, decode_cursor(after))
        page = [Case.from_row(row) for row in rows[:size]]
        edges = [Edge(node=c, cursor=encode_cursor(c.opened_at, c.reference)) for c in page]
        return Connection(edges=edges, total_count=total, page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None))


@strawberry.type
class ReportQuery:
    @strawberry.field(description="A report by its Truevision reference; null when it does not "
                                  "exist or is outside your force.")
    async def report(self, info: Info, truevision_ref: str) -> Report | None:
        row = await info.context.loaders.report.load(truevision_ref)
        return Report.from_row(row, row["caseRef"]) if row else None
