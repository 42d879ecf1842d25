"""Log lines: JSON for machines (`HUB_LOG_FORMAT=json`), readable ones in development.

The standard library's loggers (ours, uvicorn's, the driver's) all go through one structlog
formatter, so every line has a time, a level and a logger, and a line written while a request
is handled carries that request's id (bound by `api.observe.RequestLog`).
"""

from __future__ import annotations

import logging
from typing import Literal

import structlog
from structlog.typing import EventDict, Processor

from graph import telemetry

LogFormat = Literal["json", "console"]


def _without_colour(logger: object, method: str, event: EventDict) -> EventDict:
    """uvicorn passes a coloured copy of its message as an extra; the line has the plain one."""
    event.pop("color_message", None)
    return event


def formatter(log_format: LogFormat) -> structlog.stdlib.ProcessorFormatter:
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        _without_colour,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    rendered: list[Processor] = (
        [structlog.processors.dict_tracebacks, structlog.processors.JSONRenderer()]
        if log_format == "json" else [structlog.dev.ConsoleRenderer(colors=False)])
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *rendered])


def configure(log_format: LogFormat, level: str = "INFO") -> None:
    """One handler on the root logger; uvicorn's loggers hand their lines to it. Its access log
    is left off: `RequestLog` writes a richer line per request. Run again in each worker after
    uvicorn's own set-up, so it must leave uvicorn's loggers as it wants them whatever it finds."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate, logger.disabled = [], True, False
        logger.setLevel(logging.NOTSET)  # the root's level rules, whatever uvicorn set before
    # uvicorn's access line says less than `RequestLog`'s: it is never written.
    access = logging.getLogger("uvicorn.access")
    access.handlers, access.propagate = [], False
    # The driver warns once per transaction it retries: during an outage, thousands of lines.
    # An outage is logged once when it starts and once when it ends (`graph.outages`).
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    # When the database goes, the driver logs an error for each pooled connection it finds
    # dead: one line per connection, 80 at once, saying what `graph.outages` says in one.
    driver_io = logging.getLogger("neo4j.io")
    if not any(isinstance(f, LostConnections) for f in driver_io.filters):
        driver_io.addFilter(LostConnections())


class LostConnections(logging.Filter):
    """Counts the driver's "defunct connection" errors (`hub_neo4j_connections_lost_total`)
    instead of writing them; its other errors are still written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "<CONNECTION> error" in str(record.msg):
            telemetry.CONNECTIONS_LOST.inc()
            return False
        return True
