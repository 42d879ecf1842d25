"""Parse and validate a document once, not on every request that sends it.

A front end sends the same few documents over and over; parsing and validating the case screen
took more time than its reads. Strawberry's `ParserCache` keeps parsed documents by their text
(and the token limit they were parsed under); `CachedValidation` keeps validation's answer by
document and rules. What depends on the request is never cached: the cost is counted against
each request's variables (`api.limits.QueryCost`), the intake view is checked for each principal
(`api.intake_view`), and a document that fails to parse raises again, since an LRU cache keeps
only answers. Both caches are bounded: unique documents from a hostile client evict, never grow.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import ValidationCache


class CachedValidation(ValidationCache):
    """Strawberry's validation cache, after the refusals that need no validation.

    Strawberry's own sets the validation errors whatever an earlier extension decided, so it
    would wipe out a cost or intake refusal; and placed before them it would validate a fragment
    bomb that the cost check refuses cheaply. This one validates only a document nothing has
    refused yet.
    """

    def on_validate(self) -> Iterator[None]:
        if self.execution_context.pre_execution_errors is None:
            yield from super().on_validate()
        else:
            yield
