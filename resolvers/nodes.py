"""`node(id:)` and `nodes(ids:)`: objects by their global ids, or null, whatever type an id names.

Strawberry's own `relay.node()` raises when an id names a type that is not a node (a `Victim`
or `Force` id that `network` hands out) or no type at all, which reached callers as an internal
error. Here such an id simply finds nothing, as an id of a node that does not exist does. Both
fields resolve each id the same way, through the type's scoped loader, so `nodes` shows no more
than `node` would, id by id.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry import relay

from casework.access import Permission
from casework.errors import RuleViolation
from resolvers.context import Info
from resolvers.justification import JUSTIFIED_NODES, require_justification

# As many ids as a page may hold items (resolvers.pagination.MAX_PAGE).
MAX_IDS = 100


async def _node(info: Info, id: relay.GlobalID, field: tuple[str, ...]) -> relay.Node | None:
    try:
        id.resolve_type(info)
    except relay.GlobalIDValueError:
        return None
    # An account or suspect read by id needs a justification, as `network` does; a role that
    # may not read them is refused for its role by their loader instead.
    if id.type_name in JUSTIFIED_NODES and info.context.principal.can(Permission.READ_NETWORKS):
        require_justification(info.context.justification, field)
    return await id.resolve_node(info)


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global id; null when it does not exist, "
                                  "is outside your force, or the id names no kind of node. "
                                  "An Account or Suspect is read only with a justification "
                                  "(the X-Hub-Justification header), else "
                                  "JUSTIFICATION_REQUIRED.")
    async def node(self, info: Info, id: Annotated[  # relay names it `id`
            relay.GlobalID, strawberry.argument(description="The ID of the object.")]
                   ) -> relay.Node | None:
        return await _node(info, id, ("id",))

    @strawberry.field(description=f"Objects by their global ids (at most {MAX_IDS}), in the "
                                  "order asked: each as `node(id:)` answers it, null when it "
                                  "does not exist, is outside your force, or names no node "
                                  "(an Account or Suspect needs a justification in the "
                                  "X-Hub-Justification header, as there).")
    async def nodes(self, info: Info, ids: Annotated[  # relay names it `ids`
            list[relay.GlobalID], strawberry.argument(description="The IDs of the objects.")]
                    ) -> list[relay.Node | None]:
        if len(ids) > MAX_IDS:
            raise RuleViolation.one(("ids",), f"must hold at most {MAX_IDS} ids",
                                    "TOO_MANY_IDS")
        # Gathered in one turn of the loop, the ids of one type load in one query.
        return list(await asyncio.gather(*(_node(info, id, ("ids", str(index)))
                                           for index, id in enumerate(ids))))
