"""Case events over graphql-transport-ws: authenticated in connection_init, scoped by force."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from nats.js.api import ConsumerInfo
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.app import create_app
from api.events import STREAM, LiveEvents, encode, subject
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.events import OutboxEvent
from graph.settings import Neo4jSettings
from tests.support.events import subscribe
from tests.support.intake import SUBMIT, referral
from tests.support.tokens import bearer, token

SUBSCRIBE = "subscription { caseEvents { caseReference forceCode kind detail } }"


def submit(client: TestClient, settings: ApiSettings, payload: dict[str, Any]) -> None:
    response = client.post("/graphql", headers=bearer(settings, Role.INTAKE),
                           json={"query": SUBMIT, "variables": {"input": payload}})
    assert response.json()["data"]["submitReport"]["created"] is True


def test_a_force_officer_hears_of_their_own_forces_cases_only(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    with TestClient(create_app(api_settings, neo4j_settings)) as client, \
            client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        subscribe(ws, token(api_settings, Role.FORCE_OFFICER, "metropolitan"),
                  {"query": SUBSCRIBE})
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


async def consumers(events: LiveEvents, wanted: str) -> list[ConsumerInfo]:
    return [consumer for consumer in await events.jetstream.consumers_info(STREAM)
            if consumer.config.filter_subject == wanted]


async def test_the_broker_queues_a_force_officer_only_their_forces_events(
        graph: Graph, nats_url: str) -> None:
    """Filtered before queueing: the subscriber's consumer is bound to its force's subject,
    so another force's event is never delivered to it, not merely dropped on arrival."""
    events = LiveEvents(nats_url, graph)
    await events.start()
    try:
        heard = events.subscribe("west-yorkshire")
        first = asyncio.ensure_future(anext(heard))
        for _ in range(600):  # the subscription asks the broker for its consumer
            if await consumers(events, "hub.events.west-yorkshire.>"):
                break
            await asyncio.sleep(0.05)
        at = datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
        for reference, force in (("HUB-2026-000001", "metropolitan"),
                                 ("HUB-2026-000002", "west-yorkshire")):
            published = OutboxEvent(str(uuid.uuid4()), reference, force, "ASSESSED", at, "x")
            await events.jetstream.publish(subject(force, published.kind), encode(published))
        event = await asyncio.wait_for(first, 30)
        [consumer] = await consumers(events, "hub.events.west-yorkshire.>")
        await heard.aclose()
    finally:
        await events.stop()
    assert event.case_reference == "HUB-2026-000002"
    assert consumer.delivered.consumer_seq == 1  # the Metropolitan event never reached it


def test_each_push_is_logged_per_subscriber_with_the_case_and_operation(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    """Two subscribers hear one Metropolitan case: each push is a consultation of that case
    by that subscriber, read back through the audit log as a supervisor."""
    named = "subscription Watching { caseEvents { caseReference } }"
    with TestClient(create_app(api_settings, neo4j_settings)) as client, \
            client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as met, \
            client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as hub:
        for ws, role, force, document in ((met, Role.FORCE_OFFICER, "metropolitan", named),
                                          (hub, Role.HUB_OFFICER, None, SUBSCRIBE)):
            ws.send_json({"type": "connection_init", "payload": {
                "Authorization": f"Bearer {token(api_settings, role, force)}"}})
            assert ws.receive_json() == {"type": "connection_ack"}
            ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": document}})
        submit(client, api_settings, referral(
            "TV-MET", victim={"postcode": "SE1 7PB"},
            contentUrls=["https://www.tiktok.com/@a/video/7300000000000000001"]))
        pushed = {ws.receive_json()["payload"]["data"]["caseEvents"]["caseReference"]
                  for ws in (met, hub)}
        log = client.post("/graphql", headers=bearer(api_settings, Role.SUPERVISOR), json={
            "query": "query { auditEvents(action: CONSULTATION) { edges { node { actor "
                     "targets operation } } } }"}).json()
    [reference] = pushed
    entries = sorted((edge["node"]["actor"], edge["node"]["targets"], edge["node"]["operation"])
                     for edge in log["data"]["auditEvents"]["edges"])
    assert entries[0] == ("test-force_officer", [reference], "Watching")
    assert entries[1][:2] == ("test-hub_officer", [reference])
    assert entries[1][2].startswith("anonymous:sha256:")
