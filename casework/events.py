"""Case events for live subscribers, published after the change has committed.

In-process fan-out: each subscriber has a bounded queue, and a slow subscriber loses its oldest
events rather than holding up intake. Several API processes would need a broker here (or
Neo4j change data capture); the interface stays the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CaseEvent:
    case_reference: str
    force: str
    kind: str
    at: datetime
    detail: str


class EventBus:
    def __init__(self, queue_size: int = 256) -> None:
        self._subscribers: set[asyncio.Queue[CaseEvent]] = set()
        self._queue_size = queue_size

    def publish(self, event: CaseEvent) -> None:
        for queue in self._subscribers:
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(event)

    async def subscribe(self, scope: str | None) -> AsyncIterator[CaseEvent]:
        """Events for one force (`scope`), or for every force when scope is None."""
        queue: asyncio.Queue[CaseEvent] = asyncio.Queue(self._queue_size)
        self._subscribers.add(queue)
        try:
            while True:
                event = await queue.get()
                if scope is None or event.force == scope:
                    yield event
        finally:
            self._subscribers.discard(queue)
