"""Limits that keep one client from exhausting the hub: query cost and request rate.

Cost is computed from the parsed document before anything runs: each field costs one, and a
field taking `first` multiplies the cost of what it selects by that page size (20 when not
given), as Saleor and GitHub count it. Rate is a token bucket per principal (per client address
before authentication), kept in memory with idle buckets evicted.
"""

from __future__ import annotations

import functools
import time
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

DEFAULT_PAGE = 20
MAX_COST = 25_000


def _page(field: FieldNode, variables: dict[str, Any]) -> int | None:
    for argument in field.arguments or ():
        if argument.name.value != "first":
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            return int(given) if isinstance(given, int) else DEFAULT_PAGE
    return None


def selection_cost(selection_set: SelectionSetNode | None,
                   fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any],
                   paged: frozenset[str], seen: frozenset[str] = frozenset()) -> int:
    """Cost of a selection set; `paged` names the fields that take `first`."""
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = selection_cost(selection.selection_set, fragments, variables, paged, seen)
            page = _page(selection, variables)
            if page is None and selection.name.value in paged:
                page = DEFAULT_PAGE
            total += 1 + (page or 1) * inner
        elif isinstance(selection, InlineFragmentNode):
            total += selection_cost(selection.selection_set, fragments, variables, paged, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:  # a fragment cycle is not followed
                total += selection_cost(fragments[name].selection_set, fragments, variables,
                                        paged, seen | {name})
    return total


@functools.cache
def _paged_fields(schema: GraphQLSchema) -> frozenset[str]:
    """Names of fields taking `first`, found once per schema."""
    return frozenset(name for type_ in schema.type_map.values()
                     for name, field in (getattr(type_, "fields", None) or {}).items()
                     if "first" in getattr(field, "args", {}))


class QueryCost(SchemaExtension):
    """Refuses a document whose cost exceeds MAX_COST before execution; reports the cost."""

    cost = 0

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            fragments = {d.name.value: d for d in document.definitions
                         if isinstance(d, FragmentDefinitionNode)}
            paged = _paged_fields(context.schema._schema)
            operations = [d for d in document.definitions
                          if isinstance(d, OperationDefinitionNode)]
            self.cost = max((selection_cost(op.selection_set, fragments,
                                            context.variables or {}, paged)
                             for op in operations), default=0)
            if self.cost > MAX_COST:
                context.pre_execution_errors = [GraphQLError(
                    f"Query cost {self.cost} exceeds the limit of {MAX_COST}; ask for smaller "
                    "pages or fewer nested lists.", extensions={"code": "QUERY_TOO_COSTLY"})]
        yield

    def get_results(self) -> dict[str, Any]:
        return {"cost": {"requested": self.cost, "limit": MAX_COST}}


class RateLimiter:
    """Token buckets: `rate` requests a second on average, bursts up to `burst`."""

    def __init__(self, rate: float, burst: int, max_clients: int = 10_000) -> None:
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def retry_after(self, client: str, now: float | None = None) -> float:
        """0 when the request may go ahead (and is counted), else seconds to wait."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait
