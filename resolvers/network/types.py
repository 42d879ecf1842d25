"""The GraphQL types of network."""

from __future__ import annotations

from enum import Enum

import strawberry

from casework.network.analysis import Network as AnalysedNetwork
from casework.network.analysis import to_cytoscape, to_graphml


@strawberry.enum(description="What a network node stands for.")
class NetworkNodeKind(Enum):
    ACCOUNT = "Account"
    SUSPECT = "Suspect"
    CASE = "Case"
    PLATFORM = "Platform"
    VICTIM = "Victim"


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


@strawberry.type(description="A typed relation between two network nodes.")
class NetworkEdgeType:
    source: strawberry.ID = strawberry.field(description="Global id of one end.")
    target: strawberry.ID = strawberry.field(description="Global id of the other end.")
    kind: str = strawberry.field(description="POSTED, SAME_PERSON, ATTRIBUTED_TO, ON_PLATFORM, "
                                             "TARGETED, SAME_RAID_TEXT or CO_OFFENDING.")
    probability: float | None = strawberry.field(
        description="Match probability, for SAME_PERSON and ATTRIBUTED_TO.")
    reasons: list[str] = strawberry.field(description="Why, for CO_OFFENDING edges.")


@strawberry.type(description="The network around one node, within your scope.")
class Network:
    nodes: list[NetworkNode] = strawberry.field(description="The nodes found.")
    edges: list[NetworkEdgeType] = strawberry.field(description="The edges between them.")
    truncated: bool = strawberry.field(description="Whether `first` cut the walk short.")
    analysed: strawberry.Private[AnalysedNetwork]

    @strawberry.field(description="The same network as GraphML, for Gephi, yEd or i2.")
    def graphml(self) -> str:
        return to_graphml(self.analysed)

    @strawberry.field(description="The same network as Cytoscape JSON.")
    def cytoscape(self) -> str:
        return to_cytoscape(self.analysed)
