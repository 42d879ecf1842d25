"""One operation's consultation log, begun as soon as its reads say what it shows.

DPA 2018 s.62 asks for the log; the hub keeps it fail-closed: the answer goes out only once
the entry naming everything it shows is stored. Written after the answer was built, that
write's round trips and commit came on top of the reads and GraphQL's own work. A read that
fetches everything its field shows in one go (a case screen, a page of cases) says so
(`Loaders.shown`), and the entry is started then, while GraphQL builds the answer around it.

Whatever is consulted after the entry was started (another root field, a second page read
through the loaders) goes in a second entry for the same operation, written before the answer
too: each case or referral shown is named in an entry of that operation, and most operations
have exactly one.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from casework.audit import AuditAction, audit_entry
from graph.audit import record_event
from resolvers.context import Context


class ConsultationLog:
    """The entries of one operation by one caller, started early and finished before the
    answer."""

    def __init__(self, context: Context, operation: str) -> None:
        self.context = context
        self.operation = operation
        self.started: frozenset[str] = frozenset()
        self.pending: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin the entry naming what has been consulted so far (once per operation)."""
        consulted = self.context.loaders.consulted
        if self.pending is None and consulted:
            self.started = frozenset(consulted)
            self.pending = asyncio.create_task(self._write(self.started))
            # Retrieved by `finish`; if the request is cancelled first, it is not lost noise.
            self.pending.add_done_callback(_retrieved)

    async def finish(self) -> None:
        """Store what is still owed: the entry begun early, and one for anything consulted
        since. Raises when either could not be stored: the answer must then be withheld."""
        if self.pending is not None:
            await self.pending
        rest = self.context.loaders.consulted - self.started
        if rest:
            await self._write(frozenset(rest))

    async def _write(self, targets: frozenset[str]) -> None:
        context = self.context
        await record_event(context.graph, audit_entry(
            context.principal, AuditAction.CONSULTATION, datetime.now(UTC),
            targets=sorted(targets), justification=context.justification,
            operation=self.operation))


def _retrieved(task: asyncio.Task[None]) -> None:
    if not task.cancelled():
        task.exception()
