"""Perpetrator networks: a bounded breadth-first walk around one node, under the caller's scope.

One query per level fetches the neighbours of the whole frontier, each node's fan-out capped,
so the cost depends on `depth` and `limit`, never on the size of the graph. Case nodes outside
the caller's force are neither returned nor walked through: a force officer cannot reach
another force's case, or what hangs off it, by going round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString

from graph.driver import Graph
from graph.identity import SCOPED_ACCOUNT, SCOPED_OTHER_ACCOUNT

FAN_OUT = 50


@dataclass
class Subgraph:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)


# Each branch returns (from key, to key, edge kind, edge properties, to node properties).
_NEIGHBOURS: LiteralString = """
UNWIND $frontier AS key
CALL (key) {
  MATCH (a:Account {id: substring(key, 8)}) WHERE key STARTS WITH 'Account:'
  CALL (a) {
    MATCH (a)-[s:SAME_PERSON_AS]-(b:Account)
    WHERE s.status <> 'REJECTED' AND coalesce(s.probability, 1.0) >= $minConfidence
      AND """ + SCOPED_OTHER_ACCOUNT + """
    RETURN 'Account:' + b.id AS to, 'SAME_PERSON' AS kind,
           {probability: s.probability, status: s.status} AS props,
           b {.id, .platform, .handle, .displayName, label: 'Account'} AS node
    UNION
    MATCH (a)-[t:ATTRIBUTED_TO]->(p:Suspect)
    RETURN 'Suspect:' + p.id AS to, 'ATTRIBUTED_TO' AS kind, {probability: t.probability} AS props,
           p {.id, label: 'Suspect'} AS node
    UNION
    MATCH (a)<-[:NAMES]-(:Report)-[:PART_OF]->(c:Case)
    WHERE $scope IS NULL OR c.force = $scope
    RETURN DISTINCT 'Case:' + c.reference AS to, 'POSTED' AS kind, {} AS props,
           c {.reference, .status, .force, label: 'Case'} AS node
    UNION
    MATCH (p:Platform {id: a.platform})
    RETURN 'Platform:' + p.id AS to, 'ON_PLATFORM' AS kind, {} AS props,
           p {.id, .name, label: 'Platform'} AS node
  }
  RETURN to, kind, props, node LIMIT $fanOut
  UNION
  MATCH (c:Case {reference: substring(key, 5)}) WHERE key STARTS WITH 'Case:'
    AND ($scope IS NULL OR c.force = $scope)
  CALL (c) {
    MATCH (c)<-[:PART_OF]-(:Report)-[:NAMES]->(a:Account)
    RETURN DISTINCT 'Account:' + a.id AS to, 'POSTED' AS kind, {} AS props,
           a {.id, .platform, .handle, .displayName, label: 'Account'} AS node
    UNION
    MATCH (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(v:Victim)
    RETURN DISTINCT 'Victim:' + coalesce(v.partyKey, v.id) AS to, 'TARGETED' AS kind,
           {} AS props, v {id: coalesce(v.partyKey, v.id), .name, label: 'Victim'} AS node
    UNION
    MATCH (c)-[rel:RELATED_TO]-(other:Case)
    WHERE $scope IS NULL OR other.force = $scope
    RETURN 'Case:' + other.reference AS to, rel.kind AS kind, {} AS props,
           other {.reference, .status, .force, label: 'Case'} AS node
  }
  RETURN to, kind, props, node LIMIT $fanOut
  UNION
  MATCH (v:Victim {partyKey: substring(key, 7)}) WHERE key STARTS WITH 'Victim:'
  MATCH (v)<-[:AGAINST]-(:Report)-[:PART_OF]->(c:Case)
  WHERE $scope IS NULL OR c.force = $scope
  RETURN DISTINCT 'Case:' + c.reference AS to, 'TARGETED' AS kind, {} AS props,
         c {.reference, .status, .force, label: 'Case'} AS node
  LIMIT $fanOut
  UNION
  MATCH (p:Suspect {id: substring(key, 8)}) WHERE key STARTS WITH 'Suspect:'
  MATCH (p)<-[t:ATTRIBUTED_TO]-(a:Account) WHERE """ + SCOPED_ACCOUNT + """
  RETURN 'Account:' + a.id AS to, 'ATTRIBUTED_TO' AS kind, {probability: t.probability} AS props,
         a {.id, .platform, .handle, .displayName, label: 'Account'} AS node
  LIMIT $fanOut
}
RETURN key, to, kind, props, node
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
    sub = Subgraph()
    if not found or found[0]["node"] is None:
        return sub
    sub.nodes[start] = found[0]["node"]
    frontier = [start]
    for _ in range(depth):
        walkable = [key for key in frontier if not key.startswith(LEAVES)]
        if not walkable or len(sub.nodes) >= limit:
            break
        rows = await graph.rows(_NEIGHBOURS, frontier=walkable, scope=scope,
                                minConfidence=min_confidence, fanOut=FAN_OUT)
        frontier = []
        for row in rows:
            to = row["to"]
            if to not in sub.nodes:
                if len(sub.nodes) >= limit:
                    continue
                sub.nodes[to] = row["node"]
                frontier.append(to)
            pair = tuple(sorted((row["key"], to)))
            sub.edges[(pair[0], pair[1], row["kind"])] = row["props"]
    return sub
