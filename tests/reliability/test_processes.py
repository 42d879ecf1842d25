"""Two API processes on one Neo4j and one NATS behave as one: a subscriber on either hears
every event of its force exactly once, whichever process took the referral in."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import PROJECT_ROOT, Neo4jSettings
from tests.api.test_intake import SUBMIT, referral
from tests.conftest import TEST_PASSWORD, free_port, token

SUBSCRIBE = "subscription { caseEvents { caseReference forceCode kind detail } }"


@contextlib.contextmanager
def hub_serve(neo4j: Neo4jSettings, nats_url: str) -> Iterator[str]:
    """A real `hub serve` process (uvicorn) on a free port; yields its base URL once ready."""
    port = free_port()
    env = {**os.environ, "HUB_ENV": "test", "HUB_PORT": str(port), "NEO4J_URI": neo4j.uri or "",
           "NEO4J_PASSWORD": TEST_PASSWORD, "HUB_NATS_URL": nats_url,
           "HUB_RATE_PER_SECOND": "1000", "HUB_RATE_BURST": "1000"}
    hub = Path(sys.executable).with_name("hub")  # the project's own command, as installed
    process = subprocess.Popen([str(hub), "serve"], env=env,
                               cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("hub serve did not become ready")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


async def listen(base: str, bearer: str, events: list[dict[str, Any]],
                 subscribed: asyncio.Event, enough: int, heard: asyncio.Event) -> None:
    """Subscribe over graphql-transport-ws and collect every event until cancelled; `heard` is
    set once `enough` have come."""
    url = base.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init",
                                  "payload": {"Authorization": f"Bearer {bearer}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe",
                                  "payload": {"query": SUBSCRIBE}}))
        await asyncio.sleep(0.5)  # the subscription is asked for before referrals arrive
        subscribed.set()
        async for message in ws:
            body = json.loads(message)
            if body["type"] == "next":
                events.append(body["payload"]["data"]["caseEvents"])
                if len(events) >= enough:
                    heard.set()


@pytest.mark.usefixtures("clean_graph")
async def test_subscribers_on_either_process_hear_every_event_of_their_force_once(
        graph: Graph, neo4j_settings: Neo4jSettings, nats_url: str,
        api_settings: ApiSettings) -> None:
    officer = token(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    intake = {"Authorization": f"Bearer {token(api_settings, Role.INTAKE)}"}
    # Six referrals, each about a post of its own, alternately to each process: five of West
    # Yorkshire victims, one (the last) of a Metropolitan victim.
    refs = [f"TV-PROC-{n}" for n in range(6)]
    expected = set(refs[:5])
    with hub_serve(neo4j_settings, nats_url) as first, \
            hub_serve(neo4j_settings, nats_url) as second:
        heard: dict[str, list[dict[str, Any]]] = {first: [], second: []}
        ready = {first: asyncio.Event(), second: asyncio.Event()}
        done = {first: asyncio.Event(), second: asyncio.Event()}
        listeners = [asyncio.create_task(listen(base, officer, heard[base], ready[base],
                                                len(expected), done[base]))
                     for base in (first, second)]
        await asyncio.gather(*(event.wait() for event in ready.values()))
        async with httpx.AsyncClient(timeout=30) as http:
            for n, ref in enumerate(refs):
                victim = {"postcode": "SE1 7PB" if n == 5 else "LS6 2AB"}
                payload = referral(ref, victim=victim, contentText=f"words of post {n}",
                                   contentUrls=[f"https://x.com/u{n}/status/17900000000000{n:05d}"])
                answer = await http.post(f"{(first, second)[n % 2]}/graphql", headers=intake,
                                         json={"query": SUBMIT, "variables": {"input": payload}})
                assert answer.json()["data"]["submitReport"]["created"] is True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(event.wait() for event in done.values())),
                                   20)
        await asyncio.sleep(1.0)  # anything arriving late, or twice, would arrive by now
        for task in listeners:
            task.cancel()
    for events in heard.values():
        details = [event["detail"] for event in events]
        assert sorted(details) == sorted(expected)  # each once, the Met case never
        assert {event["forceCode"] for event in events} == {"west-yorkshire"}
        assert {event["kind"] for event in events} == {"REPORT_RECEIVED"}
