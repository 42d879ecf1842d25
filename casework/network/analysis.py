"""Perpetrator network analysis for analysts: who is central, who acts together.

Pure functions over a small subgraph (hundreds of nodes, already bounded by the graph walk), so
networkx computes centrality and communities in milliseconds. Co-offending edges are derived
here from what the walk found: two accounts that posted in cases targeting the same victim, or
in cases related as one raid. A co-offending edge keeps what it rests on (the victim, or the two
cases) and spans the dates of the posts it rests on.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
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
class Shared:
    """What two accounts' co-offending rests on: a victim they both targeted (SAME_VICTIM, the
    victim's key) or a raid between their cases (RAID, the two cases' keys)."""

    kind: str
    keys: tuple[str, ...]

    @property
    def reason(self) -> str:
        return (f"same victim {self.keys[0]}" if self.kind == "SAME_VICTIM"
                else f"raid {' / '.join(self.keys)}")


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    """A relation between two node keys: found by the walk (with its match probability, if
    scored), or derived here as co-offending (with what it rests on); dated when the data
    dates it."""

    source: str
    target: str
    kind: str
    probability: float | None = None
    shared: tuple[Shared, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(s.reason for s in self.shared)

    @property
    def weight(self) -> float:
        """How strongly it ties its ends: its probability, or certain when it has none (an
        analyst's confirmed link, a post, a case's victim)."""
        return self.probability if self.probability is not None else 1.0


@dataclass(frozen=True, slots=True)
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


def _span(posts: Iterable[NetworkEdge]) -> tuple[datetime | None, datetime | None]:
    firsts = [p.first_seen for p in posts if p.first_seen is not None]
    lasts = [p.last_seen for p in posts if p.last_seen is not None]
    return min(firsts, default=None), max(lasts, default=None)


def co_offending(edges: list[NetworkEdge]) -> list[NetworkEdge]:
    """Account pairs linked through a shared victim or a raid between their cases, dated from
    the first to the last of the pair's posts in those cases."""
    posted: dict[str, dict[str, NetworkEdge]] = defaultdict(dict)  # case -> account -> post
    victims: dict[str, set[str]] = defaultdict(set)  # victim -> cases
    raids: list[tuple[str, str]] = []
    for edge in edges:
        a, b = sorted((edge.source, edge.target), key=lambda k: k.split(":", 1)[0])
        if edge.kind == "POSTED":
            posted[b][a] = edge  # "Account:..." sorts before "Case:..."
        elif edge.kind == "TARGETED":
            victims[b].add(a)  # "Case:..." before "Victim:..."
        elif edge.kind in RAID_KINDS:
            raids.append((edge.source, edge.target))
    groups = [(Shared("SAME_VICTIM", (victim,)), sorted(cases))
              for victim, cases in victims.items()]
    groups += [(Shared("RAID", (first, second)), [first, second]) for first, second in raids]
    found: dict[tuple[str, str], list[Shared]] = defaultdict(list)
    posts: dict[tuple[str, str], list[NetworkEdge]] = defaultdict(list)
    for shared, cases in groups:
        accounts = {account for case in cases for account in posted[case]}
        for pair in combinations(sorted(accounts), 2):
            found[pair].append(shared)
            posts[pair] += [posted[case][account] for case in cases for account in pair
                            if account in posted[case]]
    derived = []
    for (a, b), grounds in sorted(found.items()):
        first, last = _span(posts[(a, b)])
        derived.append(NetworkEdge(a, b, "CO_OFFENDING", shared=tuple(grounds), first_seen=first,
                                   last_seen=last))
    return derived


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


def exported(network: Network, ids: Mapping[str, str], labels: Mapping[str, str]) -> Network:
    """The network as its exports show it: every node under `ids[key]` (the global id the API
    gives it, so a file and the API name a node alike, and no database key leaves the hub) and
    labelled `labels[key]` (the handle, case reference or name the page shows, not its kind);
    its kind stays in `kind`. The stored `id` is dropped: the global id stands for it."""
    nodes = [replace(node, key=ids[node.key], properties={
        **{name: value for name, value in node.properties.items() if name != "id"},
        "label": labels[node.key]}) for node in network.nodes]
    edges = [replace(edge, source=ids[edge.source], target=ids[edge.target],
                     shared=tuple(replace(s, keys=tuple(ids[k] for k in s.keys))
                                  for s in edge.shared))
             for edge in network.edges]
    return Network(nodes=nodes, edges=edges)


def _as_networkx(network: Network) -> nx.MultiGraph:
    graph = nx.MultiGraph()
    for node in network.nodes:
        graph.add_node(node.key, kind=node.kind, degree=node.degree, pagerank=node.pagerank,
                       betweenness=node.betweenness, community=node.community,
                       **node.properties)
    for edge in network.edges:
        dated = {name: at.isoformat() for name, at in (("firstSeen", edge.first_seen),
                                                       ("lastSeen", edge.last_seen)) if at}
        graph.add_edge(edge.source, edge.target, kind=edge.kind, probability=edge.weight,
                       **dated)
    return graph


def to_graphml(network: Network) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(_as_networkx(network), buffer)
    return buffer.getvalue().decode()


def to_cytoscape(network: Network) -> str:
    """Cytoscape.js elements JSON, as `cytoscape({elements: ...})` and Cytoscape desktop read."""
    return json.dumps(nx.cytoscape_data(_as_networkx(network), name="label"), sort_keys=True,
                      default=str)
