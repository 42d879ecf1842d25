"""Fixtures of the API tests."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from api import logs


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """The request log as a log pipeline would receive it: JSON, one line per record."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.formatter("json"))
    logger = logging.getLogger("hub.request")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
