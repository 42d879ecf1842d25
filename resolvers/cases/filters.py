"""How a list of cases may be narrowed."""

from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.enums import CaseState, Strand


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
