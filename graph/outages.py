"""Which database failures are outages, and one log line each time the database goes or returns.

A caller can do something about an outage (retry later), and nothing about a fault in the hub's
own queries; so every exception class the neo4j driver defines is decided here, one by one
(`tests/graph/test_outages.py` walks the driver's classes, so one added by an upgrade fails that
test until it is decided). None of the driver's errors is the API caller's to fix: callers never
send Cypher, so those are the hub's faults (`INTERNAL`) unless they mean the database is away.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import time
from collections.abc import Callable, Iterator

from neo4j import exceptions as driver

log = logging.getLogger("hub.database")

# The circuit breaker: after OPEN_AFTER failures with no answer between them the database is
# taken to be down, and requests fail at once (each would otherwise hold a client for the
# pool's whole wait) except one every PROBE_INTERVAL seconds, let through to find out whether it
# is back. Any answer, a probe's or /readyz's, closes it.
OPEN_AFTER = 3
PROBE_INTERVAL = 1.0


class DatabaseDown(driver.ServiceUnavailable):
    """Raised without trying while the circuit breaker is open: an outage like any other."""


class Failure(enum.Enum):
    REFUSED = "client-fixable"  # the caller's request is wrong (the API's own refusals)
    UNAVAILABLE = "unavailable"  # the same request will work once the database is back
    INTERNAL = "internal"  # a fault in the hub: masked, logged with a correlation id


DOWN, FAULT = Failure.UNAVAILABLE, Failure.INTERNAL
FAILURES: dict[type[BaseException], Failure] = {
    driver.GqlError: FAULT,
    driver.Neo4jError: FAULT,
    driver.ClientError: FAULT,  # our Cypher or parameters
    driver.CypherSyntaxError: FAULT,
    driver.CypherTypeError: FAULT,
    driver.ConstraintError: FAULT,  # intake handles its own clash; anywhere else it is a bug
    driver.Forbidden: FAULT,  # the hub's database user lacks a privilege: configuration
    driver.AuthError: DOWN,  # the database refuses the hub's credentials until an operator acts
    driver.TokenExpired: DOWN,
    driver.DatabaseError: FAULT,
    driver.TransientError: DOWN,  # what is left once the driver's own retries are spent
    driver.DatabaseUnavailable: DOWN,
    driver.NotALeader: DOWN,
    driver.ForbiddenOnReadOnlyDatabase: DOWN,  # a cluster mid-election
    driver.DriverError: FAULT,
    driver.ServiceUnavailable: DOWN,
    driver.ReadServiceUnavailable: DOWN,
    driver.WriteServiceUnavailable: DOWN,
    driver.RoutingServiceUnavailable: DOWN,
    driver.IncompleteCommit: DOWN,  # and its outcome is unknown: see `outcome_unknown`
    driver.SessionExpired: DOWN,
    driver.ConnectionPoolError: DOWN,
    driver.ConnectionAcquisitionTimeoutError: DOWN,
    driver.SessionError: FAULT,
    driver.TransactionError: FAULT,
    driver.TransactionNestingError: FAULT,
    driver.ResultError: FAULT,
    driver.ResultConsumedError: FAULT,
    driver.ResultFailedError: FAULT,
    driver.ResultNotSingleError: FAULT,
    driver.BrokenRecordError: FAULT,
    driver.ConfigurationError: FAULT,
    driver.AuthConfigurationError: FAULT,
    driver.CertificateConfigurationError: FAULT,
    driver.UnsupportedServerProduct: FAULT,
    DatabaseDown: DOWN,
    # A socket reset, refused or timed out under the driver, when it surfaces unwrapped.
    ConnectionError: DOWN,
    TimeoutError: DOWN,
}
# Server-side refusals that mean "the database is going away", not "the query is wrong".
SHUTDOWN_CODES = frozenset({"Neo.ClientError.Transaction.Terminated",
                            "Neo.ClientError.Transaction.TransactionTimedOut",
                            "Neo.ClientError.Transaction.LockClientStopped"})


def failure_of(error: BaseException) -> Failure | None:
    """How a database failure is answered; None for an exception the table does not know.

    The exception's own class decides, else the nearest class above it in the table, else what
    it was raised from (`raise ... from`), so a wrapped outage stays an outage."""
    if isinstance(error, driver.Neo4jError) and error.code in SHUTDOWN_CODES:
        return Failure.UNAVAILABLE
    for cls in type(error).__mro__:
        if cls in FAILURES:
            return FAILURES[cls]
    return failure_of(error.__cause__) if error.__cause__ is not None else None


def unavailable(error: BaseException) -> bool:
    return failure_of(error) is Failure.UNAVAILABLE


def outcome_unknown(error: BaseException) -> bool:
    """The connection went while a commit was under way: the change may or may not be stored."""
    return isinstance(error, driver.IncompleteCommit) or (
        error.__cause__ is not None and outcome_unknown(error.__cause__))


class Outages:
    """The database's state as this process last saw it, logged once per change, and the
    circuit breaker that follows it.

    During an outage every request fails the same way; a line for each would bury the one that
    matters. So the first failure logs "database unavailable", the first answer after it logs
    "database back after N s" with how many failures were counted in between.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.down_since: float | None = None
        self.failures = 0
        self.last_probe = 0.0

    def failed(self, error: BaseException) -> None:
        self.failures += 1
        self.last_probe = self.clock()
        if self.down_since is None:
            self.down_since = self.last_probe
            log.warning("database unavailable (%s)", type(error).__name__)

    def admit(self) -> None:
        """Let a unit of work try the database, or raise `DatabaseDown` at once while the
        breaker is open and no probe is due."""
        if self.failures < OPEN_AFTER:
            return
        if self.clock() - self.last_probe >= PROBE_INTERVAL:
            self.last_probe = self.clock()  # this one is the probe; the others wait for it
            return
        self.failures += 1
        raise DatabaseDown("the database is unavailable; retry shortly")

    def answered(self) -> None:
        if self.down_since is not None:
            log.warning("database back after %.0f s (%d failures while it was away)",
                        self.clock() - self.down_since, self.failures)
            self.down_since = None
            self.failures = 0

    @contextlib.contextmanager
    def watching(self, probe: bool = False) -> Iterator[None]:
        """Around one unit of database work. A cancelled one (its deadline passed) says nothing
        about the database, and is not counted either way. A `probe` (readiness) always tries:
        it is how the breaker learns the database is back without waiting for a request."""
        if not probe:
            self.admit()
        try:
            yield
        except Exception as error:
            if unavailable(error):
                self.failed(error)
            else:
                self.answered()  # the database answered, if with a refusal
            raise
        self.answered()
