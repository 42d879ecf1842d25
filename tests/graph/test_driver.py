"""Writes that cross each other's locks: the deadlock's victim is tried again at once."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable

import pytest
from neo4j import AsyncManagedTransaction

from graph.driver import Graph

_CLAIM = "MATCH (p:Probe {name: $name}) SET p.by = $by"


def _crossing(first: str, second: str, attempts: Counter[str], both_hold_one: asyncio.Barrier
              ) -> Callable[[AsyncManagedTransaction], Awaitable[None]]:
    """A write that locks `first`, waits until the other write has locked its own first, then
    locks `second`: the two cross, and Neo4j ends one of them."""

    async def work(tx: AsyncManagedTransaction) -> None:
        attempts[first] += 1
        await (await tx.run(_CLAIM, name=first, by=first)).consume()
        if attempts[first] == 1:
            await both_hold_one.wait()
        await (await tx.run(_CLAIM, name=second, by=first)).consume()

    return work


async def test_a_deadlocks_victim_is_tried_again_without_the_drivers_second_of_waiting(
        clean_graph: Graph, caplog: pytest.LogCaptureFixture) -> None:
    async def probes(tx: AsyncManagedTransaction) -> None:
        await tx.run("CREATE (:Probe {name: 'a'}), (:Probe {name: 'b'})")

    await clean_graph.write(probes)
    attempts: Counter[str] = Counter()
    both_hold_one = asyncio.Barrier(2)
    with caplog.at_level(logging.WARNING, logger="neo4j"):
        await asyncio.gather(
            clean_graph.write(_crossing("a", "b", attempts, both_hold_one)),
            clean_graph.write(_crossing("b", "a", attempts, both_hold_one)))

    assert sorted(attempts.values()) == [1, 2], "one write was the victim and ran again"
    assert not [r for r in caplog.records if "will be retried" in r.getMessage()], \
        "the driver's own retry (a second's wait first) was not needed"
    rows = await clean_graph.rows("MATCH (p:Probe) RETURN p.by AS by")
    assert len({row["by"] for row in rows}) == 1, "each write landed whole, one after the other"
