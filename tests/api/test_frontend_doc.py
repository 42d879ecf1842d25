"""docs/FRONTEND.md's worked queries, run against the API as a front end would send them, so the
page a front-end team starts from cannot drift from the schema or from what the hub answers."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import PROJECT_ROOT, Neo4jSettings
from tests.support.events import subscribe
from tests.support.intake import SUBMIT, referral, submit
from tests.support.tokens import bearer, token

FRONTEND = PROJECT_ROOT / "docs" / "FRONTEND.md"
BLOCK = re.compile(r"```(graphql|json)\n(.*?)```", re.DOTALL)
OPERATION = re.compile(r"^(query|mutation|subscription) (\w+)")


@dataclass
class Worked:
    """A worked document, its variables, and the answer the page shows, if it shows one."""

    document: str
    variables: dict[str, Any] | None = None
    answer: dict[str, Any] | None = None


def worked() -> dict[str, Worked]:
    """Each ```graphql block by operation name, with the ```json blocks after it: its
    variables, then the answer shown."""
    found: dict[str, Worked] = {}
    current: Worked | None = None
    for language, text in BLOCK.findall(FRONTEND.read_text(encoding="utf-8")):
        if language == "graphql":
            match = OPERATION.match(text)
            assert match, f"a worked document needs an operation name: {text[:40]}"
            current = found[match.group(2)] = Worked(text)
        elif current is not None and current.variables is None:
            current.variables = json.loads(text)
        elif current is not None:
            current.answer = json.loads(text.replace("…", "MESSAGE"))
    return found


def filled(variables: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """The page's placeholders, as the case the test opened."""
    text = json.dumps(variables).replace("<a case's global id>", case["id"])
    return json.loads(re.sub(r"HUB-\d{4}-\d{6}", case["reference"], text))


def without_messages(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "MESSAGE" if k == "message" else without_messages(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_messages(v) for v in value]
    return value


async def run(client: httpx.AsyncClient, settings: ApiSettings, name: str,
              case: dict[str, Any]) -> dict[str, Any]:
    example = worked()[name]
    response = await client.post("/graphql", headers=bearer(settings, Role.HUB_OFFICER), json={
        "query": example.document, "variables": filled(example.variables or {}, case),
        "operationName": name})
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body
    if example.answer is not None:
        assert without_messages(body["data"]) == example.answer["data"]
    return body["data"]  # type: ignore[no-any-return]


def test_the_page_works_each_screen_it_promises() -> None:
    assert set(worked()) == {"CaseList", "CaseSearch", "CaseScreen", "CloseCase", "Nodes",
                             "CaseEvents"}


async def test_the_worked_reads_and_change_answer_as_the_page_says(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    case = (await submit(client, api_settings, referral("TV-FRONTEND-1")))["case"]

    listed = (await run(client, api_settings, "CaseList", case))["cases"]
    assert listed["totalCount"] == 1
    node = listed["edges"][0]["node"]
    assert (node["reference"], node["status"], node["priority"], node["force"]) == (
        case["reference"], "RECEIVED", "NORMAL",
        {"code": "west-yorkshire", "name": "West Yorkshire Police"})
    assert listed["pageInfo"]["hasNextPage"] is False

    found = (await run(client, api_settings, "CaseSearch", case))["cases"]
    assert [edge["node"]["reference"] for edge in found["edges"]] == [case["reference"]]
    assert found["edges"][0]["node"]["updatedAt"] >= found["edges"][0]["node"]["openedAt"]

    shown = (await run(client, api_settings, "CaseScreen", case))["case"]
    assert shown["force"]["code"] == "west-yorkshire"
    assert shown["allocations"][0]["force"] == shown["force"]
    assert [edge["node"]["caseLink"]["method"] for edge in shown["reports"]["edges"]] == [
        "NEW_CASE"]

    await run(client, api_settings, "CloseCase", case)  # refused as the page shows
    nodes = (await run(client, api_settings, "Nodes", case))["nodes"]
    assert nodes == [{"id": case["id"], "reference": case["reference"], "status": "RECEIVED"}]


def test_the_worked_subscription_hears_of_a_new_case(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings) -> None:
    with TestClient(create_app(api_settings, neo4j_settings)) as client, \
            client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        subscribe(ws, token(api_settings, Role.HUB_OFFICER), {
            "query": worked()["CaseEvents"].document, "operationName": "CaseEvents"})
        submitted = client.post("/graphql", headers=bearer(api_settings, Role.INTAKE), json={
            "query": SUBMIT, "variables": {"input": referral("TV-FRONTEND-2")}})
        message = ws.receive_json()
    event = message["payload"]["data"]["caseEvents"]
    assert event["caseReference"] == submitted.json()["data"]["submitReport"]["case"]["reference"]
    assert (event["kind"], event["detail"], event["force"]) == (
        "REPORT_RECEIVED", "TV-FRONTEND-2",
        {"code": "west-yorkshire", "name": "West Yorkshire Police"})
