"""A query nested as deep as the default limits allow, and the count of consultations logged."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from tests.support.graphql import gql
from tests.support.tokens import bearer

NESTED = """query { cases(first: 100) { edges { node {
  reports(first: 100) { edges { node { truevisionRef parties { name } } } }
  complainants(first: 100) { edges { node { name } } } } } } }"""

# The same, with the page sizes hidden in variable defaults.
NESTED_BY_DEFAULTS = """query Costly($n: Int = 100) { cases(first: $n) { edges { node {
  reports(first: $n) { edges { node { truevisionRef parties { name } } } }
  complainants(first: $n) { edges { node { name } } } } } } }"""


async def audited(client: httpx.AsyncClient, settings: ApiSettings) -> int:
    body = await gql(client, "query { auditEvents(action: CONSULTATION) { totalCount } }",
                     bearer(settings, Role.SUPERVISOR))
    return int(body["data"]["auditEvents"]["totalCount"])
