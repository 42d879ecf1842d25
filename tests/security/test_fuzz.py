"""Documents generated from the schema itself, sent as a force officer and as an analyst.

Whatever comes back: never a server error, never Python or database internals in an error
message, never the other force's case for the force officer, never a victim's name or email for
the analyst (who may not read contact details).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries
from starlette.testclient import TestClient
from strawberry import relay

from api.app import create_app
from api.schema import schema
from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.api.test_intake import SUBMIT, referral
from tests.conftest import bearer

SDL = schema.as_str()
SETTINGS = ApiSettings(env="test", rate_per_second=10_000, rate_burst=10_000)
DATES = ["2026-11-01T00:00:00Z", "2026-11-20T10:15:00+00:00", "not a date", "1999-12-31"]
INTERNALS = re.compile(
    r"Traceback|File \"[^\"]+\", line \d+|\b[A-Z]\w*(?:Error|Exception)\b|[Nn]eo4j|"
    r"\bMATCH \(|validation errors? for|object has no attribute|NoneType")
LONDON_VICTIM = {"name": "Jo Bloggs", "postcode": "SE1 7PB", "email": "jo@example.org"}
# Analysts may not read contact details: neither victim's name or email, whatever they ask.
CONTACTS = ("Aisha Khan", "aisha@example.org", "Jo Bloggs", "jo@example.org")


def post(client: TestClient, role: Role, force: str | None, query: str,
         **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables},
                           headers=bearer(SETTINGS, role, force))
    assert response.status_code in (200, 400), response.text[:500]
    body: dict[str, Any] = response.json()
    return body


@dataclass(frozen=True)
class World:
    client: TestClient
    documents: st.SearchStrategy[str]
    london: tuple[str, ...]  # what the West Yorkshire officer must never see


def documents(names: list[str]) -> st.SearchStrategy[str]:
    """Queries and mutations whose ids and strings are often the world's real names."""
    def named(anything: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
        return st.one_of(st.sampled_from(names), anything).map(nodes.String)
    scalars = {"ID": named(st.text(max_size=20)), "String": named(st.text(max_size=40)),
               "DateTime": st.sampled_from(DATES).map(nodes.String)}
    return st.one_of(queries(SDL, custom_scalars=scalars), mutations(SDL, custom_scalars=scalars))


@pytest.fixture
def world(clean_graph: Graph, neo4j_settings: Neo4jSettings, nats_url: str) -> Iterator[World]:
    """A case in each force, on one suspect handle."""
    served = SETTINGS.model_copy(update={"nats_url": nats_url})
    with TestClient(create_app(served, neo4j_settings)) as client:
        leeds = post(client, Role.INTAKE, None, SUBMIT, input=referral("TV-LEEDS"))
        london = post(client, Role.INTAKE, None, SUBMIT, input=referral(
            "TV-LONDON", victim=LONDON_VICTIM, platform="TikTok",
            contentUrls=["https://www.tiktok.com/@someone/video/7300000000000000001"]))
        own, other = (body["data"]["submitReport"]["case"] for body in (leeds, london))
        read = post(client, Role.HUB_OFFICER, None,
                    "query($r: String!) { case(reference: $r) { forceCode } }",
                    r=other["reference"])
        assert read["data"]["case"]["forceCode"] == "metropolitan"
        accounts = [relay.to_base64("Account", key) for key in ("x:someone", "tiktok:someone")]
        names = [own["id"], own["reference"], "TV-LEEDS", other["id"], other["reference"],
                 "TV-LONDON", *accounts]
        yield World(client, documents(names), (other["reference"], other["id"], "Jo Bloggs"))


def internals(body: dict[str, Any]) -> list[str]:
    """Error messages that show internals, and errors that are faults rather than refusals."""
    found = []
    for error in body.get("errors") or ():
        extensions = error.get("extensions") or {}
        if INTERNALS.search(error["message"]) or extensions.get("code") == "INTERNAL" \
                or {"exception", "stacktrace"} & set(extensions):
            found.append(json.dumps(error))
    return found


# One world per role: an analyst may merge cases, after which a Leeds case rightly holds what
# was London's, so the officer's world must not be the analyst's playground.
@pytest.mark.parametrize(("role", "force"), [(Role.FORCE_OFFICER, "west-yorkshire"),
                                             (Role.ANALYST, None)])
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_documents_fail_cleanly_and_stay_in_scope(
        world: World, role: Role, force: str | None, data: st.DataObject) -> None:
    document = data.draw(world.documents, label="document")
    body = post(world.client, role, force, document)
    assert not internals(body), internals(body)
    secrets = world.london if role is Role.FORCE_OFFICER else CONTACTS
    returned, errors = json.dumps(body.get("data")), json.dumps(body.get("errors"))
    # An error may quote what the document itself said; data may not.
    leaked = [s for s in secrets if s in returned or (s in errors and s not in document)]
    assert not leaked, json.dumps(body)[:800]
