"""Making the audit log refuse an entry (a real uniqueness constraint), and reading it as a
supervisor."""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.tokens import bearer


async def block_audit_events(graph: Graph, key: str, value: str) -> None:
    """Make the next audit event clash with a real uniqueness constraint in Neo4j."""
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(
            f"CREATE CONSTRAINT audit_blocker IF NOT EXISTS FOR (e:AuditEvent) "
            f"REQUIRE e.{key} IS UNIQUE")).consume()
        await (await session.run(
            f"CREATE (:AuditEvent {{id: 'blocker', {key}: $value}})", value=value)).consume()


async def unblock_audit(graph: Graph) -> None:
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run("DROP CONSTRAINT audit_blocker IF EXISTS")).consume()


async def log_read_by_supervisor(client: httpx.AsyncClient, settings: ApiSettings,
                                 action: str) -> list[dict[str, Any]]:
    """The entries of one kind, oldest first, as a supervisor reads them through GraphQL."""
    body = await gql(client, f"""query Review {{ auditEvents(action: {action}) {{ edges {{ node {{
        actor role force targets justification operation reason }} }} }} }}""",
                     bearer(settings, Role.SUPERVISOR))
    return [edge["node"] for edge in reversed(body["data"]["auditEvents"]["edges"])]
