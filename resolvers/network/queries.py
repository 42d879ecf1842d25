"""What may be read of network."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from casework.access import Permission
from casework.errors import RuleViolation
from casework.network.analysis import NetworkEdge, analyse
from graph.network import neighbourhood
from resolvers.context import Info
from resolvers.network.types import Network, NetworkEdgeType, NetworkNode, NetworkNodeKind

MAX_DEPTH = 3


MAX_NODES = 500


WALKABLE = {"Case", "Account", "Suspect"}


def _global(key: str) -> strawberry.ID:
    kind, _, ident = key.partition(":")
    return strawberry.ID(relay.to_base64(kind, ident))


def _label(kind: str, props: dict[str, Any], may_see_victims: bool) -> str:
    if kind == "Account":
        return str(props.get("handle") or props.get("id"))
    if kind == "Case":
        return str(props["reference"])
    if kind == "Victim":
        return str(props.get("name") or "victim") if may_see_victims else "victim (masked)"
    return str(props.get("name") or props.get("id"))


@strawberry.type
class NetworkQuery:
    @strawberry.field(description="The perpetrator network around a case, account or suspect.")
    async def network(self, info: Info, around: strawberry.ID, depth: int = 2,
                      min_confidence: float = 0.5, first: int = 200) -> Network | None:
        principal = info.context.principal
        principal.require(Permission.READ_NETWORKS)
        if not 1 <= depth <= MAX_DEPTH:
            raise RuleViolation.one(("depth",), f"must be between 1 and {MAX_DEPTH}",
                                    "INVALID_DEPTH")
        if not 1 <= first <= MAX_NODES:
            raise RuleViolation.one(("first",), f"must be between 1 and {MAX_NODES}",
                                    "INVALID_PAGE_SIZE")
        try:
            start = relay.GlobalID.from_id(around)
        except ValueError:
            return None
        if start.type_name not in WALKABLE:
            return None
        sub = await neighbourhood(info.context.graph, f"{start.type_name}:{start.node_id}",
                                  depth, min_confidence, first, principal.case_scope())
        if not sub.nodes:
            return None
        may_see_victims = principal.can(Permission.READ_CONTACT_DETAILS)
        masked = {key: ({"id": "masked"} if key.startswith("Victim:") and not may_see_victims
                        else props) for key, props in sub.nodes.items()}
        network = analyse(masked, [NetworkEdge(a, b, kind, props)
                                   for (a, b, kind), props in sub.edges.items()])
        info.context.loaders.consulted.update(
            key.split(":", 1)[1] for key in sub.nodes if key.startswith("Case:"))
        return Network(
            nodes=[NetworkNode(id=_global(n.key), kind=NetworkNodeKind(n.kind),
                               label=_label(n.kind, sub.nodes[n.key], may_see_victims),
                               platform=n.properties.get("platform"), degree=n.degree,
                               pagerank=n.pagerank, betweenness=n.betweenness,
                               community=n.community) for n in network.nodes],
            edges=[NetworkEdgeType(source=_global(e.source), target=_global(e.target),
                                   kind=e.kind, probability=e.properties.get("probability"),
                                   reasons=list(e.properties.get("reasons", [])))
                   for e in network.edges],
            truncated=len(sub.nodes) >= first, analysed=network)
