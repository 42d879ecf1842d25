"""Case events for live subscribers: what happened to which case, for its force to hear.

A change writes its event into the graph in the change's own transaction (an outbox entry,
`graph.events`), so an event is never lost between commit and publish and never published for a
change that rolled back. Each API process relays the outbox to NATS JetStream (`api.events`),
where every process's subscribers hear it. Events carry ids, so a subscriber drops a repeat.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class EventKind(StrEnum):
    """Every kind of change to a case that someone watching it would want to hear of."""

    REPORT_RECEIVED = "REPORT_RECEIVED"
    ASSESSED = "ASSESSED"
    STATUS_CHANGED = "STATUS_CHANGED"
    ALLOCATED = "ALLOCATED"
    TRANSFER_PROPOSED = "TRANSFER_PROPOSED"
    TRANSFER_ACCEPTED = "TRANSFER_ACCEPTED"
    TRANSFER_DISPUTED = "TRANSFER_DISPUTED"
    REFERRED_TO_PLATFORM = "REFERRED_TO_PLATFORM"
    PLATFORM_RESPONDED = "PLATFORM_RESPONDED"
    MERGED = "MERGED"
    SPLIT = "SPLIT"
    VICTIM_UPDATE_DUE = "VICTIM_UPDATE_DUE"
    EVIDENCE_PACKAGED = "EVIDENCE_PACKAGED"
    INTELLIGENCE_EXPORTED = "INTELLIGENCE_EXPORTED"


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One change to one case: its id (for dropping repeats), the case and its force after the
    change, what happened, when, and a reference or short note (never personal data)."""

    id: str
    case_reference: str
    force: str
    kind: EventKind
    at: datetime
    detail: str


def case_event(kind: EventKind, case_reference: str, force: str, at: datetime,
               detail: str) -> CaseEvent:
    return CaseEvent(str(uuid.uuid4()), case_reference, force, kind, at, detail)


class CaseEvents(Protocol):
    """Where subscribers hear events: every process's, for one force or all."""

    def subscribe(self, scope: str | None) -> AsyncIterator[CaseEvent]:
        """Events of `scope`'s cases (every force's when None), from now on, each once."""
        ...

    def wake(self) -> None:
        """A change has committed: relay its event now rather than at the next sweep."""
        ...
