"""Handle keys: one spelling for the many ways a reporter or a platform writes the same handle.

Reporters type `@Mike_Smith`, `mike.smith` or `MIKE SMITH`; evaders swap letters for look-alike
digits. The key folds those differences away so that an indexed equality lookup finds them all.
"""

from __future__ import annotations

import re
import unicodedata

# Look-alike characters that evaders swap for letters; folded one way, towards the letter.
_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "!": "l", "|": "l", "3": "e", "4": "a",
                             "@": "a", "5": "s", "$": "s", "7": "t", "8": "b", "i": "l"})
_SEPARATORS = re.compile(r"[\s._\-]+")


def handle_key(handle: str) -> str:
    """Fold case, a leading `@`, separators, accents and look-alike characters.

    `i` folds to `l` as `1` does, because `1`, `l`, `I` and `i` are the usual swap set.
    """
    text = unicodedata.normalize("NFKD", handle.strip()).encode("ascii", "ignore").decode()
    text = text.lower().lstrip("@")
    text = _SEPARATORS.sub("", text)
    return text.translate(_LOOKALIKES)
