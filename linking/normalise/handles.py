"""Handles: one spelling for the many ways a reporter or a platform writes the same handle.

Reporters type `@Mike_Smith`, `mike.smith` or `MIKE SMITH`; evaders swap letters for look-alike
digits. `handle_key` folds those differences away, digits and all, so that an indexed equality
lookup finds them (it names accounts in the graph). `handle_parts` keeps what the linker needs
to tell people apart: the digits a person added are theirs (`daniel_taylor8172` is not
`daniel_taylor92641`), while a look-alike digit between letters is a letter (`danieltay1or`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Look-alike characters that evaders swap for letters; folded one way, towards the letter.
# `i` folds to `l` as `1` does, because `1`, `l`, `I` and `i` are the usual swap set.
_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "!": "l", "|": "l", "3": "e", "4": "a",
                             "@": "a", "5": "s", "$": "s", "7": "t", "8": "b", "i": "l"})
_SEPARATORS = re.compile(r"[\s._\-]+")
# A look-alike only counts as a letter between letters: `P4tri0t`, not `Patriot84`.
_BETWEEN_LETTERS = re.compile(r"(?<=[a-z])[0134578!|$@]+(?=[a-z])")
# Or as the handle's first character, one alone straight before a letter (`5arah`, `4my`,
# `0liver`); a number before a name (`1439daniel`, `1_daniel`) stays a number, and so do `7`
# and `8`, more often a number than a `t` or a `b` there.
_LEADING = re.compile(r"^[01345!|$@](?=[a-z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class HandleParts:
    """A handle folded (`folded`), and its letters and digits apart."""

    folded: str
    letters: str
    digits: str


def _ascii(text: str) -> str:
    text = text.strip()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def bare_handle(text: str) -> str:
    """A handle without a platform's domain suffix (`name.bsky.social`)."""
    return text.split(".bsky.", 1)[0]


def handle_key(handle: str) -> str:
    """Fold case, a leading `@`, separators, accents and every look-alike character."""
    text = _ascii(handle).lower().lstrip("@")
    text = _SEPARATORS.sub("", text)
    return text.translate(_LOOKALIKES)


def handle_parts(handle: str) -> HandleParts | None:
    """Case, separators and accents folded; look-alike digits between letters read as letters,
    other digits kept. None when nothing is left."""
    text = _ascii(bare_handle(handle)).lower().lstrip("@")
    text = _SEPARATORS.sub("", _LEADING.sub(lambda found: found.group().translate(_LOOKALIKES),
                                            text))
    text = _BETWEEN_LETTERS.sub(lambda found: found.group().translate(_LOOKALIKES), text)
    text = _NOT_ALNUM.sub("", text.replace("i", "l"))
    if not text:
        return None
    return HandleParts(text, _DIGITS.sub("", text), "".join(_DIGITS.findall(text)))
