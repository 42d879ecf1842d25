"""How a list of cases may be narrowed."""

from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.enums import CaseSortField, CaseState, OrderDirection, Strand


@strawberry.input(description="Narrow a list of cases; all given conditions must hold.")
class CaseFilter:
    statuses: list[CaseState] | None = strawberry.field(default=None,
                                                          description="Any of these statuses.")
    force_codes: list[str] | None = strawberry.field(
        default=None, description="Responsible force is one of these (within your scope).")
    strands: list[Strand] | None = strawberry.field(default=None,
                                                         description="Any of these strands.")
    opened_after: datetime | None = strawberry.field(default=None, description="Opened after.")
    opened_before: datetime | None = strawberry.field(default=None, description="Opened before.")


@strawberry.input(description="How to sort a list of cases: by one field, one way; cases that "
                              "tie follow in the order they were opened.")
class CaseOrder:
    field: CaseSortField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.DESC,
                                                 description="Which way; DESC unless given.")
