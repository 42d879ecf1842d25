"""Reads that need a stated justification are refused before anything runs without one.

Which reads, and why, is `resolvers.justification`'s policy; here the document is checked
once, like the intake view, so a refused request reads nothing and the refusal names each
field at fault. Only callers who may make those reads are asked: anyone else is refused for
their role by the resolver, and telling them to justify first would mislead.

Finding those fields takes a walk of the whole document with its types, as long as validating
it; a front end sends the same few documents over and over, so the fields are found once per
document text (and schema) and kept, and only the header, which changes with every request, is
checked each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, FieldNode, GraphQLError, GraphQLSchema, ValidationRule, validate
from strawberry.extensions import SchemaExtension

from casework.access import Permission
from resolvers.context import Context
from resolvers.justification import JUSTIFIED_FIELDS, justification_problem

# Documents whose justified fields are kept: as many as the parse and validation caches keep.
KEPT_DOCUMENTS = 256


class _JustifiedFields(ValidationRule):
    """Reports each field that needs a justification, found wherever the document selects it
    (fragments included); the reports name the fields, they refuse nothing themselves."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.context.get_parent_type()
        if parent is not None and (parent.name, node.name.value) in JUSTIFIED_FIELDS:
            self.report_error(GraphQLError(node.name.value, node))


@dataclass(frozen=True, slots=True)
class _Sent:
    """A document as a request sent it: known by its text and schema, never hashed as a tree
    (graphql-core hashes a syntax tree node by node, on every lookup)."""

    text: str
    schema: GraphQLSchema
    document: DocumentNode = field(compare=False)


@lru_cache(maxsize=KEPT_DOCUMENTS)
def _justified(sent: _Sent) -> tuple[FieldNode, ...]:
    found = validate(sent.schema, sent.document, [_JustifiedFields])
    return tuple(node for error in found for node in error.nodes or ()
                 if isinstance(node, FieldNode))


def justified_fields(schema: GraphQLSchema, text: str | None,
                     document: DocumentNode) -> tuple[FieldNode, ...]:
    """The fields of `document` that need a justification, found once per text and schema."""
    if text is None:  # nothing to know it by again: walk it this once
        return _justified.__wrapped__(_Sent("", schema, document))
    return _justified(_Sent(text, schema, document))


def refusals(fields: tuple[FieldNode, ...], justification: str | None) -> list[GraphQLError]:
    """One refusal per field that needs a justification, when the one given will not do."""
    refused = []
    for node in fields:
        problem = justification_problem(justification, (node.name.value,))
        if problem is not None:
            refused.append(GraphQLError(problem.message, node, extensions={
                "code": problem.code, "userErrors": [
                    {"field": list(problem.field), "message": problem.message,
                     "code": problem.code}]}))
    return refused


class JustificationRequired(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        if isinstance(context, Context) and context.authenticated is not None \
                and context.authenticated.can(Permission.READ_NETWORKS) \
                and execution.graphql_document is not None \
                and not execution.pre_execution_errors:
            refused = refusals(justified_fields(execution.schema._schema, execution.query,
                                                execution.graphql_document),
                               context.justification)
            if refused:
                execution.pre_execution_errors = refused
        yield
