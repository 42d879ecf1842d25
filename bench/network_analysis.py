"""The network analysis in igraph against the networkx version it replaced, in one process.

`casework.network.analysis.analyse` computes degree, PageRank, betweenness and Louvain
communities for the network `network(...)` returns. It used networkx (pure Python), which
spent seconds on a dense 200-node network; it now uses igraph (C). `networkx_analysis` below is
the replaced computation, kept here as the baseline. The networks are generated: cases posted
in by accounts (two cases each) and targeting victims, so that co-offending around a shared
victim makes them dense, as a raid does. Run:

    .venv/bin/python -m bench.network_analysis --repeat 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Mapping

import networkx as nx

from casework.network.analysis import NetworkEdge, analyse, co_offending

Nodes = Mapping[str, Mapping[str, str]]
# (cases, accounts, victims): fewer victims than cases share them, which densifies co-offending.
SHAPES = ((60, 130, 10), (100, 90, 30), (100, 99, 100))


def networkx_analysis(nodes: Nodes, edges: list[NetworkEdge]) -> None:
    """The three measures as `analyse` computed them with networkx before igraph."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for edge in edges + co_offending(edges):
        graph.add_edge(edge.source, edge.target, weight=edge.weight)
    if graph.number_of_edges():
        nx.pagerank(graph, weight="weight")
    if len(graph) > 2:
        nx.betweenness_centrality(graph, normalized=True)
    nx.community.louvain_communities(graph, weight="weight", seed=1)


def generated(cases: int, accounts: int, victims: int,
              rnd: random.Random) -> tuple[Nodes, list[NetworkEdge]]:
    case_keys = [f"Case:C{n}" for n in range(cases)]
    account_keys = [f"Account:a{n}" for n in range(accounts)]
    victim_keys = [f"Victim:v{n}" for n in range(victims)]
    nodes = {key: {"label": key.split(":")[0]}
             for key in case_keys + account_keys + victim_keys}
    edges = [NetworkEdge(account, case, "POSTED")
             for account in account_keys for case in rnd.sample(case_keys, 2)]
    edges += [NetworkEdge(case, rnd.choice(victim_keys), "TARGETED") for case in case_keys]
    return nodes, edges


def median_ms(repeat: int, run: Callable[[Nodes, list[NetworkEdge]], object], nodes: Nodes,
              edges: list[NetworkEdge]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(nodes, edges)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    print("| nodes | edges with co-offending | networkx ms | igraph ms | ratio |")
    print("|---|---|---|---|---|")
    for shape in SHAPES:
        nodes, edges = generated(*shape, rnd)
        edge_count = len(analyse(nodes, edges).edges)
        before = median_ms(args.repeat, networkx_analysis, nodes, edges)
        after = median_ms(args.repeat, analyse, nodes, edges)
        print(f"| {len(nodes)} | {edge_count} | {before:.0f} | {after:.0f} | "
              f"{before / after:.1f}x |")


if __name__ == "__main__":
    main()
