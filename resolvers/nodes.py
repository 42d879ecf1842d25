"""`node(id:)`: any object by its global id, or null, whatever type the id names.

Strawberry's own `relay.node()` raises when an id names a type that is not a node (a `Victim`
or `Force` id that `network` hands out) or no type at all, which reached callers as an internal
error. Here such an id simply finds nothing, as an id of a node that does not exist does.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from resolvers.context import Info


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null when it does not exist, "
                                  "is outside your force, or the id names no kind of node.")
    async def node(self, info: Info, id: Annotated[  # relay names it `id`
            relay.GlobalID, strawberry.argument(description="The ID of the object.")]
                   ) -> relay.Node | None:
        try:
            id.resolve_type(info)
        except relay.GlobalIDValueError:
            return None
        return await id.resolve_node(info)
