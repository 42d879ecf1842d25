"""The GraphQL types of reference."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from graph import reference
from seeds.reference.forces import force_by_code
from seeds.reference.platforms import platform_by_id


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


def force_of(code: str | None) -> Force | None:
    """The force a stored code names; None for HUB (the hub is not a force) or no code."""
    force = force_by_code(code) if code else None
    return Force.from_record(force) if force else None


def platform_of(platform_id: str | None) -> Platform | None:
    """The platform a stored id names; None when the id is unknown or absent."""
    platform = platform_by_id(platform_id) if platform_id else None
    return Platform.from_record(platform) if platform else None


def refers(attribute: str, find: Callable[[str | None], Any], shown_as: Any, *,
           description: str) -> Any:
    """A field holding the object that the type's `attribute` (a code or id) names, found by
    `find` in the reference tables (no query), so a front-end follows a reference rather than
    matching a string."""
    def resolve(root: Any) -> Any:
        return find(getattr(root, attribute))
    return strawberry.field(resolver=resolve, graphql_type=shown_as, description=description)


def refers_to_force(attribute: str, *, description: str) -> Any:
    return refers(attribute, force_of, Force | None, description=description)


def refers_to_platform(attribute: str, *, description: str) -> Any:
    return refers(attribute, platform_of, Platform | None, description=description)


def code_of_force(description: str) -> Any:
    """A force-code field kept for clients written before the `Force` object fields."""
    return strawberry.field(description=description,
                            deprecation_reason="Read the Force object field beside it "
                                               "(`{ code name }`).")
