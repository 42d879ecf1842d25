"""Names, dates of birth and postcodes in one written form each.

Platforms disclose `Daniel TAYLOR`, `daniel taylor 🇬🇧` or `Taylor, Daniel`; registers write
dates as `1969-06-27`, `27/06/1969` or `19690627`. The linker compares the first and last word
of a name, so both are folded to plain lower-case letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_NOT_LETTERS = re.compile(r"[^a-z ]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})|\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b"
                   r"|^\s*(\d{4})(\d{2})(\d{2})\s*$")


@lru_cache(maxsize=1 << 16)
def name_words(value: Any) -> tuple[str, ...]:
    """The words of a name, letters only, accents folded (cached: names repeat)."""
    text = str(value) if value else ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return tuple(_NOT_LETTERS.sub(" ", text.lower().replace(",", " ")).split())


@lru_cache(maxsize=1 << 16)
def display_key(value: Any) -> str | None:
    """A display name as it reads, digits kept (`Petersmith 15434`), case, accents, emoji and
    punctuation folded away."""
    if not value:
        return None
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    folded = " ".join(_NOT_ALNUM.sub(" ", text.lower()).split())
    return folded or None


@lru_cache(maxsize=1 << 16)
def date_key(value: Any) -> str | None:
    """ISO `1969-06-27`, British `27/06/1969` or compact `19690627` as `19690627`."""
    found = _DATE.search(str(value)) if value else None
    if found is None:
        return None
    if found.group(1):
        year, month, day = found.group(1, 2, 3)
    elif found.group(6):
        year, month, day = found.group(6, 5, 4)
    else:
        year, month, day = found.group(7, 8, 9)
    return f"{year}{int(month):02d}{int(day):02d}"


def postcode_key(value: Any) -> str | None:
    text = "".join(str(value).upper().split()) if value else ""
    return text or None
