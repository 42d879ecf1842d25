"""The request log's JSON lines, read back."""

from __future__ import annotations

import io
import json


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]
