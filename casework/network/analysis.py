"""Perpetrator network analysis for analysts: who is central, who acts together.

Pure functions over a small subgraph (hundreds of nodes, already bounded by the graph walk), so
networkx computes centrality and communities in milliseconds. Co-offending edges are derived
here from what the walk found: two accounts that posted in cases targeting the same victim, or
in cases related as one raid.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

RAID_KINDS = frozenset({"SAME_RAID_TEXT", "SAME_RAID"})


@dataclass(frozen=True, slots=True)
class NetworkNode:
    """A node with its place in the network; `properties` are what exports show of it."""

    key: str
    kind: str
    properties: Mapping[str, str]
    degree: int = 0
    pagerank: float = 0.0
    betweenness: float = 0.0
    community: int = 0


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    """A relation between two node keys: found by the walk (with its match probability, if
    scored), or derived here as co-offending (with its reasons)."""

    source: str
    target: str
    kind: str
    probability: float | None = None
    reasons: tuple[str, ...] = ()

    @property
    def weight(self) -> float:
        """How strongly it ties its ends: its probability, or certain when it has none (an
        analyst's confirmed link, a post, a case's victim)."""
        return self.probability if self.probability is not None else 1.0


@dataclass(frozen=True, slots=True)
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


def co_offending(edges: list[NetworkEdge]) -> list[NetworkEdge]:
    """Account pairs linked through a shared victim or a raid between their cases."""
    posted: dict[str, set[str]] = defaultdict(set)  # case -> accounts
    victims: dict[str, set[str]] = defaultdict(set)  # victim -> cases
    raids: list[tuple[str, str]] = []
    for edge in edges:
        a, b = sorted((edge.source, edge.target), key=lambda k: k.split(":", 1)[0])
        if edge.kind == "POSTED":
            posted[b].add(a)  # "Account:..." sorts before "Case:..."
        elif edge.kind == "TARGETED":
            victims[b].add(a)  # "Case:..." before "Victim:..."
        elif edge.kind in RAID_KINDS:
            raids.append((edge.source, edge.target))
    groups: list[tuple[set[str], str]] = []
    for victim, cases in victims.items():
        groups.append(({acc for case in cases for acc in posted[case]}, f"same victim {victim}"))
    for first, second in raids:
        groups.append((posted[first] | posted[second], f"raid {first} / {second}"))
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for accounts, why in groups:
        for pair in combinations(sorted(accounts), 2):
            found[pair].append(why)
    return [NetworkEdge(a, b, "CO_OFFENDING", reasons=tuple(reasons))
            for (a, b), reasons in sorted(found.items())]


def analyse(nodes: Mapping[str, Mapping[str, str]], edges: list[NetworkEdge]) -> Network:
    """Degree, PageRank, betweenness and Louvain community for every node."""
    everything = edges + co_offending(edges)
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for edge in everything:
        graph.add_edge(edge.source, edge.target, weight=edge.weight)
    pagerank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {}
    betweenness = nx.betweenness_centrality(graph, normalized=True) if len(graph) > 2 else {}
    communities = nx.community.louvain_communities(graph, weight="weight", seed=1)
    community_of = {key: index for index, members in enumerate(
        sorted(communities, key=lambda c: (-len(c), min(c)))) for key in members}
    network_nodes = [
        NetworkNode(key=key, kind=key.split(":", 1)[0], properties=props,
                    degree=int(graph.degree(key)), pagerank=round(pagerank.get(key, 0.0), 6),
                    betweenness=round(betweenness.get(key, 0.0), 6),
                    community=community_of.get(key, 0))
        for key, props in sorted(nodes.items())]
    return Network(nodes=network_nodes, edges=everything)


def _as_networkx(network: Network) -> nx.MultiGraph:
    graph = nx.MultiGraph()
    for node in network.nodes:
        graph.add_node(node.key, kind=node.kind, degree=node.degree, pagerank=node.pagerank,
                       betweenness=node.betweenness, community=node.community,
                       **node.properties)
    for edge in network.edges:
        graph.add_edge(edge.source, edge.target, kind=edge.kind, probability=edge.weight)
    return graph


def to_graphml(network: Network) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(_as_networkx(network), buffer)
    return buffer.getvalue().decode()


def to_cytoscape(network: Network) -> str:
    """Cytoscape.js elements JSON, as `cytoscape({elements: ...})` and Cytoscape desktop read."""
    return json.dumps(nx.cytoscape_data(_as_networkx(network)), sort_keys=True, default=str)
