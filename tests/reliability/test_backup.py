"""`hub backup` and `hub restore` round-trip the local database: every count and the nodes
themselves come back as they were, whatever happened to the database in between."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction
from pydantic import SecretStr

from casework.access import Principal, Role
from casework.intake.service import submit_referral
from graph.driver import Graph, create_driver
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Neo4jSettings
from seeds.reference.load import load_reference_data
from servers.neo4j import LocalServer
from tests.support.servers import TEST_PASSWORD, start_local_server

INTAKE = Principal(subject="test-intake", role=Role.INTAKE)


@pytest.fixture
def backed_up_server() -> Iterator[LocalServer]:
    home = PROJECT_ROOT / "var" / f"test-neo4j-backup-{os.getpid()}"
    server = start_local_server(home)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def hub(server: LocalServer, *arguments: str) -> str:
    """The installed `hub` command, pointed at `server` as its local Neo4j."""
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_BOLT_PORT": str(server.bolt_port),
           "NEO4J_PASSWORD": TEST_PASSWORD, "NEO4J_HEAP": server.heap,
           "NEO4J_PAGECACHE": server.pagecache}
    env.pop("NEO4J_URI", None)
    done = subprocess.run([str(Path(sys.executable).with_name("hub")), *arguments], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


async def snapshot(graph: Graph) -> dict[str, Any]:
    """Counts of every label and relationship type, and every report and case as stored."""
    labels = await graph.rows("MATCH (n) UNWIND labels(n) AS label "
                              "RETURN label, count(*) AS n ORDER BY label")
    relations = await graph.rows("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n "
                                 "ORDER BY type")
    nodes = await graph.rows("MATCH (n) WHERE n:Report OR n:Case OR n:Allocation "
                             "RETURN labels(n) AS labels, properties(n) AS properties "
                             "ORDER BY coalesce(n.truevisionRef, n.reference, n.id)")
    return {"labels": labels, "relations": relations, "nodes": nodes}


async def test_a_backup_restores_every_count_and_node(backed_up_server: LocalServer,
                                                      tmp_path: Path) -> None:
    settings = Neo4jSettings(uri=backed_up_server.uri, password=SecretStr(TEST_PASSWORD))

    async def with_graph(work: Any) -> Any:
        driver = create_driver(settings)
        try:
            return await work(Graph(driver, settings.database))
        finally:
            await driver.close()

    async def populate(graph: Graph) -> dict[str, Any]:
        await migrate(graph)
        await load_reference_data(graph)
        for n in range(5):  # five referrals about three posts
            await submit_referral(graph, {
                "id": f"TV-BACKUP-{n}", "received_at": "2026-11-20T10:15:00+00:00",
                "content_urls": [f"https://x.com/someone/status/179000000000000{n % 3}"],
                "content_text": f"abusive words number {n % 3}",
                "victim": {"name": f"Victim {n}", "postcode": "LS6 2AB"}}, INTAKE)
        return await snapshot(graph)

    before = await with_graph(populate)
    dump = tmp_path / "hub.dump"
    hub(backed_up_server, "backup", str(dump))
    assert dump.stat().st_size > 0

    async def damage(graph: Graph) -> None:
        async def work(tx: AsyncManagedTransaction) -> None:
            await tx.run("MATCH (r:Report) WITH r LIMIT 2 DETACH DELETE r")

        await graph.write(work)

    await with_graph(damage)
    assert await with_graph(snapshot) != before
    hub(backed_up_server, "restore", str(dump))
    assert await with_graph(snapshot) == before
