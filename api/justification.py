"""Reads that need a stated justification are refused before anything runs without one.

Which reads, and why, is `resolvers.justification`'s policy; here the document is checked
once, like the intake view, so a refused request reads nothing and the refusal names each
field at fault. Only callers who may make those reads are asked: anyone else is refused for
their role by the resolver, and telling them to justify first would mislead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import FieldNode, GraphQLError, ValidationRule, validate
from strawberry.extensions import SchemaExtension

from casework.access import Permission
from resolvers.context import Context
from resolvers.justification import JUSTIFIED_FIELDS, justification_problem


def justified_fields(justification: str | None) -> type[ValidationRule]:
    class JustifiedFields(ValidationRule):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent = self.context.get_parent_type()
            if parent is None or (parent.name, node.name.value) not in JUSTIFIED_FIELDS:
                return
            problem = justification_problem(justification, (node.name.value,))
            if problem is not None:
                self.report_error(GraphQLError(problem.message, node, extensions={
                    "code": problem.code, "userErrors": [
                        {"field": list(problem.field), "message": problem.message,
                         "code": problem.code}]}))

    return JustifiedFields


class JustificationRequired(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        if isinstance(context, Context) and context.authenticated is not None \
                and context.authenticated.can(Permission.READ_NETWORKS) \
                and execution.graphql_document is not None \
                and not execution.pre_execution_errors:
            refused = validate(execution.schema._schema, execution.graphql_document,
                               [justified_fields(context.justification)])
            if refused:
                execution.pre_execution_errors = refused
        yield
