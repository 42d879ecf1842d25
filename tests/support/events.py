"""Subscribing to live case events as a front end does (graphql-transport-ws)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import WebSocketTestSession


def subscribe(ws: WebSocketTestSession, credentials: str, payload: dict[str, Any]) -> None:
    """Open the connection as a front end does (graphql-transport-ws) and subscribe."""
    ws.send_json({"type": "connection_init",
                  "payload": {"Authorization": f"Bearer {credentials}"}})
    assert ws.receive_json() == {"type": "connection_ack"}
    ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
