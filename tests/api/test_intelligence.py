"""Intelligence grading through the API, and where the source's identity is kept."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.disclosures import INTELLIGENCE, RECORD
from tests.support.intake import referral, submit
from tests.support.tokens import bearer
from tests.support.workflow import mutate


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"handlingCode": "PERMITTED"}, "handlingConditions", "CONDITIONS_NEED_CODE_C"),
    ({"sourceEvaluation": None}, "sourceEvaluation", "REQUIRED"),
    ({"intelligenceAssessment": None}, "intelligenceAssessment", "REQUIRED"),
    ({"handlingCode": None}, "handlingCode", "REQUIRED"),
    ({"sanitisedNarrative": "  "}, "sanitisedNarrative", "REQUIRED"),
    ({"sanitisedNarrative": "Write to FATIMA@example.org for more."}, "sanitisedNarrative",
     "SOURCE_IN_NARRATIVE"),
])
async def test_an_ungradable_report_is_refused_and_nothing_is_stored(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph,
        change: dict[str, Any], field: str, code: str) -> None:
    case = (await submit(client, api_settings, referral()))["case"]
    refused = await mutate(client, bearer(api_settings, Role.HUB_OFFICER), RECORD,
                           caseId=case["id"], **{**INTELLIGENCE, **change})
    assert {"field": ["input", field], "code": code} in refused["userErrors"]
    assert refused["report"] is None
    assert await clean_graph.rows("MATCH (i:IntelligenceReport) RETURN i") == []
    assert await clean_graph.rows("MATCH (s:IntelligenceSource) RETURN s") == []


async def test_the_source_is_kept_in_a_node_of_its_own_beside_the_sanitised_report(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = (await submit(client, api_settings, referral()))["case"]
    stored = await mutate(client, bearer(api_settings, Role.HUB_OFFICER), RECORD,
                          caseId=case["id"], **INTELLIGENCE)
    assert stored["userErrors"] == []
    [row] = await clean_graph.rows(
        "MATCH (c:Case {reference: $ref})-[:HAS_INTELLIGENCE]->(i:IntelligenceReport)"
        "-[:FROM_SOURCE]->(s:IntelligenceSource) RETURN i {.*} AS report, s {.*} AS source",
        ref=case["reference"])
    assert row["source"] == INTELLIGENCE["source"]
    assert row["report"]["id"] == stored["report"]["id"]
    held = repr(row["report"])
    assert "Fatima" not in held
    assert "fatima@example.org" not in held
