"""The GraphQL types of reference."""

from __future__ import annotations

import strawberry

from graph import reference


@strawberry.type(description="A police force of the United Kingdom.")
class Force:
    code: str = strawberry.field(description="Stable code (the data.police.uk slug).")
    name: str = strawberry.field(description="Display name.")
    country: str = strawberry.field(description="England, Wales, Scotland, Northern Ireland.")

    @classmethod
    def from_record(cls, force: reference.Force) -> Force:
        return cls(code=force.code, name=force.name, country=force.country)


@strawberry.type(description="A platform hosting user content, to which content is referred.")
class Platform:
    id: str = strawberry.field(description="Stable platform id, e.g. `x`, `tiktok`.")
    name: str = strawberry.field(description="Display name.")
    domains: list[str] = strawberry.field(description="Web domains the platform serves.")
    referral_channel: str = strawberry.field(
        description="How the hub refers content to this platform.")

    @classmethod
    def from_record(cls, platform: reference.Platform) -> Platform:
        return cls(id=platform.id, name=platform.name, domains=list(platform.domains),
                   referral_channel=platform.referral_channel)
