"""Limits that keep one client from exhausting the hub: query cost and request rate.

Depth, alias and token limits bound a document's size, not the work it asks for: three nested
`first: 100` pages are a short query and a million rows. So cost is computed from the parsed
document before anything runs, as Saleor and GitHub count it: each field costs one, and a field
taking `first` (or `last`) multiplies the cost of what it selects by that page size (its
declared default when not given, else DEFAULT_PAGE_SIZE). Rate is a token bucket per principal
(per client address before authentication): `take` is its arithmetic, `RateLimiter` keeps
buckets in one process's memory, and `api.shared_limits` keeps them in NATS for every process.

A front end sends the same few documents over and over, each with its own variables; the cost
of a document depends on them only through its page sizes. So `CostCache` keeps each document's
cost by its text, operation and the page sizes a request's variables give: a request is judged
against the limit every time, from the cache or not.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

# A page asked for without `first` on a field that declares no default (resolvers/pagination).
DEFAULT_PAGE_SIZE = 20
# One page of 100 cases with a 20-row page inside each costs about 6,500; a page of 100 inside a
# page of 100 costs over 30,000 and is refused.
MAX_QUERY_COST = 25_000


@dataclass(frozen=True, slots=True)
class _Document:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    # Each fragment is costed once: twenty fragments each spreading the next twice would
    # otherwise take a million walks, before validation has had a chance to refuse anything.
    fragment_costs: dict[str, int] = field(default_factory=dict)

    def page(self, node: FieldNode, definition: GraphQLField | None) -> int:
        """How many times the field's selection is repeated: 1 unless it takes `first` (or a
        connection's `last`); the larger when a document gives both, which is then refused."""
        if definition is None or "first" not in definition.args:
            return 1
        sizes: dict[str, Any] = {"first": definition.args["first"].default_value}
        for argument in node.arguments or ():
            if argument.name.value in ("first", "last"):
                value = argument.value
                if isinstance(value, IntValueNode):
                    sizes[argument.name.value] = int(value.value)
                elif isinstance(value, VariableNode):
                    sizes[argument.name.value] = self.variables.get(value.name.value)
        given = [size for size in sizes.values() if isinstance(size, int)]
        # A negative or odd page is refused by the resolver; it must not lower the total here.
        return max(*given, 1) if given else DEFAULT_PAGE_SIZE

    def cost(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None,
             seen: frozenset[str] = frozenset()) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields = getattr(parent, "fields", None) or {}
                definition = fields.get(selection.name.value)
                child = get_named_type(definition.type) if definition else None
                total += 1 + self.page(selection, definition) * self.cost(
                    selection.selection_set, child, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                total += self.cost(selection.selection_set, self.schema.get_type(
                    condition.name.value) if condition else parent, seen)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment_cost(selection.name.value, seen)
        return total

    def fragment_cost(self, name: str, seen: frozenset[str]) -> int:
        fragment = self.fragments.get(name)
        if fragment is None or name in seen:  # unknown or cyclic: validation refuses those
            return 0
        if name not in self.fragment_costs:
            self.fragment_costs[name] = self.cost(fragment.selection_set, self.schema.get_type(
                fragment.type_condition.name.value), seen | {name})
        return self.fragment_costs[name]


def _declared(operation: OperationDefinitionNode) -> dict[str, int]:
    """The operation's variables that declare a whole number as their default, with it."""
    return {definition.variable.name.value: int(definition.default_value.value)
            for definition in operation.variable_definitions or ()
            if isinstance(definition.default_value, IntValueNode)}


def query_cost(schema: GraphQLSchema, operation: OperationDefinitionNode,
               fragments: Mapping[str, FragmentDefinitionNode],
               variables: Mapping[str, Any] | None = None) -> int:
    """The cost of one operation; variables not given take their declared defaults."""
    given = {**_declared(operation), **(variables or {})}
    return _Document(schema, fragments, given).cost(operation.selection_set,
                                                    schema.get_root_type(operation.operation))


def _page_variables(selection_set: SelectionSetNode | None) -> Iterator[str]:
    """The variables a selection gives as a page size (`first`, `last`) anywhere below it."""
    for selection in selection_set.selections if selection_set is not None else ():
        if isinstance(selection, FieldNode):
            for argument in selection.arguments or ():
                if argument.name.value in ("first", "last") and isinstance(argument.value,
                                                                           VariableNode):
                    yield argument.value.name.value
            yield from _page_variables(selection.selection_set)
        elif isinstance(selection, InlineFragmentNode):
            yield from _page_variables(selection.selection_set)


@dataclass(slots=True)
class _Costed:
    """One document's operation: the variables its cost depends on, and its cost for each of
    their values seen."""

    pages: tuple[str, ...]
    costs: OrderedDict[tuple[Any, ...], int] = field(default_factory=OrderedDict)


class CostCache:
    """The cost of the `maxsize` documents (by text and operation) most recently asked for, each
    for its `maxsize` page sizes most recently given; 0 keeps nothing. A hostile client's new
    documents or page sizes evict the old, never grow it."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.hits = 0
        self._documents: OrderedDict[tuple[str, str | None], _Costed] = OrderedDict()

    def cost(self, schema: GraphQLSchema, text: str | None, document: DocumentNode,
             operation: OperationDefinitionNode, variables: Mapping[str, Any] | None) -> int:
        fragments = {definition.name.value: definition for definition in document.definitions
                     if isinstance(definition, FragmentDefinitionNode)}
        if self.maxsize <= 0 or text is None:
            return query_cost(schema, operation, fragments, variables)
        name = operation.name.value if operation.name else None
        costed = self._documents.pop((text, name), None)
        if costed is None:
            # Every variable of the document a page size, fragments unused included: a superset
            # of what the operation's cost depends on, read once.
            costed = _Costed(tuple(sorted({
                variable for definition in document.definitions
                if isinstance(definition, ExecutableDefinitionNode)
                for variable in _page_variables(definition.selection_set)})))
        self._documents[(text, name)] = costed
        while len(self._documents) > self.maxsize:
            self._documents.popitem(last=False)
        given = {**_declared(operation), **(variables or {})}
        # As `_Document.page` reads them: a size that is not a whole number counts as not given.
        key = tuple(size if isinstance(size, int) else None
                    for size in (given.get(page) for page in costed.pages))
        cost = costed.costs.pop(key, None)
        if cost is None:
            cost = query_cost(schema, operation, fragments, variables)
        else:
            self.hits += 1
        costed.costs[key] = cost
        while len(costed.costs) > self.maxsize:
            costed.costs.popitem(last=False)
        return cost


class QueryCost(SchemaExtension):
    """Refuses an operation costing over MAX_QUERY_COST before execution; reports the cost.

    The check runs before validation (strawberry stops at errors set at that point), so a
    refused document is neither validated nor executed. Costs come from the schema's
    `CostCache`, so a document sent again with the same page sizes is not walked again, and is
    refused again when over the limit.
    """

    def __init__(self, costs: CostCache) -> None:
        self.costs = costs
        self.cost = 0

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = (get_operation_ast(document, context.operation_name)
                     if document is not None else None)
        if document is not None and operation is not None:
            self.cost = self.costs.cost(context.schema._schema, context.query, document,
                                        operation, context.variables)
            if self.cost > MAX_QUERY_COST:
                context.pre_execution_errors = [GraphQLError(
                    f"Query cost {self.cost} exceeds the limit of {MAX_QUERY_COST}: ask for "
                    "smaller pages (`first`) or fewer nested lists.",
                    extensions={"code": "QUERY_TOO_COSTLY", "cost": self.cost,
                                "limit": MAX_QUERY_COST})]
        yield

    def get_results(self) -> dict[str, Any]:
        return {"cost": {"requested": self.cost, "limit": MAX_QUERY_COST}}


def take(tokens: float, last: float, now: float, rate: float,
         burst: float) -> tuple[float, int]:
    """One request against a token bucket last seen at `last` holding `tokens`: what it holds
    afterwards, and 0 when the request may go ahead, else whole seconds to wait."""
    tokens, _, wait = take_up_to(tokens, last, now, rate, burst, 1)
    return tokens, wait


def take_up_to(tokens: float, last: float, now: float, rate: float, burst: float,
               want: int) -> tuple[float, int, int]:
    """Up to `want` whole tokens at once from a bucket last seen at `last` holding `tokens`:
    what it holds afterwards, how many were taken, and 0 when at least one was, else whole
    seconds to wait for one."""
    tokens = min(burst, tokens + max(0.0, now - last) * rate)
    taken = min(want, math.floor(tokens))
    if taken >= 1:
        return tokens - taken, taken, 0
    return tokens, 0, max(1, math.ceil((1.0 - tokens) / rate))


class RateLimiter:
    """Token buckets: `rate` requests a second on average, bursts of up to `burst`.

    A bucket that has refilled is the same as no bucket, so it is dropped; memory then holds
    only the clients seen in the last `burst / rate` seconds, and never more than `max_clients`
    (the least recently seen go first).
    """

    def __init__(self, rate: float, burst: int, max_clients: int = 10_000) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def retry_after(self, client: str, now: float | None = None) -> int:
        """0 when the request may go ahead (and is counted), else whole seconds to wait."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(client, (self.burst, now))
        tokens, wait = take(tokens, last, now, self.rate, self.burst)
        self._buckets[client] = (tokens, now)
        self._evict(now)
        return wait

    def _evict(self, now: float) -> None:
        while self._buckets:
            tokens, last = next(iter(self._buckets.values()))
            full = tokens + (now - last) * self.rate >= self.burst
            if not full and len(self._buckets) <= self.max_clients:
                return
            self._buckets.popitem(last=False)


class OncePerWindow:
    """Whether something about `key` is worth noting now: the first time, then at most once
    every `window` seconds. Memory holds only the keys noted within the last window, and never
    more than `max_keys` (the oldest go first).

    Rate-limit refusals are audited through it: one entry per principal per window says who
    was flooding and when, where an entry per refusal would let one client flood the log.
    """

    def __init__(self, window: float, max_keys: int = 10_000) -> None:
        self.window = window
        self.max_keys = max_keys
        self._noted: OrderedDict[str, float] = OrderedDict()

    def __call__(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        last = self._noted.get(key)
        if last is not None and now - last < self.window:
            return False
        self._noted.pop(key, None)
        self._noted[key] = now
        while self._noted and (len(self._noted) > self.max_keys
                               or now - next(iter(self._noted.values())) >= self.window):
            self._noted.popitem(last=False)
        return True

