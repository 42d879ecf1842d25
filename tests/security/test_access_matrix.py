"""A force officer of West Yorkshire, against a Metropolitan case, through every root field.

The matrix enumerates the schema's root fields, so a field added later without an entry here
fails this test until someone decides how it is scoped.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from strawberry import relay

from api.schema import schema
from api.settings import ApiSettings
from casework.access import Role
from tests.api.test_access import two_forces_cases
from tests.conftest import bearer
from tests.graphql import gql

# Root field -> (query, variables builder). {other} is the other force's case reference.
QUERIES: dict[str, tuple[str, Any]] = {
    "node": ("query($id: ID!) { node(id: $id) { id ... on Case { reference } } }",
             lambda c: {"id": c["id"]}),
    "case": ("query($r: String!) { case(reference: $r) { reference reportCount } }",
             lambda c: {"r": c["reference"]}),
    "cases": ("query { cases(first: 100) { totalCount edges { node { reference } } } }",
              lambda c: {}),
    "report": ("query { report(truevisionRef: \"TV-LONDON\") { truevisionRef } }",
               lambda c: {}),
    "forces": ("query { forces { code } }", lambda c: {}),
    "platforms": ("query { platforms { id } }", lambda c: {}),
    "network": ("query($id: ID!) { network(around: $id, depth: 3) { nodes { label } } }",
                lambda c: {"id": c["id"]}),
    "suspects": ("query { suspects { totalCount edges { node { cases victims } } } }",
                 lambda c: {}),
    "returnedAfterBan": ("query { returnedAfterBan { suspectId } }", lambda c: {}),
    "statistics": ("query { statistics(by: FORCE) { key reports cases } }", lambda c: {}),
    "alerts": ("query { alerts { kind detail } }", lambda c: {}),
    "timeToAllocation": ("query { timeToAllocation { count } }", lambda c: {}),
    "auditEvents": ("query { auditEvents { totalCount } }", lambda c: {}),
}
REFERENCE = {"forces", "platforms"}
MUTATIONS: dict[str, tuple[str, Any]] = {
    "submitReport": ("mutation { submitReport(input: {truevisionRef: \"TV-X\", narrative: \"x\"})"
                     " { created } }", lambda c: {}),
    "mergeCases": ("mutation($a: ID!, $b: ID!) { mergeCases(input: {targetId: $a, sourceId: $b,"
                   " reason: \"long enough reason\"}) { movedTruevisionRefs } }",
                   lambda c: {"a": c["id"], "b": c["id"]}),
    "splitReport": ("mutation { splitReport(input: {truevisionRef: \"TV-LONDON\", reason: "
                    "\"long enough reason\"}) { newCaseReference } }", lambda c: {}),
    "decideSamePerson": ("mutation($a: ID!) { decideSamePerson(input: {accountId: $a, "
                         "otherAccountId: $a, samePerson: true, reason: \"long enough\"}) "
                         "{ status } }", lambda c: {"a": relay.to_base64("Account", "x:a")}),
    "recordAccountBan": ("mutation($a: ID!) { recordAccountBan(input: {accountId: $a, bannedAt: "
                         "\"2026-01-01T00:00:00Z\", source: \"s\"}) { recorded } }",
                         lambda c: {"a": relay.to_base64("Account", "tiktok:a")}),
}


def root_fields(kind: str) -> set[str]:
    root = getattr(schema._schema, f"{kind}_type")
    return set(root.fields) if root else set()


def test_every_root_field_is_in_the_matrix() -> None:
    assert root_fields("query") == set(QUERIES)
    assert root_fields("mutation") == set(MUTATIONS)


async def test_nothing_of_another_force_leaks_through_any_field(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    _, london = await two_forces_cases(client, api_settings)
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    secrets = (london["reference"], "TV-LONDON", "SE1")
    for name, (query, variables) in {**QUERIES, **MUTATIONS}.items():
        body = await gql(client, query, officer, **variables(london))
        text = json.dumps(body)
        # Reference data names every force; anything else must not name the other force.
        hints = secrets if name in REFERENCE else (*secrets, "metropolitan")
        leaked = [s for s in hints if s in text]
        assert not leaked, f"{name} leaks {leaked}: {text[:300]}"
    counted = await gql(client, QUERIES["cases"][0], officer)
    assert counted["data"]["cases"]["totalCount"] == 1
