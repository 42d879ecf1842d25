"""Rate limits that hold across API processes: one token bucket per client in NATS JetStream's
key-value store, changed by compare-and-set.

Why NATS: every process already holds a connection to it (live events), it is clustered in
production, and its key-value store updates a key only if nobody changed it since it was read
(`update(last=revision)`), which is what a shared token bucket needs; no other store joins the
deployment. Buckets live in memory on the broker and expire once they would have refilled.

While the broker cannot be reached, each process falls back to its own in-memory buckets: a
client then gets at most the configured rate per process, never unlimited.
"""

from __future__ import annotations

import hashlib
import logging
import time

from nats.errors import Error as NatsError
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue

from api.events import LiveEvents
from api.limits import RateLimiter, take

log = logging.getLogger("hub.limits")
ATTEMPTS = 5  # compare-and-set tries before this process decides alone
BUCKET_PREFIX = "hub_rates_"


class SharedRateLimiter:
    """`rate` requests a second per client, bursts of `burst`, across every process."""

    def __init__(self, name: str, rate: float, burst: int) -> None:
        self.name = name
        self.rate = rate
        self.burst = float(burst)
        self.local = RateLimiter(rate, burst)
        # Processes configured alike share buckets; a process with other limits keeps its own
        # rather than fight over one bucket's settings.
        limits = hashlib.sha256(f"{rate}/{burst}".encode()).hexdigest()[:8]
        self.bucket = f"{BUCKET_PREFIX}{name}_{limits}"
        self._store: KeyValue | None = None

    async def retry_after(self, client: str, events: LiveEvents) -> int:
        """0 when the request may go ahead (and is counted), else whole seconds to wait."""
        try:
            store = await self._kv(events)
            if store is not None:
                for _ in range(ATTEMPTS):
                    wait = await self._take(store, _key(client))
                    if wait is not None:
                        return wait
        except (NatsError, OSError, TimeoutError) as error:
            log.debug("shared rate limit unavailable: %s", type(error).__name__)
            self._store = None
        return self.local.retry_after(client)

    async def _kv(self, events: LiveEvents) -> KeyValue | None:
        if self._store is None and events.connected():
            # Kept until the refill would have made the bucket full again: then it is no bucket.
            config = KeyValueConfig(bucket=self.bucket, storage=StorageType.MEMORY,
                                    ttl=max(1.0, self.burst / self.rate), history=1)
            self._store = await events.jetstream.create_key_value(config)
        return self._store

    async def _take(self, store: KeyValue, key: str) -> int | None:
        """One compare-and-set attempt: the wait, or None when another process got there first."""
        now = time.time()  # wall clock: the processes share buckets, not a monotonic clock
        try:
            entry = await store.get(key)
        except KeyNotFoundError:
            entry = None
        if entry is None or entry.value is None:
            tokens, last, revision = self.burst, now, None
        else:
            stored_tokens, stored_last = entry.value.decode().split(",")
            tokens, last, revision = float(stored_tokens), float(stored_last), entry.revision
        tokens, wait = take(tokens, last, now, self.rate, self.burst)
        value = f"{tokens:.6f},{now:.6f}".encode()
        try:
            if revision is None:
                await store.create(key, value)
            else:
                await store.update(key, value, last=revision)
        except KeyWrongLastSequenceError:
            return None
        return wait


def _key(client: str) -> str:
    """A key NATS accepts whatever the client's name holds (subjects carry any character)."""
    return hashlib.sha256(client.encode()).hexdigest()[:32]
