"""What may be read of network."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import strawberry
from strawberry import relay

from casework.access import Permission
from casework.errors import RuleViolation
from casework.network import search as account_search
from casework.network.analysis import NetworkEdge, analyse, exported
from graph.network import Node, neighbourhood
from resolvers.context import Info
from resolvers.enums import NetworkEdgeKind, NetworkNodeKind
from resolvers.identity.types import Account
from resolvers.network.types import (
    Network,
    NetworkEdgeType,
    NetworkEvidence,
    NetworkEvidenceKind,
    NetworkNode,
)
from resolvers.pagination import Connection, connection, position_cursor, position_window
from resolvers.reads import consulted, shows_items

MAX_DEPTH = 3
MAX_NODES = 500
WALKABLE = {"Case", "Account", "Suspect"}
MASKED_VICTIM = {"id": "masked"}  # all that exports show of a victim to those who may not see them


def _global(key: str) -> strawberry.ID:
    kind, _, ident = key.partition(":")
    return strawberry.ID(relay.to_base64(kind, ident))


def consulted_in(nodes: Iterable[tuple[str, Node]], may_see_victims: bool) -> set[str]:
    """What a network shows of people and cases, for the consultation log: cases by reference,
    accounts, suspects and (when shown unmasked) victims as `account:<id>`, `suspect:<id>`,
    `victim:<id>`. Platforms are no one's personal data."""
    shown = set()
    for key, node in nodes:
        kind, _, ident = key.partition(":")
        if node.kind == "Case" and node.reference is not None:
            shown.add(node.reference)
        elif node.kind in ("Account", "Suspect") or (node.kind == "Victim" and may_see_victims):
            shown.add(f"{kind.lower()}:{ident}")
    return shown


def _label(node: Node, may_see_victims: bool) -> str:
    if node.kind == "Account":
        return str(node.handle or node.id)
    if node.kind == "Case":
        return str(node.reference)
    if node.kind == "Victim":
        return (node.name or "victim") if may_see_victims else "victim (masked)"
    return str(node.name or node.id)


@strawberry.type
class NetworkQuery:
    @strawberry.field(description=(
        "Accounts on any platform whose handle starts as `search` does, folded as the linker "
        "folds handles (case, `@`, separators, accents and look-alike characters), in handle "
        "order; a force officer finds only accounts named in their force's cases. At most "
        f"{account_search.SEARCH_CHARACTERS} characters. Needs a justification in the "
        "X-Hub-Justification header, as `network` does."))
    async def accounts(self, info: Info, search: str, first: int | None = None,
                       after: str | None = None, last: int | None = None,
                       before: str | None = None) -> Connection[Account]:
        window = position_window(first, after, last, before)
        rows, total = await account_search.accounts_by_handle(
            info.context.graph, info.context.principal, search, window)
        if shows_items(info):
            consulted(info, (f"account:{row['id']}" for row in window.shown(rows)))
        position = {row["id"]: row["position"] for row in rows}
        return connection([Account.from_row(row) for row in rows], window, total,
                          lambda account: position_cursor(position[account.key]))

    @strawberry.field(description=(
        "The perpetrator network around a case, account or suspect. Needs a justification "
        "of at least 10 characters in the X-Hub-Justification header (why you are looking, "
        "e.g. an operation or case number), stored in the audit log; without it, "
        "JUSTIFICATION_REQUIRED and nothing is read. Every case, account, suspect and victim "
        "shown is logged as consulted."))
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
            if start.type_name == "Case":  # another force's case is a refusal in the audit log
                await info.context.loaders.refused_if_elsewhere([start.node_id])
            return None
        may_see_victims = principal.can(Permission.READ_CONTACT_DETAILS)
        shown = {key: MASKED_VICTIM if node.kind == "Victim" and not may_see_victims
                 else node.properties() for key, node in sub.nodes.items()}
        network = analyse(shown, [NetworkEdge(e.source, e.target, e.kind, e.probability,
                                              first_seen=e.first_seen, last_seen=e.last_seen)
                                  for e in sub.edges])
        info.context.loaders.consulted.update(
            consulted_in(sub.nodes.items(), may_see_victims))
        labels = {key: _label(node, may_see_victims) for key, node in sub.nodes.items()}
        return Network(
            nodes=[NetworkNode(id=_global(n.key), kind=NetworkNodeKind(n.kind),
                               label=labels[n.key],
                               platform=sub.nodes[n.key].platform, degree=n.degree,
                               pagerank=n.pagerank, betweenness=n.betweenness,
                               community=n.community, first_seen=sub.nodes[n.key].first_seen,
                               last_seen=sub.nodes[n.key].last_seen) for n in network.nodes],
            edges=[NetworkEdgeType(source=_global(e.source), target=_global(e.target),
                                   kind=NetworkEdgeKind(e.kind), probability=e.probability,
                                   score=e.weight,
                                   reasons=list(e.reasons), evidence=[NetworkEvidence(
                                       kind=NetworkEvidenceKind(s.kind),
                                       node_ids=[_global(key) for key in s.keys],
                                       description=s.reason) for s in e.shared],
                                   first_seen=e.first_seen, last_seen=e.last_seen)
                   for e in network.edges],
            truncated=len(sub.nodes) >= first,
            exported=cache(lambda: exported(network, {key: str(_global(key)) for key in sub.nodes},
                                            labels)))
