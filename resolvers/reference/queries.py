"""What may be read of reference."""

from __future__ import annotations

import strawberry

from graph import reference
from resolvers.context import Info
from resolvers.reference.types import Force, Platform


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="All forces, by name.")
    async def forces(self, info: Info) -> list[Force]:
        return [Force.from_record(force) for force in await reference.forces(info.context.graph)]

    @strawberry.field(description="All platforms, by name.")
    async def platforms(self, info: Info) -> list[Platform]:
        return [Platform.from_record(platform)
                for platform in await reference.platforms(info.context.graph)]
