"""The fields that need a justification are found once per document, the header checked on
every request."""

from __future__ import annotations

from graphql import parse

from api.justification import justified_fields, refusals
from api.schema import schema

DOCUMENT = """query Look { network(around: "Q2FzZTp4") { truncated } ...Ranked }
fragment Ranked on Query { suspects { totalCount } forces { code } }"""


def test_the_fields_needing_a_justification_are_found_once_per_document() -> None:
    found = justified_fields(schema._schema, DOCUMENT, parse(DOCUMENT))
    assert [node.name.value for node in found] == ["network", "suspects"]
    # The same text parsed again (another request) is not walked again.
    assert justified_fields(schema._schema, DOCUMENT, parse(DOCUMENT)) is found
    # The header is each request's own: found once, refused or not each time.
    refused = refusals(found, None)
    assert [(error.extensions or {})["userErrors"][0]["field"] for error in refused] == [
        ["network"], ["suspects"]]
    assert refusals(found, "operation WY/2026/17, a raid on a mosque's page") == []
