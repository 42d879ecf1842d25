"""GraphQL over HTTP's own media type, `application/graphql-response+json`.

Under it, the spec asks for a 4xx with no `data` entry when a request never reached execution
(a document that does not parse or validate, variables that do not coerce): a client, proxy or
monitor then tells a broken request from a partial answer by the status alone. Clients that
accept only `application/json` keep the old answer (200, `data: null`).
"""

from __future__ import annotations

from strawberry.types import ExecutionResult

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def _weights(accept: str) -> dict[str, float]:
    """Each media type `accept` names, with its q value (1 when not given)."""
    weights: dict[str, float] = {}
    for entry in accept.split(","):
        media, *parameters = (part.strip() for part in entry.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if media:
            weights[media.lower()] = weight
    return weights


def prefers_graphql_response(accept: str) -> bool:
    """Whether the client accepts the GraphQL response type at least as gladly as JSON."""
    weights = _weights(accept)
    wanted = weights.get(GRAPHQL_RESPONSE, 0.0)
    return wanted > 0 and wanted >= weights.get(JSON, 0.0)


def is_request_error(result: ExecutionResult) -> bool:
    """True when the request failed before execution: no data, and no error at a field path
    (graphql-core gives parse, validation and variable coercion errors no path)."""
    return result.data is None and bool(result.errors) and all(
        error.path is None for error in result.errors or ())
