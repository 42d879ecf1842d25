"""Documents are parsed and validated once (api.documents), yet every request is still judged:
a cached document is refused when a request's variables make it too costly, and a refused
document is refused every time it comes back, whoever sent it before."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import parse
from graphql.utilities import get_operation_ast
from strawberry.extensions import ParserCache

from api.documents import CachedValidation
from api.limits import MAX_QUERY_COST, CostCache
from api.schema import schema
from api.settings import ApiSettings
from api.trusted import TrustedDocuments
from casework.access import Role
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.limits import NESTED, NESTED_BY_DEFAULTS, audited
from tests.support.tokens import bearer

# Deeper than the limit of 10 (the limiter counts fields that select), one row a page: deep,
# not costly.
TOO_DEEP = ('{ report(truevisionRef: "TV-1") { case '
            + "{ reports(first: 1) { edges { node { case " * 3 + "{ reference }" + " } } } }" * 3
            + " } }")
TOO_MANY_ALIASES = "{ " + " ".join(f"f{n}: forces {{ code }}" for n in range(16)) + " }"
TOO_MANY_TOKENS = "{ forces { " + "code " * 2_000 + "} }"
UNKNOWN_FIELD = "{ forces { codez } }"
REFUSED_EVERY_TIME = {
    "too-deep": (TOO_DEEP, "exceeds maximum operation depth of 10"),
    "too-many-aliases": (TOO_MANY_ALIASES, "16 aliases found. Allowed: 15"),
    "too-many-tokens": (TOO_MANY_TOKENS, "Document contains more than 2000 tokens"),
    "does-not-validate": (UNKNOWN_FIELD, "Cannot query field 'codez'"),
    "too-costly": (NESTED, f"exceeds the limit of {MAX_QUERY_COST}"),
}


def parsed_from_cache(settings: ApiSettings) -> int:
    return int(ParserCache(settings.document_cache).cached_parse_document.cache_info().hits)


def validated_from_cache(settings: ApiSettings) -> int:
    return int(CachedValidation(TrustedDocuments(None, trusted_only=False),
                                settings.document_cache).cached_validate_document
               .cache_info().hits)


async def test_a_cached_document_is_refused_when_its_variables_make_it_too_costly(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    await submit(client, api_settings, referral())
    hub = bearer(api_settings, Role.HUB_OFFICER)
    small = await gql(client, NESTED_BY_DEFAULTS, hub, n=2)
    assert small["data"]["cases"]["edges"], small
    consultations = await audited(client, api_settings)
    parsed = parsed_from_cache(api_settings)

    costly = await gql(client, NESTED_BY_DEFAULTS, hub, n=100)

    assert parsed_from_cache(api_settings) > parsed  # the document came from the cache
    assert costly["data"] is None
    assert [error["extensions"]["code"] for error in costly["errors"]] == ["QUERY_TOO_COSTLY"]
    assert await audited(client, api_settings) == consultations  # and nothing was read
    validated = validated_from_cache(api_settings)
    again = await gql(client, NESTED_BY_DEFAULTS, hub, n=2)
    assert again["data"] == small["data"]
    assert validated_from_cache(api_settings) > validated


def test_a_cost_from_the_cache_is_the_cost_of_the_page_sizes_asked_for() -> None:
    costs = CostCache(maxsize=4)
    document = parse(NESTED_BY_DEFAULTS)
    operation = get_operation_ast(document)
    assert operation is not None

    def cost(**variables: Any) -> int:
        return costs.cost(schema._schema, NESTED_BY_DEFAULTS, document, operation, variables)

    costly = cost()  # the declared default: pages of 100
    assert cost() == costly > MAX_QUERY_COST  # from the cache, and refused again
    assert costs.hits == 1
    assert cost(n=100, reference="anything") == costly  # other variables change nothing
    assert costs.hits == 2
    assert cost(n=2) < MAX_QUERY_COST  # smaller pages, counted afresh
    assert cost(n=100) == costly
    assert costs.hits == 3


@pytest.mark.parametrize(("document", "refusal"), REFUSED_EVERY_TIME.values(),
                         ids=REFUSED_EVERY_TIME.keys())
async def test_a_refused_document_is_refused_again(
        client: httpx.AsyncClient, api_settings: ApiSettings, document: str,
        refusal: str) -> None:
    hub = bearer(api_settings, Role.HUB_OFFICER)
    answers = [await gql(client, document, hub) for _ in range(2)]
    for answer in answers:
        assert answer["data"] is None
        assert refusal in answer["errors"][0]["message"]
    assert answers[0] == answers[1]


async def test_a_document_validated_for_one_principal_is_still_refused_to_intake(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    document = "{ forces { code } }"
    allowed = await gql(client, document, bearer(api_settings, Role.HUB_OFFICER))
    assert allowed["data"]["forces"]
    for _ in range(2):
        refused: dict[str, Any] = await gql(client, document, bearer(api_settings, Role.INTAKE))
        assert refused["data"] is None
        assert [error["extensions"]["code"] for error in refused["errors"]] == ["FORBIDDEN"]
