"""Which operation of a document runs: the one named, and never a guess.

The GraphQL spec (GetOperation) asks for a request error when a document holds several
operations and no `operationName` is given. Strawberry instead runs the first, so a client that
forgot the name silently gets the wrong operation's answer; this refuses before anything runs.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension


class OneOperationOrNamed(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operations = [definition for definition in document.definitions
                      if isinstance(definition, OperationDefinitionNode)] if document else []
        # `context.operation_name` is already the first operation's name when none was sent:
        # the name the client sent is only kept here.
        if len(operations) > 1 and context._provided_operation_name is None:
            context.pre_execution_errors = [GraphQLError(
                "The document holds several operations: say which to run in `operationName`.",
                extensions={"code": "OPERATION_NAME_REQUIRED"})]
        yield
