"""The GraphQL schema: the areas' root types merged, with the security extensions around them."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule, specified_rules
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.audit import ConsultationAudit, RefusalAudit
from api.documents import CachedParse, CachedValidation, ExecutedDocument
from api.errors import ErrorPolicy, failure
from api.events import RelayAfterChanges
from api.intake_view import IntakeView
from api.justification import JustificationRequired
from api.limits import CostCache, QueryCost
from api.observe import OperationOutcome
from api.operations import OneOperationOrNamed
from api.settings import ApiSettings
from api.trusted import TrustedDocuments
from graph.outages import Failure
from resolvers.advice.mutations import AdviceMutation
from resolvers.advice.queries import AdviceQuery
from resolvers.audit.queries import AuditQuery
from resolvers.cases.queries import CaseQuery, ReportQuery
from resolvers.content.mutations import ContentMutation
from resolvers.content.queries import ContentQuery
from resolvers.disclosures.mutations import DisclosuresMutation
from resolvers.disclosures.queries import DisclosuresQuery
from resolvers.duplicates.mutations import DuplicatesMutation
from resolvers.events.subscriptions import EventsSubscription
from resolvers.handover.mutations import HandoverMutation
from resolvers.handover.queries import HandoverQuery
from resolvers.identity.mutations import IdentityMutation
from resolvers.identity.queries import IdentityQuery
from resolvers.identity.types import Account, Suspect
from resolvers.intake.mutations import IntakeMutation
from resolvers.network.queries import NetworkQuery
from resolvers.nodes import NodeQuery
from resolvers.reference.queries import ReferenceQuery
from resolvers.statistics.queries import StatisticsQuery
from resolvers.workflow.mutations import WorkflowMutation
from resolvers.workflow.queries import WorkflowQuery

log = logging.getLogger("hub.graphql")


def _root_types() -> tuple[type, type, type]:
    """Fresh root types per schema, so that no two schemas share a type object."""
    query = strawberry.type(
        type("Query", (NodeQuery, CaseQuery, ReportQuery, ReferenceQuery, NetworkQuery,
                        IdentityQuery, StatisticsQuery, AuditQuery, WorkflowQuery,
                        ContentQuery, DisclosuresQuery, HandoverQuery, AdviceQuery), {}),
        description="Everything a caller may read, always within the caller's scope.")
    mutation = strawberry.type(
        type("Mutation", (IntakeMutation, DuplicatesMutation, IdentityMutation,
                           WorkflowMutation, ContentMutation, DisclosuresMutation,
                           HandoverMutation,
                           AdviceMutation), {}),
        description="Every change; each takes one input and returns userErrors.")
    subscription = strawberry.type(
        type("Subscription", (EventsSubscription,), {}),
        description="Live events over graphql-transport-ws, scoped like queries.")
    return query, mutation, subscription

class HubSchema(strawberry.Schema):
    """Strawberry's own error log repeats the whole document, which may hold personal data, with
    a traceback; so it is not used. Refusals are the caller's business, not incidents: logged
    briefly at INFO. An outage is logged once per change of state (`graph.outages`), and a fault
    once, with its correlation id and traceback (`api.errors.present`).

    It holds the registry of trusted documents it validated (`api.trusted`)."""

    documents: TrustedDocuments

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            if failure(error.original_error or error) is Failure.REFUSED:
                log.info("refused: %s", type(error.original_error or error).__name__)


def build_schema(settings: ApiSettings) -> HubSchema:
    # The depth and alias rules are made once per schema, not once per request: validation's
    # answers are cached by rules as well as document, and a new rule class would never hit.
    limits = [*QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
              *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules]
    production = settings.env == "production"
    documents = TrustedDocuments(settings.documents, settings.trusted_only)
    cached = settings.document_cache
    costs = CostCache(cached)
    extensions: list[Any] = [
        OperationOutcome,  # first in, last out: it reads the result the others have settled
        RefusalAudit,  # outside the error policy: it reads the codes callers get
        lambda: AddValidationRules(limits),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: CachedParse(documents, maxsize=cached),
        OneOperationOrNamed,
        IntakeView,
        JustificationRequired,
        lambda: QueryCost(costs),
        # After the refusals above, which it leaves standing (api.documents).
        lambda: CachedValidation(documents, maxsize=cached),
        lambda: ErrorPolicy(settings.retry_after),
        ConsultationAudit,
        RelayAfterChanges,
        ExecutedDocument,
    ]
    if production:
        extensions.append(DisableIntrospection)
    query, mutation, subscription = _root_types()
    schema = HubSchema(
        query=query, mutation=mutation, subscription=subscription, extensions=extensions,
        types=[Account, Suspect],
        config=StrawberryConfig(relay_max_results=100,
                                disable_field_suggestions=not settings.development))
    # Validated with every rule a request would be, once: a request for one skips validation.
    documents.load(schema._schema, (*specified_rules, *limits,
                                    *([NoSchemaIntrospectionCustomRule] if production else [])),
                   settings.max_tokens)
    schema.documents = documents
    return schema


# The schema as exported to schema.graphql (the configuration does not change its shape).
schema = build_schema(ApiSettings(env="test"))
