"""What a receiving force checks in an evidence package: every hash on the page it reads, and
the disclosure logged with its reason."""

from __future__ import annotations

import json

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.content import audit_of
from tests.support.disclosures import GENERATE, POSITIVE, WHY, worked_case
from tests.support.tokens import bearer
from tests.support.workflow import mutate


async def test_the_page_shows_every_hash_of_the_manifest_and_the_disclosure_its_reason(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await worked_case(client, api_settings)
    built = await mutate(client, bearer(api_settings, Role.HUB_OFFICER), GENERATE,
                         caseId=case["id"], linesOfEnquiry=POSITIVE, justification=WHY,
                         recipientForceCode="metropolitan")
    assert built["userErrors"] == []
    manifest = built["package"]["manifest"]
    [captured] = json.loads(built["bundle"])["parts"]["captures"]
    assert captured["sha256"] == case["captureSha256"]
    assert sorted(manifest["parts"]) == sorted(json.loads(built["bundle"])["parts"])
    for digest in [*manifest["parts"].values(), manifest["bundleSha256"]]:
        assert f"<code>{digest}</code>" in built["html"]
    [event] = [e for e in await audit_of(clean_graph, "DISCLOSURE")
               if e["justification"].startswith("evidence package")]
    assert event["recipient"] == "metropolitan"
    assert event["justification"] == f"evidence package: {WHY}"
    assert case["reference"] in event["targets"]
    assert built["package"]["id"] in event["targets"]
