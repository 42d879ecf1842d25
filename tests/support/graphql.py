"""Posting GraphQL as a front end would: over HTTP, with a bearer token."""

from __future__ import annotations

from typing import Any

import httpx


async def gql(client: httpx.AsyncClient, query: str, headers: dict[str, str],
              **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables},
                                 headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
