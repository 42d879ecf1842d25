"""Parse and validate a document once, not on every request that sends it.

A front end sends the same few documents over and over; parsing and validating the case screen
took more time than its reads. Its registered documents (`api.trusted`) were parsed and
validated at start-up, so a request for one does neither. Any other document goes through
strawberry's `ParserCache`, which keeps parsed documents by their text (and the token limit they
were parsed under), and `CachedValidation`, which keeps validation's answer by document and
rules. What depends on the request is never cached: the cost is counted against each request's
variables (`api.limits.QueryCost`), the intake view is checked for each principal
(`api.intake_view`), and a document that fails to parse raises again, since an LRU cache keeps
only answers. Both caches are bounded: unique documents from a hostile client evict, never grow.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache

from api.trusted import TrustedDocuments
from resolvers.context import Context


class CachedParse(ParserCache):
    """Strawberry's parser cache, behind the registry of trusted documents."""

    def __init__(self, documents: TrustedDocuments, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self.trusted = documents

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        trusted = self.trusted.by_text.get(context.query) if context.query else None
        if trusted is None:
            yield from super().on_parse()
        else:
            context.graphql_document = trusted.document
            yield


class CachedValidation(ValidationCache):
    """Strawberry's validation cache, after the refusals that need no validation.

    Strawberry's own sets the validation errors whatever an earlier extension decided, so it
    would wipe out a cost or intake refusal; and placed before them it would validate a fragment
    bomb that the cost check refuses cheaply. This one validates only a document nothing has
    refused yet, and not at all a trusted document, validated when the registry was loaded.
    """

    def __init__(self, documents: TrustedDocuments, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self.trusted = documents

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors is not None:
            yield
        elif self.trusted.validated(context.graphql_document):
            context.pre_execution_errors = []  # strawberry then runs no validation of its own
            yield
        else:
            yield from super().on_validate()


class ExecutedDocument(SchemaExtension):
    """Hands the resolvers the document they execute (`Context.document`), parsed or trusted,
    so that a look-ahead follows fragments through public attributes, not strawberry's own."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context):
            context.document = self.execution_context.graphql_document
        yield
