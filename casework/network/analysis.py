"""Perpetrator network analysis for analysts: who is central, who acts together.

Pure functions over a small subgraph (hundreds of nodes, already bounded by the graph walk), so
igraph computes centrality and communities in milliseconds (networkx writes the exports).
Co-offending edges are derived here from what the walk found: two accounts that posted in
cases targeting the same victim, or in cases related as one raid. A co-offending edge keeps what
it rests on (the victim, or the two cases) and spans the dates of the posts it rests on.
"""

from __future__ import annotations

import io
import json
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import combinations

import igraph as ig
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


Span = tuple[datetime | None, datetime | None]


def _span(posts: Iterable[NetworkEdge]) -> Span:
    firsts = [p.first_seen for p in posts if p.first_seen is not None]
    lasts = [p.last_seen for p in posts if p.last_seen is not None]
    return min(firsts, default=None), max(lasts, default=None)


def _widest(one: Span, other: Span) -> Span:
    firsts = [at for at in (one[0], other[0]) if at is not None]
    lasts = [at for at in (one[1], other[1]) if at is not None]
    return min(firsts, default=None), max(lasts, default=None)


def co_offending(edges: list[NetworkEdge]) -> list[NetworkEdge]:
    """Account pairs linked through a shared victim or a raid between their cases, dated from
    the first to the last of the pair's posts in those cases.

    A victim many cases target makes a pair of every two of their accounts, so each account's
    posts in a group's cases are spanned once, and a pair only widens its span by two spans."""
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
    spans: dict[tuple[str, str], Span] = {}
    for shared, cases in groups:
        posts: dict[str, list[NetworkEdge]] = defaultdict(list)
        for case in cases:
            for account, post in posted[case].items():
                posts[account].append(post)
        own = {account: _span(made) for account, made in posts.items()}
        for pair in combinations(sorted(own), 2):
            found[pair].append(shared)
            spans[pair] = _widest(_widest(own[pair[0]], own[pair[1]]),
                                  spans.get(pair, (None, None)))
    derived = []
    for (a, b), grounds in sorted(found.items()):
        first, last = spans[(a, b)]
        derived.append(NetworkEdge(a, b, "CO_OFFENDING", shared=tuple(grounds), first_seen=first,
                                   last_seen=last))
    return derived


def analyse(nodes: Mapping[str, Mapping[str, str]], edges: list[NetworkEdge]) -> Network:
    """Degree, PageRank, betweenness and Louvain community for every node.

    Computed by igraph, in C: networkx, in Python, spent tens of milliseconds on a network of
    200 nodes, and seconds where co-offending around a shared victim makes a dense one, which
    was most of what a deep `network` read cost. Two relations between one pair of nodes are
    one link (the later one's weight), as they were under networkx.
    """
    everything = edges + co_offending(edges)
    keys = list(dict.fromkeys([*nodes, *(k for e in everything for k in (e.source, e.target))]))
    index = {key: n for n, key in enumerate(keys)}
    links: dict[tuple[int, int], float] = {}
    for edge in everything:
        a, b = index[edge.source], index[edge.target]
        links[(a, b) if a < b else (b, a)] = edge.weight
    graph = ig.Graph(n=len(keys), edges=list(links))
    weights = list(links.values())
    pagerank = graph.pagerank(weights=weights, directed=False) if links else [0.0] * len(keys)
    betweenness = [value * 2 / ((len(keys) - 1) * (len(keys) - 2))
                   for value in graph.betweenness(directed=False)] if len(keys) > 2 else []
    community_of = _communities(graph, weights, keys)
    degree = graph.degree()
    network_nodes = [
        NetworkNode(key=key, kind=key.split(":", 1)[0], properties=props,
                    degree=degree[index[key]], pagerank=round(pagerank[index[key]], 6),
                    betweenness=round(betweenness[index[key]], 6) if betweenness else 0.0,
                    community=community_of[key])
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


def _communities(graph: ig.Graph, weights: list[float], keys: list[str]) -> dict[str, int]:
    """Louvain communities, numbered largest first (then by their first key). The method visits
    nodes in a random order: a generator seeded alike on every call makes one network's
    communities the same on every read. (igraph takes its generator process-wide; `analyse`
    never awaits, so nothing else runs while it is swapped.)"""
    ig.set_random_number_generator(random.Random(1))
    try:
        membership = graph.community_multilevel(weights=weights or None).membership
    finally:
        ig.set_random_number_generator(random)
    groups: dict[int, list[str]] = defaultdict(list)
    for key, group in zip(keys, membership, strict=True):
        groups[group].append(key)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), min(members)))
    return {key: number for number, members in enumerate(ordered) for key in members}


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
