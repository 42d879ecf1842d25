"""Case events over graphql-transport-ws: authenticated in connection_init, scoped by force."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.app import create_app
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.api.test_intake import SUBMIT, referral
from tests.conftest import bearer, token

SUBSCRIBE = "subscription { caseEvents { caseReference forceCode kind detail } }"


def submit(client: TestClient, settings: ApiSettings, payload: dict[str, Any]) -> None:
    response = client.post("/graphql", headers=bearer(settings, Role.INTAKE),
                           json={"query": SUBMIT, "variables": {"input": payload}})
    assert response.json()["data"]["submitReport"]["created"] is True


def test_a_force_officer_hears_of_their_own_forces_cases_only(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    with TestClient(create_app(api_settings, neo4j_settings)) as client, \
            client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {
            "Authorization": f"Bearer {token(api_settings, Role.FORCE_OFFICER, 'metropolitan')}"}})
        assert ws.receive_json() == {"type": "connection_ack"}
        ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        submit(client, api_settings, referral("TV-WY"))  # a West Yorkshire victim
        submit(client, api_settings, referral(
            "TV-MET", victim={"postcode": "SE1 7PB"}, contentText="unrelated words",
            contentUrls=["https://www.tiktok.com/@a/video/7300000000000000001"]))
        message = ws.receive_json()
    assert message["type"] == "next"
    event = message["payload"]["data"]["caseEvents"]
    assert event["forceCode"] == "metropolitan"
    assert event["detail"] == "TV-MET"
    assert event["kind"] == "REPORT_RECEIVED"


@pytest.mark.parametrize(("forged", "audited"), [(False, ["test-force_officer"]), (True, [])],
                         ids=["signed-force-officer-of-no-force", "junk"])
def test_a_websocket_without_a_valid_token_is_closed_and_a_signed_one_audited(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings,
        forged: bool, audited: list[str]) -> None:
    credentials = "junk" if forged else token(api_settings, Role.FORCE_OFFICER, "HUB")
    with TestClient(create_app(api_settings, neo4j_settings)) as client:
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init",
                          "payload": {"Authorization": f"Bearer {credentials}"}})
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
        refusals = client.post("/graphql", headers=bearer(api_settings, Role.SUPERVISOR), json={
            "query": "query { auditEvents(action: REFUSAL) { edges { node { actor } } } }"})
    assert closed.value.code == 4403
    assert [edge["node"]["actor"] for edge
            in refusals.json()["data"]["auditEvents"]["edges"]] == audited


def test_the_legacy_graphql_ws_protocol_is_refused(
        api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    with TestClient(create_app(api_settings, neo4j_settings)) as client, \
            pytest.raises(WebSocketDisconnect), \
            client.websocket_connect("/graphql", subprotocols=["graphql-ws"]) as ws:
        ws.receive_json()
