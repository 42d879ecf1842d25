"""Rate limits that hold across API processes: one token bucket per client in NATS JetStream's
key-value store, changed by compare-and-set.

Why NATS: every process already holds a connection to it (live events), it is clustered in
production, and its key-value store updates a key only if nobody changed it since it was read
(`update(last=revision)`), which is what a shared token bucket needs; no other store joins the
deployment. Buckets live in memory on the broker and expire once they would have refilled.

Asking the broker on every request cost two round trips (read, then compare-and-set) before a
request could start. So a process takes a lease: up to what the client may spend in
LEASE_SECONDS (at most a tenth of its burst) is taken from the shared bucket in one
compare-and-set, and the requests that follow spend it in memory, without asking. The
consistency traded: a lease is spent only in the process that took it, so a client spreading
its requests over several processes may be refused up to a lease per process early while the
others hold theirs; it is never let through more than the shared bucket gave out, since every
request spends a token that bucket granted, and a lease not spent within LEASE_SECONDS lapses.
A lease is one token when the rate allows less than one request in LEASE_SECONDS (or the burst
is under ten): such a client is counted exactly, one compare-and-set per request.

Why not the `limits` library: its shared storages (Redis, Memcached, MongoDB, etcd) would each
add a service to the deployment and still cost a round trip per request; its memory storage is
one process's, which `api.limits.RateLimiter` already is.

While the broker cannot be reached, each process falls back to its own in-memory buckets: a
client then gets at most the configured rate per process, never unlimited.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections import OrderedDict

from nats.errors import Error as NatsError
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue

from api.events import LiveEvents
from api.limits import RateLimiter, take_up_to

log = logging.getLogger("hub.limits")
ATTEMPTS = 5  # compare-and-set tries before this process decides alone
BUCKET_PREFIX = "hub_rates_"
LEASE_SECONDS = 0.25  # a lease holds what its client may spend in this long, and lapses then
LEASE_SHARE = 10  # and never more than a tenth of the burst


class SharedRateLimiter:
    """`rate` requests a second per client, bursts of `burst`, across every process."""

    def __init__(self, name: str, rate: float, burst: int,
                 lease_seconds: float = LEASE_SECONDS) -> None:
        self.name = name
        self.rate = rate
        self.burst = float(burst)
        self.local = RateLimiter(rate, burst)
        self.lease_seconds = lease_seconds
        self.lease = max(1, min(burst // LEASE_SHARE, math.floor(rate * lease_seconds)))
        # client -> (tokens left to spend here, when they lapse), in the order they lapse
        self._leases: OrderedDict[str, tuple[int, float]] = OrderedDict()
        # Processes configured alike share buckets; a process with other limits keeps its own
        # rather than fight over one bucket's settings.
        limits = hashlib.sha256(f"{rate}/{burst}".encode()).hexdigest()[:8]
        self.bucket = f"{BUCKET_PREFIX}{name}_{limits}"
        self._store: KeyValue | None = None

    async def retry_after(self, client: str, events: LiveEvents) -> int:
        """0 when the request may go ahead (and is counted), else whole seconds to wait."""
        if self._spend_lease(client):
            return 0
        try:
            store = await self._kv(events)
            if store is not None:
                for _ in range(ATTEMPTS):
                    taken = await self._take(store, _key(client))
                    if taken is not None:
                        granted, wait = taken
                        if granted > 1:
                            self._leases[client] = (granted - 1,
                                                    time.monotonic() + self.lease_seconds)
                        return wait
        except (NatsError, OSError, TimeoutError) as error:
            log.debug("shared rate limit unavailable: %s", type(error).__name__)
            self._store = None
        return self.local.retry_after(client)

    def _spend_lease(self, client: str) -> bool:
        """Spend a token this process holds for `client`, if it holds one; lapsed leases go."""
        now = time.monotonic()
        while self._leases:
            _, lapses = next(iter(self._leases.values()))
            if lapses > now:
                break
            self._leases.popitem(last=False)
        held = self._leases.get(client)
        if held is None:
            return False
        left, lapses = held
        if left > 1:
            self._leases[client] = (left - 1, lapses)  # in place: it lapses when it did
        else:
            del self._leases[client]
        return True

    async def _kv(self, events: LiveEvents) -> KeyValue | None:
        if self._store is None and events.connected():
            # Kept until the refill would have made the bucket full again: then it is no bucket.
            config = KeyValueConfig(bucket=self.bucket, storage=StorageType.MEMORY,
                                    ttl=max(1.0, self.burst / self.rate), history=1)
            self._store = await events.jetstream.create_key_value(config)
        return self._store

    async def _take(self, store: KeyValue, key: str) -> tuple[int, int] | None:
        """One compare-and-set attempt taking up to a lease: the tokens taken and the wait, or
        None when another process got there first."""
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
        tokens, granted, wait = take_up_to(tokens, last, now, self.rate, self.burst, self.lease)
        value = f"{tokens:.6f},{now:.6f}".encode()
        try:
            if revision is None:
                await store.create(key, value)
            else:
                await store.update(key, value, last=revision)
        except KeyWrongLastSequenceError:
            return None
        return granted, wait


def _key(client: str) -> str:
    """A key NATS accepts whatever the client's name holds (subjects carry any character)."""
    return hashlib.sha256(client.encode()).hexdigest()[:32]
