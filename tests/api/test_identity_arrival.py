"""Suspect accounts are linked as they arrive, from their stored keys, with the evidence."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import httpx
import pytest

from api.settings import ApiSettings
from casework.identity.service import (
    account_id,
    link_on_arrival,
    load_account_records,
    relink_accounts,
)
from graph.driver import Graph
from linking.accounts import THRESHOLD
from linking.normalise.handles import handle_key
from seeds.demo.generator import generate_world
from tests.support.intake import referral, submit


@pytest.fixture
async def trained(clean_graph: Graph) -> list[dict[str, Any]]:
    """Platform disclosures for a generated population, linked once so a model exists."""
    records = [record for record, _ in generate_world(seed=21, referrals=50,
                                                      accounts=2000).accounts()]
    await load_account_records(clean_graph, records)
    await relink_accounts(clean_graph)
    return records


async def links_of(graph: Graph, account: str) -> list[dict[str, Any]]:
    return await graph.rows(
        "MATCH (:Account {id: $id})-[s:SAME_PERSON_AS]-(b:Account) "
        "RETURN b.id AS other, s.status AS status, s.method AS method, "
        "s.probability AS probability, s.evidence AS evidence", id=account)


async def suspect_of(graph: Graph, account: str) -> str | None:
    rows = await graph.rows("MATCH (:Account {id: $id})-[:ATTRIBUTED_TO]->(p:Suspect) "
                            "RETURN p.id AS id", id=account)
    return rows[0]["id"] if rows else None


async def test_a_handle_named_on_another_platform_is_suggested_with_its_evidence(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph,
        trained: list[dict[str, Any]]) -> None:
    keys = Counter(handle_key(r.get("handle", "")) for r in trained)
    known = next(r for r in trained if r["platform"] == "tiktok"
                 and keys[handle_key(r.get("handle", ""))] == 1 and len(r.get("handle", "")) > 8)
    await submit(client, api_settings, referral(
        "TV-ARRIVE", platform="Instagram", suspectHandles=[f"@{known['handle']}"],
        contentUrls=[]))
    arrived = account_id("instagram", known["handle"])
    [link] = [row for row in await links_of(clean_graph, arrived)
              if row["method"] == "ARRIVAL"]
    assert link["status"] == "SUGGESTED"
    assert link["probability"] >= 0.5
    evidence = {e["feature"]: e["value"] for e in json.loads(link["evidence"])}
    assert evidence["handle"] == "same username"
    # A numbered username nobody else carries may be decisive on its own: attributed only when
    # the batch linker would link it too.
    attributed = await suspect_of(clean_graph, arrived)
    if link["probability"] >= THRESHOLD:
        assert attributed == await suspect_of(clean_graph,
                                              account_id("tiktok", known["handle"]))
    else:
        assert attributed is None


async def test_a_handle_nobody_has_links_to_no_one(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph,
        trained: list[dict[str, Any]]) -> None:
    await submit(client, api_settings, referral(
        "TV-NOBODY", platform="Instagram", suspectHandles=["@zq_no_such_person_7731"]))
    assert await links_of(clean_graph, "instagram:zqnosuchperson7731") == []


async def test_a_disclosure_sharing_an_email_joins_the_suspect_of_its_match(
        clean_graph: Graph, trained: list[dict[str, Any]]) -> None:
    known = next(r for r in trained if r.get("email") and r.get("display_name"))
    await load_account_records(clean_graph, [{
        "id": "disclosure-1", "platform": "youtube", "handle": "totally_new_name_1",
        "display_name": known["display_name"], "email": known["email"].upper()}])
    arrived = account_id("youtube", "totally_new_name_1")
    link, *_others_of_that_person = await link_on_arrival(clean_graph, arrived, "test")
    assert link.probability >= 0.95
    assert {e.feature for e in link.evidence if e.weight > 0} >= {"email"}
    matched = link.left if link.right == arrived else link.right
    assert await suspect_of(clean_graph, arrived) == await suspect_of(clean_graph, matched)
    assert await suspect_of(clean_graph, arrived) is not None


async def test_nothing_is_linked_before_a_model_has_been_trained(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await submit(client, api_settings, referral("TV-A1", platform="x",
                                                suspectHandles=["@rare_handle_4411"]))
    await submit(client, api_settings, referral("TV-A2", platform="tiktok",
                                                suspectHandles=["@rare_handle_4411"],
                                                contentUrls=[]))
    assert await links_of(clean_graph, "tiktok:rarehandle4411") == []
