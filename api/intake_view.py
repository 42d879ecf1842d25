"""What the intake service may read: the references of what it submitted, and nothing else.

The INTAKE principal is Truevision's sender. It needs to know that a referral was stored, under
which report and case references, and whether it was new; a case's status, priority, strands,
force or people are none of its business, and resubmitting a reference must not become a way
to read another force's case. Casework decides nothing by role here: the check is on the
document, once, before anything runs, against the fields listed below.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import SKIP, FieldNode, GraphQLError, ValidationRule, VisitorAction, validate
from strawberry.extensions import SchemaExtension

from casework.access import Role
from resolvers.context import Context

# (type, field) pairs INTAKE may select; `__typename` and introspection are always allowed.
INTAKE_FIELDS = frozenset({
    ("Mutation", "submitReport"),
    *(("SubmitReportPayload", name) for name in ("created", "report", "case", "userErrors")),
    *(("UserError", name) for name in ("field", "message", "code")),
    ("Report", "id"), ("Report", "truevisionRef"),
    ("Case", "id"), ("Case", "reference"),
})


class IntakeFields(ValidationRule):
    def enter_field(self, node: FieldNode, *_: Any) -> VisitorAction:
        parent = self.context.get_parent_type()
        name = node.name.value
        if parent is None or name.startswith("__") or parent.name.startswith("__") \
                or (parent.name, name) in INTAKE_FIELDS:
            return None  # an unknown field is validation's to refuse
        self.report_error(GraphQLError(
            f"The intake service may not read {parent.name}.{name}: it gets back only the "
            "references of what it submitted.", node, extensions={"code": "FORBIDDEN"}))
        return SKIP  # one refusal per field asked for, not one per field below it too


class IntakeView(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        if isinstance(context, Context) and context.authenticated is not None \
                and context.authenticated.role is Role.INTAKE \
                and execution.graphql_document is not None:
            refused = validate(execution.schema._schema, execution.graphql_document,
                               [IntakeFields])
            if refused:
                execution.pre_execution_errors = refused
        yield
