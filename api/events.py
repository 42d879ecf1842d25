"""Live case events between API processes, through NATS JetStream.

Each process relays the graph's outbox (`graph.events`) to the `HUB_EVENTS` stream, publishing
each event on `hub.events.<force>.<kind>` with its id as `Nats-Msg-Id`: JetStream keeps one copy
of an event published twice (two relays, or a relay that died between publishing and
forgetting). A subscriber asks the broker for its own force's subject only
(`hub.events.<force>.>`), so another force's events never reach its process, and drops any id it
has already seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import nats
from nats.aio.client import Client
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, DeliverPolicy, StreamConfig
from nats.js.errors import BadRequestError
from neo4j.exceptions import DriverError, Neo4jError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from api.metrics import SUBSCRIPTIONS_OPEN
from casework.events import CaseEvent, EventKind
from graph import events as outbox
from graph.driver import Graph

log = logging.getLogger("hub.events")

STREAM = "HUB_EVENTS"
SUBJECTS = "hub.events.>"
# Long enough to drop the repeat of an event relayed twice around a crash; events are live
# news, so the stream keeps a day of them and no more.
DUPLICATE_WINDOW = 600.0
MAX_AGE = 86_400.0
RELAY_INTERVAL = 1.0  # seconds between outbox sweeps when nothing wakes the relay
SEEN = 4096  # ids a subscriber remembers, to drop repeats
STOP_WAIT = 5.0  # seconds a stopping process gives the relay and the broker connection
# Seconds start-up waits for the broker before going on without it: nats-py retries a first
# connection as often as a lost one (for ever, here), so an unbounded wait would hang start-up.
START_WAIT = 3.0


def subject(force: str, kind: str) -> str:
    return f"hub.events.{force}.{kind}"


def encode(event: outbox.OutboxEvent) -> bytes:
    return json.dumps({"id": event.id, "caseReference": event.case_reference,
                       "force": event.force, "kind": event.kind,
                       "at": event.at.isoformat(), "detail": event.detail}).encode()


def decode(data: bytes) -> CaseEvent:
    fields = json.loads(data)
    return CaseEvent(fields["id"], fields["caseReference"], fields["force"],
                     EventKind(fields["kind"]), datetime.fromisoformat(fields["at"]),
                     fields["detail"])


class LiveEvents:
    """One process's link to the broker: it relays the outbox and serves its subscribers."""

    def __init__(self, url: str, graph: Graph) -> None:
        self.url = url
        self.graph = graph
        self._nats: Client | None = None
        self._wake = asyncio.Event()
        self._relay: asyncio.Task[None] | None = None
        self._stopping = False
        self._paused = False  # the relay's last sweep failed: said once, not every sweep

    @property
    def jetstream(self) -> JetStreamContext:
        if self._nats is None:
            raise RuntimeError("live events are not started")
        return self._nats.jetstream()

    async def start(self) -> None:
        """Connect and make sure the stream exists, then relay in the background. A broker not
        there yet is waited for in the background too (/readyz says so meanwhile)."""
        try:
            connected = await asyncio.wait_for(self._connect(), START_WAIT)
        except (TimeoutError, NatsError):
            connected = False
        if not connected:
            log.warning("NATS at %s not reachable yet; retrying", self.url)
        self._relay = asyncio.create_task(self._relay_forever(), name="outbox-relay")

    async def _connect(self) -> bool:
        """Connect and make sure the stream exists; the client is kept only once both are done,
        so a start-up cut short never leaves a connection without its stream."""
        try:
            client = await nats.connect(
                self.url, name="hub-api", max_reconnect_attempts=-1, reconnect_time_wait=0.5,
                connect_timeout=2)
        except (NatsError, OSError):
            return False
        config = StreamConfig(name=STREAM, subjects=[SUBJECTS], max_age=MAX_AGE,
                              duplicate_window=DUPLICATE_WINDOW)
        jetstream = client.jetstream()
        try:
            try:
                await jetstream.add_stream(config)
            except BadRequestError:  # made by another process with other limits: align them
                await jetstream.update_stream(config)
        except BaseException:  # cut short or refused: the next attempt starts afresh
            await client.close()
            raise
        self._nats = client
        return True

    async def stop(self) -> None:
        """Let the relay finish the batch in hand (a transaction cancelled halfway leaves the
        driver's connection in doubt), then close the connection to the broker."""
        self._stopping = True
        self._wake.set()
        if self._relay is not None:
            try:
                await asyncio.wait_for(self._relay, STOP_WAIT)
            except TimeoutError:  # its events stay in the outbox for another process
                log.warning("the outbox relay did not stop within %.0f s", STOP_WAIT)
                self._relay.cancel()
        if self._nats is not None:
            with contextlib.suppress(NatsError, TimeoutError):
                await asyncio.wait_for(self._nats.close(), STOP_WAIT)

    def connected(self) -> bool:
        return self._nats is not None and self._nats.is_connected

    def wake(self) -> None:
        """Relay now: a change has just committed (its event waits in the outbox)."""
        self._wake.set()

    async def relay_once(self) -> int:
        """Publish what the outbox holds; returns how many events were published."""
        pending = await outbox.lease_pending(self.graph, datetime.now(UTC))
        published = []
        for event in pending:
            await self.jetstream.publish(subject(event.force, event.kind), encode(event),
                                         headers={"Nats-Msg-Id": event.id})
            published.append(event.id)
        if published:
            await outbox.relayed(self.graph, published)
        return len(published)

    async def _relay_forever(self) -> None:
        while not self._stopping:
            try:
                if self._nats is not None or await self._connect():
                    while not self._stopping and await self.relay_once():
                        pass
                    if self._paused:
                        log.warning("relaying case events resumed")
                        self._paused = False
            except (Neo4jError, DriverError, NatsError, OSError) as error:
                # The outbox keeps the events; the next sweep publishes them.
                if not self._paused:
                    log.warning("relaying case events paused: %s", type(error).__name__)
                    self._paused = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), RELAY_INTERVAL)
            self._wake.clear()

    async def subscribe(self, scope: str | None) -> AsyncIterator[CaseEvent]:
        """Events of `scope`'s cases from now on (every force's when None), each once."""
        wanted = subject(scope, ">") if scope is not None else SUBJECTS
        # From the moment of asking, not from when the broker has made the consumer: an event
        # published in between is still heard.
        since = datetime.now(UTC)
        subscription = await self.jetstream.subscribe(
            wanted, ordered_consumer=True,
            config=ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_TIME,
                                  opt_start_time=since))
        seen: OrderedDict[str, None] = OrderedDict()
        SUBSCRIPTIONS_OPEN.inc()
        try:
            async for message in subscription.messages:
                event = decode(message.data)
                if event.id in seen:
                    continue
                seen[event.id] = None
                if len(seen) > SEEN:
                    seen.popitem(last=False)
                yield event
        finally:
            SUBSCRIPTIONS_OPEN.dec()
            with contextlib.suppress(NatsError):
                await subscription.unsubscribe()


class RelayAfterChanges(SchemaExtension):
    """After a mutation, wake the relay: its change's event waits in the outbox, and its
    subscribers should not wait for the next sweep."""

    def on_execute(self) -> Iterator[None]:
        yield
        if self.execution_context.operation_type is OperationType.MUTATION:
            self.execution_context.context.events.wake()
