"""The GraphQL types of reference."""

from __future__ import annotations

from typing import Any

import strawberry


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
