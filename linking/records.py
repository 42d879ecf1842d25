"""Record files: one JSON object per line, as `hub link --input` reads them and the demo
generator writes them (referrals, accounts, and their truth files)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Each non-blank line's object, in file order, read lazily: files of millions stream."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)
