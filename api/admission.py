"""How many GraphQL requests one process lets work at once: learnt from how they end.

A fixed limit fails the hub just after an outage. Neo4j comes back cold (every query planned
afresh, caches empty) while the referrals held back during the outage, and their senders'
retries, all arrive at once: with 80 admitted together each took longer than the request
deadline, was cut and rolled back, and was sent again, so for half a minute almost nothing
was stored although the database answered (bench/faults.py; docs/BENCHMARKS.md). The same
happened to a process started cold under load (bench/faults.py at a load of 27).

So the limit moves, as TCP's congestion window does (additive increase, multiplicative
decrease): every request that finishes without being told to retry lets one more in, up to
`ceiling`; every request answered "retry" by the hub itself (the database away, or the deadline
passed) halves it, down to `floor`. After an outage the limit is at the floor: a few requests
warm the database and then it opens up again, within a few round trips. Requests beyond the
limit are refused at once with `Retry-After`, which costs the process nothing, rather than
queued behind work that cannot finish in time.

Small enough to keep here: the packages that do this are young, and each wants its own model of
a request.
"""

from __future__ import annotations


class Admission:
    """The limit and the count of requests working now, for one process's event loop."""

    def __init__(self, floor: int, ceiling: int) -> None:
        self.floor = max(1, min(floor, ceiling))
        self.ceiling = ceiling
        # A process starts open: nothing says yet that the database is struggling, and a
        # burst of concurrent referrals at start-up (tests, a replay) must not be refused.
        self.limit = float(ceiling)
        self.in_flight = 0

    def enter(self) -> bool:
        """Admit one more request, or say it must be refused now."""
        if self.in_flight >= int(self.limit):
            return False
        self.in_flight += 1
        return True

    def left(self, overloaded: bool | None) -> None:
        """An admitted request is done: `overloaded` when the hub told it to retry, None when
        it was never answered (its sender left), which says nothing either way."""
        self.in_flight -= 1
        if overloaded is None:
            return
        if overloaded:
            self.limit = max(float(self.floor), self.limit / 2)
        else:
            self.limit = min(float(self.ceiling), self.limit + 1)
