"""Live case events: the subscription, each push logged as a consultation of its case."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from datetime import UTC, datetime

import strawberry
from graphql import GraphQLError

from casework.audit import AuditAction, audit_entry, operation_label
from casework.events import CaseEvent
from graph.audit import record_event
from resolvers.context import Info
from resolvers.events.types import CaseEventType

log = logging.getLogger("hub.audit")


async def log_push(info: Info, event: CaseEvent, operation: str) -> None:
    """One consultation entry per subscriber per event: the subscriber learns of a change to
    the case, so the case is consulted (DPA 2018 s.62). Fails closed, like every consultation:
    an event that cannot be logged is not pushed, and the subscription ends with a retryable
    error (the client subscribes again)."""
    entry = audit_entry(info.context.principal, AuditAction.CONSULTATION, datetime.now(UTC),
                        targets=[event.case_reference], operation=operation,
                        justification=info.context.justification)
    try:
        await record_event(info.context.graph, entry)
    except Exception as error:
        log.exception("a case event push could not be logged; not pushing it")
        raise GraphQLError("The event could not be logged, so it is not shown. Subscribe "
                           "again.", extensions={"code": "AUDIT_UNAVAILABLE",
                                                 "retryable": True}) from error


@strawberry.type
class EventsSubscription:
    @strawberry.subscription(description="Case events as they happen: a force officer hears of "
                                         "their own force's cases only (the broker sends a "
                                         "subscriber its force's events and no others). Each "
                                         "event pushed is logged as a consultation of its "
                                         "case, with the subscription's operation name.")
    async def case_events(self, info: Info) -> AsyncGenerator[CaseEventType, None]:
        scope = info.context.principal.case_scope()
        location = info.operation.loc
        operation = operation_label(info.operation.name.value if info.operation.name else None,
                                    location.source.body if location else None)
        async for event in info.context.events.subscribe(scope):
            await log_push(info, event, operation)
            yield CaseEventType.from_event(event)
