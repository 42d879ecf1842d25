"""The GraphQL types of network."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum

import strawberry

from casework.network.analysis import Network as AnalysedNetwork
from casework.network.analysis import to_cytoscape, to_graphml
from resolvers.enums import NetworkEdgeKind, NetworkNodeKind


@strawberry.type(description="A node of a perpetrator network, with its place in it.")
class NetworkNode:
    id: strawberry.ID = strawberry.field(description="Global id (use with `node` or `around`).")
    kind: NetworkNodeKind = strawberry.field(description="What the node stands for.")
    label: str = strawberry.field(description="Handle, case reference, platform or suspect id; "
                                              "victims are masked unless you may see them.")
    platform: str | None = strawberry.field(description="Platform, for accounts.")
    degree: int = strawberry.field(description="Number of edges.")
    pagerank: float = strawberry.field(description="PageRank (weighted by link probability).")
    betweenness: float = strawberry.field(description="Normalised betweenness centrality.")
    community: int = strawberry.field(description="Louvain community number (0 = largest).")
    first_seen: datetime | None = strawberry.field(
        description="Its first referral within your scope: for an account, the first naming "
                    "it; for a suspect, the first naming one of their accounts; for a case, its "
                    "first; for a victim, the first against them. None for platforms.")
    last_seen: datetime | None = strawberry.field(
        description="Its latest referral within your scope, as `firstSeen`.")


@strawberry.enum(description="What a co-offending edge rests on.")
class NetworkEvidenceKind(Enum):
    SAME_VICTIM = strawberry.enum_value(
        "SAME_VICTIM", description="Both accounts posted in cases against this victim.")
    RAID = strawberry.enum_value(
        "RAID", description="The accounts posted in two cases related as one raid.")


@strawberry.type(description="One ground for a co-offending edge, naming the nodes it rests on.")
class NetworkEvidence:
    kind: NetworkEvidenceKind = strawberry.field(description="What the ground is.")
    node_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the victim, or of the two raided cases.")
    description: str = strawberry.field(description="The same, in words.")


@strawberry.type(description="A typed relation between two network nodes.")
class NetworkEdgeType:
    source: strawberry.ID = strawberry.field(description="Global id of one end.")
    target: strawberry.ID = strawberry.field(description="Global id of the other end.")
    kind: NetworkEdgeKind = strawberry.field(description="What ties the two ends.")
    probability: float | None = strawberry.field(
        description="Match probability, for SAME_PERSON and ATTRIBUTED_TO when scored.")
    first_seen: datetime | None = strawberry.field(description=(
        "For a post, a victim targeted or co-offending: the first referral it rests on; for a "
        "same-person link an analyst decided: when; for a case relation: when it was found. "
        "None for the linker's links and platforms."))
    last_seen: datetime | None = strawberry.field(description=(
        "The latest referral it rests on, or as `firstSeen` for links and relations."))
    score: float = strawberry.field(
        description="How strongly the edge ties its ends, the weight centrality uses and the "
                    "exports' `probability`: the match probability when scored, 1.0 when the "
                    "tie is a fact (a post, a victim, an analyst's confirmed link, "
                    "co-offending).")
    reasons: list[str] = strawberry.field(description="Why, for CO_OFFENDING edges.")
    evidence: list[NetworkEvidence] = strawberry.field(
        description="What a CO_OFFENDING edge rests on; empty for other kinds.")


@strawberry.type(description="The network around one node, within your scope.")
class Network:
    nodes: list[NetworkNode] = strawberry.field(description="The nodes found.")
    edges: list[NetworkEdgeType] = strawberry.field(description="The edges between them.")
    truncated: bool = strawberry.field(description="Whether `first` cut the walk short.")
    # The network as the exports name its nodes (`casework.network.analysis.exported`): a copy
    # of every node and edge, made only when an export is asked for.
    exported: strawberry.Private[Callable[[], AnalysedNetwork]]

    @strawberry.field(description="The same network as GraphML, for Gephi, yEd or i2.")
    def graphml(self) -> str:
        return to_graphml(self.exported())

    @strawberry.field(description="The same network as Cytoscape JSON.")
    def cytoscape(self) -> str:
        return to_cytoscape(self.exported())
