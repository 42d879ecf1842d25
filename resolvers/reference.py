"""Forces and platforms: reference data every front end needs for its pick-lists."""

from __future__ import annotations

from typing import Any

import strawberry

from graph import reference
from resolvers.context import Info


@strawberry.type(description="A police force of the United Kingdom.")
class Force:
    code: str = strawberry.field(description="Stable code (the data.police.uk slug).")
    name: str = strawberry.field(description="Display name.")
    country: str = strawberry.field(description="England, Wales, Scotland, Northern Ireland.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Force:
        return cls(code=row["code"], name=row["name"], country=row["country"])


@strawberry.type(description="A platform hosting user content, to which content is referred.")
class Platform:
    id: str = strawberry.field(description="Stable platform id, e.g. `x`, `tiktok`.")
    name: str = strawberry.field(description="Display name.")
    domains: list[str] = strawberry.field(description="Web domains the platform serves.")
    referral_channel: str = strawberry.field(
        description="How the hub refers content to this platform.")


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="All forces, by name.")
    async def forces(self, info: Info) -> list[Force]:
        return [Force.from_row(row["force"]) for row in await reference.forces(info.context.graph)]

    @strawberry.field(description="All platforms, by name.")
    async def platforms(self, info: Info) -> list[Platform]:
        rows = await reference.platforms(info.context.graph)
        return [Platform(id=p["id"], name=p["name"], domains=list(p.get("domains") or []),
                         referral_channel=p.get("referralChannel") or "")
                for p in (row["platform"] for row in rows)]
