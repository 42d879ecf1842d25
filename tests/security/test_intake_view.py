"""Truevision's sender (INTAKE) gets back the references of what it submitted, and nothing else:
not a case's status, priority, strands or force, nor anyone's details, even of a case it
resubmits, and not by fragments or aliases either."""

from __future__ import annotations

import httpx
import pytest

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.tokens import bearer

ASKING_TOO_MUCH = {
    "status": "case { reference status }",
    "priority-and-strands": "case { priority strands }",
    "force": "case { forceCode }",
    "people": "report { truevisionRef parties { name email } }",
    "by-fragment": "case { ...Facts }",
    "by-alias": "report { id state: strands }",
}


@pytest.mark.parametrize("selection", ASKING_TOO_MUCH.values(), ids=ASKING_TOO_MUCH.keys())
async def test_intake_asking_for_more_than_references_is_refused_and_nothing_is_stored(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph,
        selection: str) -> None:
    document = ("mutation($i: SubmitReportInput!) { submitReport(input: $i) { created "
                + selection + " } }")
    if "...Facts" in selection:
        document += " fragment Facts on Case { status reportCount }"
    body = await gql(client, document, bearer(api_settings, Role.INTAKE), i=referral())
    assert body["data"] is None
    assert {error["extensions"]["code"] for error in body["errors"]} == {"FORBIDDEN"}
    assert all("may not read" in error["message"] for error in body["errors"])
    assert await clean_graph.rows("MATCH (n) WHERE n:Report OR n:Case RETURN n") == []


async def test_resubmitting_another_forces_reference_tells_only_its_references(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    london = referral("TV-LONDON", victim={"name": "Jo Bloggs", "postcode": "SE1 7PB"})
    first = await submit(client, api_settings, london)
    again = await submit(client, api_settings, london)
    assert again == {"created": False, "report": first["report"], "case": first["case"],
                     "userErrors": []}
    assert set(again["case"]) == {"id", "reference"}
    assert set(again["report"]) == {"id", "truevisionRef"}


async def test_other_roles_read_the_case_the_intake_service_may_not(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    case = (await submit(client, api_settings, referral()))["case"]
    body = await gql(client, "query($r: String!) { case(reference: $r) { status priority } }",
                     bearer(api_settings, Role.HUB_OFFICER), r=case["reference"])
    assert body["data"]["case"] == {"status": "RECEIVED", "priority": "NORMAL"}
