"""Handle keys: one spelling for the many ways a reporter or a platform writes the same handle.

Reporters type `@Mike_Smith`, `mike.smith` or `MIKE SMITH`; evaders swap letters for look-alike
digits. The key folds those differences away so that an indexed equality lookup finds them all.
The stem goes further, for a person coming back after a ban: it drops the digits and the filler
words (`the`, `real`, `tv`, `backup`...) that people add to a handle already taken, so that
`TheFreeLad974x`, `The_FreeL4d974` and `freelad` share one stem.
"""

from __future__ import annotations

import re
import unicodedata

# Look-alike characters that evaders swap for letters; folded one way, towards the letter.
_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "!": "l", "|": "l", "3": "e", "4": "a",
                             "@": "a", "5": "s", "$": "s", "7": "t", "8": "b", "i": "l"})
_SEPARATORS = re.compile(r"[\s._\-]+")
# A look-alike only counts as a letter between letters: `P4tri0t`, not `Patriot84`.
_BETWEEN_LETTERS = re.compile(r"(?<=[A-Za-z])[0134578!|$]+(?=[A-Za-z])")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORDS = re.compile(r"[a-z]+")
_LEADING = frozenset({"the", "real", "its", "im", "iam", "official", "mr", "x", "og"})
_TRAILING = frozenset({"x", "xx", "u", "tv", "uk", "og", "official", "backup", "real", "again",
                       "alt", "new", "v", "the", "hq"})
_GLUED_AFFIXES = (("the", "real"), ("tv", "official", "backup"))
MIN_STEM = 3


def _ascii(text: str) -> str:
    text = text.strip()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def bare_handle(text: str) -> str:
    """A handle without a platform's domain suffix (`name.bsky.social`)."""
    return text.split(".bsky.", 1)[0]


def handle_key(handle: str) -> str:
    """Fold case, a leading `@`, separators, accents and look-alike characters.

    `i` folds to `l` as `1` does, because `1`, `l`, `I` and `i` are the usual swap set.
    """
    text = _ascii(handle).lower().lstrip("@")
    text = _SEPARATORS.sub("", text)
    return text.translate(_LOOKALIKES)


def handle_stem(handle: str) -> str | None:
    """The words of a handle without digits and filler words, folded like the key.

    None when fewer than three letters remain: such a stem would match half the platform.
    """
    text = bare_handle(_ascii(handle).lstrip("@"))
    text = _BETWEEN_LETTERS.sub(lambda found: found.group().translate(_LOOKALIKES), text)
    words = _WORDS.findall(_CAMEL.sub(" ", text).lower())
    while len(words) > 1 and words[0] in _LEADING:
        words.pop(0)
    while len(words) > 1 and words[-1] in _TRAILING:
        words.pop()
    stem = "".join(words)
    leading, trailing = _GLUED_AFFIXES
    for affix in leading:
        if stem.startswith(affix) and len(stem) - len(affix) > MIN_STEM:
            stem = stem[len(affix):]
    for affix in trailing:
        if stem.endswith(affix) and len(stem) - len(affix) > MIN_STEM:
            stem = stem[:-len(affix)]
    stem = stem.translate(_LOOKALIKES)
    return stem if len(stem) >= MIN_STEM else None


def fold_letters(text: str) -> str:
    """Look-alike folding only (`i` -> `l`), for letters already lower-case."""
    return text.translate(_LOOKALIKES)


def name_spellings(words: list[str]) -> tuple[str, ...]:
    """How people spell their own name as a handle: `lisadean`, `ldean`, `lisad`, `deanlisa`,
    `deanl`."""
    if len(words) < 2:
        return ()
    first, last = words[0], words[-1]
    spellings = (first + last, first[0] + last, first + last[0], last + first, last + first[0])
    return tuple(dict.fromkeys(s.translate(_LOOKALIKES) for s in spellings if len(s) > MIN_STEM))
