"""A small world of cases, accounts and suspects to walk, and the Relay ids to start from."""

from __future__ import annotations

from typing import Any

import httpx
from strawberry import relay

from api.settings import ApiSettings
from graph.driver import Graph
from tests.support.intake import referral, submit

NETWORK = """
query($around: ID!, $depth: Int) {
  network(around: $around, depth: $depth) {
    truncated graphml cytoscape
    nodes { id kind label platform degree pagerank community }
    edges { source target kind probability reasons }
  }
}
"""


async def build_world(client: httpx.AsyncClient, settings: ApiSettings,
                      graph: Graph) -> dict[str, Any]:
    """Two accounts of one suspect, a raid partner, and a case in another force."""
    leeds = await submit(client, settings, referral(
        "TV-N1", suspectHandles=["@hater_one"], platform="x", contentText="first post words",
        victim={"name": "Aisha Khan", "postcode": "LS6 2AB"}))
    leeds2 = await submit(client, settings, referral(
        "TV-N2", suspectHandles=["@raider"], platform="x", contentText="second, other text",
        contentUrls=["https://x.com/raider/status/1790000000000000099"],
        victim={"name": "Aisha Khan", "postcode": "LS6 2AB"}))
    london = await submit(client, settings, referral(
        "TV-N3", suspectHandles=["hater.one"], platform="tiktok", contentText="third one",
        contentUrls=["https://www.tiktok.com/@hater.one/video/7300000000000000009"],
        victim={"name": "Jo Bloggs", "postcode": "SE1 7PB"}))
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(
            "MATCH (a:Account {id: 'x:haterone'}), (b:Account {id: 'tiktok:haterone'}) "
            "MERGE (a)-[:SAME_PERSON_AS {probability: 0.97, status: 'SUGGESTED'}]->(b) "
            "MERGE (p:Person:Suspect {id: 'suspect-1'}) "
            "MERGE (a)-[:ATTRIBUTED_TO {probability: 0.97}]->(p) "
            "MERGE (b)-[:ATTRIBUTED_TO {probability: 0.97}]->(p)")).consume()
    return {"leeds": leeds["case"], "leeds2": leeds2["case"], "london": london["case"]}


def global_id(kind: str, key: str) -> str:
    return relay.to_base64(kind, key)
