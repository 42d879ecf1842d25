"""Trusted documents over HTTP: sent by id (POST or GET, the GraphQL-over-HTTP way or Apollo's),
run without being parsed or validated again, GET for registered queries only, and
`HUB_TRUSTED_ONLY` refusing anything else."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql.language.parser import Parser

from api.schema import build_schema
from api.settings import ApiSettings
from api.trusted import InvalidDocument, document_id, manifest_of
from bench.graphql_overhead import client as hub
from casework.access import Role
from cli.documents import manifest_text
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.support.intake import referral, submit
from tests.support.tokens import bearer

FORCES = "query Forces { forces { code } }\n"
CASE = "query Case($reference: String!) { case(reference: $reference) { reference status } }\n"
TRANSITION = ("mutation Close($input: TransitionCaseInput!) {\n"
              "  transitionCase(input: $input) { userErrors { code } } }\n")
FREE_TEXT = "{ forces { code name } }"


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest_of([FORCES, CASE, TRANSITION])))
    return path


@pytest.fixture
async def trusting(clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings,
                   manifest: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with hub(api_settings.model_copy(update={"documents": manifest}),
                   neo4j_settings) as http:
        yield http


@pytest.fixture
async def trusted_only(clean_graph: Graph, api_settings: ApiSettings,
                       neo4j_settings: Neo4jSettings,
                       manifest: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with hub(api_settings.model_copy(update={"documents": manifest, "trusted_only": True}),
                   neo4j_settings) as http:
        yield http


def officer(settings: ApiSettings) -> dict[str, str]:
    return bearer(settings, Role.HUB_OFFICER)


def refusal(response: httpx.Response, status: int) -> str:
    """The code of a refused request, which must carry no data."""
    assert response.status_code == status, response.text
    body = response.json()
    assert "data" not in body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


async def test_a_document_sent_by_id_answers_as_its_text_does(
        trusting: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    case = (await submit(trusting, api_settings, referral()))["case"]
    by_text = await trusting.post("/graphql", headers=officer(api_settings), json={
        "query": CASE, "variables": {"reference": case["reference"]}})
    by_id = await trusting.post("/graphql", headers=officer(api_settings), json={
        "documentId": document_id(CASE), "variables": {"reference": case["reference"]}})
    assert by_id.status_code == 200
    assert by_id.json()["data"] == by_text.json()["data"] == {
        "case": {"reference": case["reference"], "status": "RECEIVED"}}


async def test_apollo_persisted_query_hashes_are_understood(
        trusting: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    extensions = {"persistedQuery": {"version": 1,
                                     "sha256Hash": document_id(FORCES).removeprefix("sha256:")}}
    response = await trusting.post("/graphql", headers=officer(api_settings),
                                   json={"extensions": extensions})
    assert response.status_code == 200
    assert {"code": "west-yorkshire"} in response.json()["data"]["forces"]
    # Apollo's second try sends the text with its hash: it runs, as the text would.
    retried = await trusting.post("/graphql", headers=officer(api_settings),
                                  json={"query": FORCES, "extensions": extensions})
    assert retried.json()["data"] == response.json()["data"]


async def test_a_trusted_query_may_come_by_get_and_is_never_stored(
        trusting: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    case = (await submit(trusting, api_settings, referral()))["case"]
    response = await trusting.get("/graphql", headers=officer(api_settings), params={
        "documentId": document_id(CASE),
        "variables": json.dumps({"reference": case["reference"]})})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["case"]["reference"] == case["reference"]
    assert response.headers["cache-control"] == "no-store"


async def test_get_refuses_free_text_and_mutations(
        trusting: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    free = await trusting.get("/graphql", headers=officer(api_settings),
                              params={"query": FREE_TEXT})
    assert refusal(free, 405) == "METHOD_NOT_ALLOWED"
    assert free.headers["allow"] == "POST"
    case = (await submit(trusting, api_settings, referral()))["case"]
    variables = {"input": {"caseId": case["id"], "target": "CLOSED",
                           "outcome": "NO_FURTHER_ACTION", "reason": "by GET"}}
    mutation = await trusting.get("/graphql", headers=officer(api_settings), params={
        "documentId": document_id(TRANSITION), "variables": json.dumps(variables)})
    assert refusal(mutation, 405) == "METHOD_NOT_ALLOWED"
    read = await trusting.post("/graphql", headers=officer(api_settings), json={
        "documentId": document_id(CASE), "variables": {"reference": case["reference"]}})
    assert read.json()["data"]["case"]["status"] == "RECEIVED"  # nothing changed


async def test_an_unknown_document_id_is_refused(
        trusting: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    unknown = document_id("{ forces { name } }")
    for response in (
            await trusting.post("/graphql", headers=officer(api_settings),
                                json={"documentId": unknown}),
            await trusting.get("/graphql", headers=officer(api_settings),
                               params={"documentId": unknown})):
        assert refusal(response, 400) == "PERSISTED_QUERY_NOT_FOUND"
        assert unknown in response.json()["errors"][0]["message"]


async def test_an_id_and_a_different_text_are_refused(
        trusting: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    response = await trusting.post("/graphql", headers=officer(api_settings), json={
        "documentId": document_id(FORCES), "query": FREE_TEXT})
    assert refusal(response, 400) == "BAD_REQUEST"


async def test_trusted_only_mode_runs_registered_documents_and_nothing_else(
        trusted_only: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    free = await trusted_only.post("/graphql", headers=officer(api_settings),
                                   json={"query": FREE_TEXT})
    assert refusal(free, 400) == "TRUSTED_DOCUMENT_REQUIRED"
    by_id = await trusted_only.post("/graphql", headers=officer(api_settings),
                                    json={"documentId": document_id(FORCES)})
    assert by_id.status_code == 200
    assert by_id.json()["data"]["forces"]


async def test_a_trusted_document_still_answers_to_its_caller(
        trusting: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    """Validated once, but what depends on the request is checked every time: the intake
    service may not read a case, whatever document it names."""
    case = (await submit(trusting, api_settings, referral()))["case"]
    response = await trusting.post("/graphql", headers=bearer(api_settings, Role.INTAKE), json={
        "documentId": document_id(CASE), "variables": {"reference": case["reference"]}})
    body = response.json()
    assert body["data"] is None
    assert {error["extensions"]["code"] for error in body["errors"]} == {"FORBIDDEN"}


@contextlib.contextmanager
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """How many documents graphql-core parses and strawberry validates meanwhile."""
    import strawberry.schema.schema as strawberry_schema

    calls = {"parse": 0, "validate": 0}
    parse_document = Parser.parse_document

    def parse(self: Parser) -> Any:
        calls["parse"] += 1
        return parse_document(self)

    validate_document = strawberry_schema.validate

    def validate(*args: Any) -> Any:
        calls["validate"] += 1
        return validate_document(*args)

    monkeypatch.setattr(Parser, "parse_document", parse)
    monkeypatch.setattr(strawberry_schema, "validate", validate)
    yield calls


async def test_a_trusted_document_is_neither_parsed_nor_validated_again(
        clean_graph: Graph, api_settings: ApiSettings, neo4j_settings: Neo4jSettings,
        manifest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No caches: any document not trusted is parsed and validated on every request.
    settings = api_settings.model_copy(update={"documents": manifest, "document_cache": 0})
    async with hub(settings, neo4j_settings) as http:
        with counting(monkeypatch) as calls:
            for _ in range(3):
                response = await http.post("/graphql", headers=officer(api_settings),
                                           json={"documentId": document_id(FORCES)})
                assert response.json()["data"]["forces"]
        assert calls == {"parse": 0, "validate": 0}
        with counting(monkeypatch) as calls:
            await http.post("/graphql", headers=officer(api_settings),
                            json={"query": FREE_TEXT})
        assert calls["parse"] >= 1
        assert calls["validate"] >= 1


def test_a_registered_document_the_schema_refuses_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest_of(["query Old { forces { code oldField } }"])))
    with pytest.raises(InvalidDocument, match="oldField"):
        build_schema(ApiSettings(env="test", documents=path))


def test_a_manifest_entry_under_another_id_stops_the_start(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({document_id(FORCES): FREE_TEXT}))
    with pytest.raises(InvalidDocument, match="not the id of its text"):
        build_schema(ApiSettings(env="test", documents=path))


def test_the_committed_manifest_holds_every_front_end_document() -> None:
    """`make documents` has been run since docs/documents/*.graphql last changed."""
    settings = ApiSettings(env="test")
    assert settings.documents is not None
    assert settings.documents.read_text(encoding="utf-8") == manifest_text()
    assert build_schema(settings).documents.by_id  # and all of them validate
