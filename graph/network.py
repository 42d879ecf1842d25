"""Perpetrator networks: a bounded breadth-first walk around one node, under the caller's scope.

One query per level fetches the neighbours of the whole frontier, each node's fan-out capped,
so the cost depends on `depth` and `limit`, never on the size of the graph. Case nodes outside
the caller's force are neither returned nor walked through: a force officer cannot reach
another force's case, or what hangs off it, by going round.

Nodes and edges carry the dates the stored data gives them, within the same scope: a node's
first and last referral (for an account, those naming it; for a case, its own; for a suspect,
those naming their accounts; for a victim, those against them), a post's first and last
referral, when an analyst decided an identity link, and when a case relation was found. The
linker's own links are undated: it remakes them on every run, so their time says nothing of
the data, and would change with what other forces' cases brought.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, LiteralString

from graph.driver import Graph
from graph.identity import SCOPED_ACCOUNT, SCOPED_OTHER_ACCOUNT
from graph.pages import Window, by_position

FAN_OUT = 50


@dataclass(frozen=True, slots=True)
class Node:
    """A node the walk reached, with the properties its kind has (the others are None)."""

    kind: str  # Account, Suspect, Case, Platform or Victim
    id: str | None = None  # accounts, suspects, platforms, victims
    reference: str | None = None  # cases
    status: str | None = None
    force: str | None = None
    platform: str | None = None  # accounts
    handle: str | None = None
    display_name: str | None = None
    name: str | None = None  # platforms, victims
    first_seen: datetime | None = None  # its first and last referral in scope
    last_seen: datetime | None = None

    def properties(self) -> dict[str, str]:
        """Its properties by their stored names, and its kind as `label`, as exports show them."""
        named = {"label": self.kind, "id": self.id, "reference": self.reference,
                 "status": self.status, "force": self.force, "platform": self.platform,
                 "handle": self.handle, "displayName": self.display_name, "name": self.name,
                 "firstSeen": _iso(self.first_seen), "lastSeen": _iso(self.last_seen)}
        return {key: value for key, value in named.items() if value is not None}


@dataclass(frozen=True, slots=True)
class Edge:
    """A relation the walk crossed, between two node keys (in sorted order), and its score."""

    source: str
    target: str
    kind: str
    probability: float | None  # for SAME_PERSON and ATTRIBUTED_TO
    first_seen: datetime | None = None
    last_seen: datetime | None = None


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


@dataclass(frozen=True, slots=True)
class Subgraph:
    """What the walk found: nodes by key (`Account:x:someone`), and the edges between them."""

    nodes: dict[str, Node]
    edges: tuple[Edge, ...]


def _node(found: dict[str, Any]) -> Node:
    return Node(kind=found["label"], id=found.get("id"), reference=found.get("reference"),
                status=found.get("status"), force=found.get("force"),
                platform=found.get("platform"), handle=found.get("handle"),
                display_name=found.get("displayName"), name=found.get("name"))


# Each branch returns (from key, to key, edge kind, edge probability, to node properties, and
# the edge's first and last dates).
_NEIGHBOURS: LiteralString = """
UNWIND $frontier AS key
CALL (key) {
  MATCH (a:Account {id: substring(key, 8)}) WHERE key STARTS WITH 'Account:'
  CALL (a) {
    MATCH (a)-[s:SAME_PERSON_AS]-(b:Account)
    WHERE s.status <> 'REJECTED' AND coalesce(s.probability, 1.0) >= $minConfidence
      AND """ + SCOPED_OTHER_ACCOUNT + """
    RETURN 'Account:' + b.id AS to, 'SAME_PERSON' AS kind,
           s.probability AS probability,
           b {.id, .platform, .handle, .displayName, label: 'Account'} AS node,
           s.decidedAt AS first, s.decidedAt AS last
    UNION
    MATCH (a)-[t:ATTRIBUTED_TO]->(p:Suspect)
    RETURN 'Suspect:' + p.id AS to, 'ATTRIBUTED_TO' AS kind, t.probability AS probability,
           p {.id, label: 'Suspect'} AS node, null AS first, null AS last
    UNION
    MATCH (a)<-[:NAMES]-(r:Report)-[:PART_OF]->(c:Case)
    WHERE $scope IS NULL OR c.force = $scope
    RETURN 'Case:' + c.reference AS to, 'POSTED' AS kind, null AS probability,
           c {.reference, .status, .force, label: 'Case'} AS node,
           min(r.receivedAt) AS first, max(r.receivedAt) AS last
    UNION
    MATCH (p:Platform {id: a.platform})
    RETURN 'Platform:' + p.id AS to, 'ON_PLATFORM' AS kind, null AS probability,
           p {.id, .name, label: 'Platform'} AS node, null AS first, null AS last
  }
  RETURN to, kind, probability, node, first, last LIMIT $fanOut
  UNION
  MATCH (c:Case {reference: substring(key, 5)}) WHERE key STARTS WITH 'Case:'
    AND ($scope IS NULL OR c.force = $scope)
  CALL (c) {
    MATCH (c)<-[:PART_OF]-(r:Report)-[:NAMES]->(a:Account)
    RETURN 'Account:' + a.id AS to, 'POSTED' AS kind, null AS probability,
           a {.id, .platform, .handle, .displayName, label: 'Account'} AS node,
           min(r.receivedAt) AS first, max(r.receivedAt) AS last
    UNION
    MATCH (c)<-[:PART_OF]-(r:Report)-[:AGAINST]->(v:Victim)
    RETURN 'Victim:' + coalesce(v.partyKey, v.id) AS to, 'TARGETED' AS kind,
           null AS probability, v {id: coalesce(v.partyKey, v.id), .name, label: 'Victim'} AS node,
           min(r.receivedAt) AS first, max(r.receivedAt) AS last
    UNION
    MATCH (c)-[rel:RELATED_TO]-(other:Case)
    WHERE $scope IS NULL OR other.force = $scope
    RETURN 'Case:' + other.reference AS to, rel.kind AS kind, null AS probability,
           other {.reference, .status, .force, label: 'Case'} AS node, rel.at AS first,
           rel.at AS last
  }
  RETURN to, kind, probability, node, first, last LIMIT $fanOut
  UNION
  MATCH (v:Victim {partyKey: substring(key, 7)}) WHERE key STARTS WITH 'Victim:'
  MATCH (v)<-[:AGAINST]-(r:Report)-[:PART_OF]->(c:Case)
  WHERE $scope IS NULL OR c.force = $scope
  RETURN 'Case:' + c.reference AS to, 'TARGETED' AS kind, null AS probability,
         c {.reference, .status, .force, label: 'Case'} AS node,
         min(r.receivedAt) AS first, max(r.receivedAt) AS last
  LIMIT $fanOut
  UNION
  MATCH (p:Suspect {id: substring(key, 8)}) WHERE key STARTS WITH 'Suspect:'
  MATCH (p)<-[t:ATTRIBUTED_TO]-(a:Account) WHERE """ + SCOPED_ACCOUNT + """
  RETURN 'Account:' + a.id AS to, 'ATTRIBUTED_TO' AS kind, t.probability AS probability,
         a {.id, .platform, .handle, .displayName, label: 'Account'} AS node,
         null AS first, null AS last
  LIMIT $fanOut
}
RETURN key, to, kind, probability, node, first, last
"""

# A node's first and last referral within scope; platforms have none. Every branch gives one
# row per key (an aggregate over nothing is null), so the outer aggregate picks the real one.
_SEEN: LiteralString = """
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (a:Account {id: substring(key, 8)})<-[:NAMES]-(r:Report)-[:PART_OF]->(c:Case)
  WHERE key STARTS WITH 'Account:' AND ($scope IS NULL OR c.force = $scope)
  RETURN min(r.receivedAt) AS first, max(r.receivedAt) AS last
  UNION
  OPTIONAL MATCH (c:Case {reference: substring(key, 5)})<-[:PART_OF]-(r:Report)
  WHERE key STARTS WITH 'Case:'
  RETURN min(r.receivedAt) AS first, max(r.receivedAt) AS last
  UNION
  OPTIONAL MATCH (:Suspect {id: substring(key, 8)})<-[:ATTRIBUTED_TO]-(:Account)
                 <-[:NAMES]-(r:Report)-[:PART_OF]->(c:Case)
  WHERE key STARTS WITH 'Suspect:' AND ($scope IS NULL OR c.force = $scope)
  RETURN min(r.receivedAt) AS first, max(r.receivedAt) AS last
  UNION
  OPTIONAL MATCH (:Victim {partyKey: substring(key, 7)})<-[:AGAINST]-(r:Report)
                 -[:PART_OF]->(c:Case)
  WHERE key STARTS WITH 'Victim:' AND ($scope IS NULL OR c.force = $scope)
  RETURN min(r.receivedAt) AS first, max(r.receivedAt) AS last
}
RETURN key, min(first) AS first, max(last) AS last
"""

_START: LiteralString = """
UNWIND [$key] AS key
OPTIONAL MATCH (a:Account {id: substring(key, 8)}) WHERE key STARTS WITH 'Account:'
  AND """ + SCOPED_ACCOUNT + """
OPTIONAL MATCH (p:Suspect {id: substring(key, 8)}) WHERE key STARTS WITH 'Suspect:'
  AND ($scope IS NULL OR EXISTS { (p)<-[:ATTRIBUTED_TO]-(:Account)<-[:NAMES]-(:Report)
                                  -[:PART_OF]->(:Case {force: $scope}) })
OPTIONAL MATCH (c:Case {reference: substring(key, 5)}) WHERE key STARTS WITH 'Case:'
  AND ($scope IS NULL OR c.force = $scope)
RETURN coalesce(a {.id, .platform, .handle, .displayName, label: 'Account'},
                p {.id, label: 'Suspect'},
                c {.reference, .status, .force, label: 'Case'}) AS node
"""

# Platforms are leaves: walking out of a platform would reach every account on it.
LEAVES = ("Platform:",)


async def neighbourhood(graph: Graph, start: str, depth: int, min_confidence: float,
                        limit: int, scope: str | None) -> Subgraph:
    """Nodes within `depth` steps of `start` (e.g. `Account:x:someone`), at most `limit`."""
    found = await graph.rows(_START, key=start, scope=scope)
    if not found or found[0]["node"] is None:
        return Subgraph(nodes={}, edges=())
    nodes = {start: _node(found[0]["node"])}
    edges: dict[tuple[str, str, str], Edge] = {}
    frontier = [start]
    for _ in range(depth):
        walkable = [key for key in frontier if not key.startswith(LEAVES)]
        if not walkable or len(nodes) >= limit:
            break
        rows = await graph.rows(_NEIGHBOURS, frontier=walkable, scope=scope,
                                minConfidence=min_confidence, fanOut=FAN_OUT)
        frontier = []
        for row in rows:
            to = row["to"]
            if to not in nodes:
                if len(nodes) >= limit:
                    continue
                nodes[to] = _node(row["node"])
                frontier.append(to)
            source, target = sorted((row["key"], to))
            edges[(source, target, row["kind"])] = Edge(source, target, row["kind"],
                                                        row["probability"], row["first"],
                                                        row["last"])
    seen = await graph.rows(_SEEN, keys=list(nodes), scope=scope)
    for row in seen:
        nodes[row["key"]] = replace(nodes[row["key"]], first_seen=row["first"],
                                    last_seen=row["last"])
    return Subgraph(nodes=nodes, edges=tuple(edges.values()))


_SEARCH_FROM: LiteralString = ("MATCH (a:Account) WHERE a.handleKey STARTS WITH $key AND "
                               + SCOPED_ACCOUNT)


async def accounts_by_handle(graph: Graph, key: str, scope: str | None,
                             window: Window[int]) -> tuple[list[dict[str, Any]], int]:
    """Accounts on any platform whose handle key starts with `key` (the account handle index
    answers a prefix), in handle-key order: the rows of `window`, paged by position, and how
    many match in all. A force officer finds only accounts named in their force's cases."""
    total = (await graph.rows(_SEARCH_FROM + " RETURN count(a) AS n", key=key,
                              scope=scope))[0]["n"]
    skip, limit = by_position(window, total)
    rows = await graph.rows(
        _SEARCH_FROM + " WITH a ORDER BY a.handleKey, a.id SKIP $skip LIMIT $limit"
        " OPTIONAL MATCH (a)-[:ATTRIBUTED_TO]->(p:Suspect)"
        " RETURN a {.*, suspect: p.id} AS account",
        key=key, scope=scope, skip=skip, limit=limit)
    return [{**row["account"], "position": skip + n} for n, row in enumerate(rows)], total
