"""How one person names their accounts: a favourite handle, bent differently on each platform.

People keep a recognisable core ("john_smith87", "JohnSmith_87", "j0hnsmith") and platforms
impose their own rules (X: 15 characters, letters, digits and `_`; Discord: lower case). The
variation here is what handle keys and fuzzy comparison have to see through.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from seeds.demo.synthetic.params import Noise
from seeds.demo.synthetic.vocabulary import (
    COMMON_HANDLES,
    EMOJI,
    HANDLE_ADJECTIVES,
    HANDLE_NOUNS,
    NICKNAMES,
)

_LOOKALIKE = {"o": "0", "0": "o", "l": "1", "1": "l", "i": "1", "e": "3", "3": "e", "a": "4",
              "4": "a", "s": "5", "5": "s", "O": "0", "I": "1", "E": "3", "S": "5"}
_SEPARATORS = re.compile(r"[._\-]")
_TRAILING_DIGITS = re.compile(r"[0-9]+$")
_WORD_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z0-9])")


class Rule:
    """A platform's handle rules: allowed characters, length, and whether it folds case."""

    __slots__ = ("disallowed", "lower", "maximum", "minimum", "suffix")

    def __init__(self, allowed: str, minimum: int, maximum: int, lower: bool = False,
                 suffix: str = "") -> None:
        self.disallowed = re.compile(f"[^{allowed}]")
        self.minimum = minimum
        self.maximum = maximum
        self.lower = lower
        self.suffix = suffix


_RULES: dict[str, Rule] = {
    "x": Rule("A-Za-z0-9_", 4, 15),
    "facebook": Rule("A-Za-z0-9.", 5, 50),
    "instagram": Rule("A-Za-z0-9._", 3, 30),
    "threads": Rule("A-Za-z0-9._", 3, 30),
    "tiktok": Rule("A-Za-z0-9._", 3, 24),
    "youtube": Rule("A-Za-z0-9._\\-", 3, 30),
    "reddit": Rule("A-Za-z0-9_\\-", 3, 20),
    "telegram": Rule("A-Za-z0-9_", 5, 32),
    "snapchat": Rule("a-z0-9._\\-", 3, 15, lower=True),
    "discord": Rule("a-z0-9_.", 2, 32, lower=True),
    "bluesky": Rule("a-z0-9\\-", 3, 18, lower=True, suffix=".bsky.social"),
    "linkedin": Rule("a-z0-9\\-", 3, 100, lower=True),
    "twitch": Rule("A-Za-z0-9_", 4, 25),
    "gab": Rule("A-Za-z0-9_", 3, 30),
}


def handle_base(given: str, family: str, year: int, noise: Noise, rng: random.Random) -> str:
    """The core a person reuses everywhere."""
    roll = rng.random()
    if roll < noise.common_handle:
        return rng.choice(COMMON_HANDLES)
    persona = roll >= 0.5
    # Bare words are taken early on every platform; most people need digits to get a name.
    digits = rng.choice((f"{year % 100:02d}", str(year), str(rng.randint(1, 999)),
                         str(rng.randint(1, 99)))) \
        if rng.random() < (0.85 if persona else 0.6) else ""
    if persona:
        adjective, noun = rng.choice(HANDLE_ADJECTIVES), rng.choice(HANDLE_NOUNS)
        return rng.choice((f"{adjective}{noun}", f"{adjective}_{noun}",
                           f"The{adjective}{noun}")) + digits
    first = NICKNAMES.get(given, given) if rng.random() < 0.3 else given
    family = family.replace("'", "")
    return rng.choice((f"{first}{family}", f"{first}_{family}", f"{first[0]}{family}",
                       f"{first}.{family}", f"{family}{first[0]}", f"{first}{family[0]}")) + digits


def _lookalike(handle: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(handle) if c in _LOOKALIKE]
    for at in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        handle = handle[:at] + _LOOKALIKE[handle[at]] + handle[at + 1:]
    return handle


def _digits(handle: str, rng: random.Random) -> str:
    match = _TRAILING_DIGITS.search(handle)
    if match and rng.random() < 0.5:
        return handle[:match.start()]
    if match:
        return handle[:match.start()] + str(rng.randint(1, 99))
    return handle + rng.choice((str(rng.randint(1, 9)), str(rng.randint(10, 99)),
                                str(rng.randint(1975, 2008)), "123", "1"))


def _separators(handle: str, rng: random.Random) -> str:
    if _SEPARATORS.search(handle):
        return _SEPARATORS.sub(rng.choice(("", "_", ".", "-")), handle)
    return _WORD_BOUNDARY.sub(rng.choice(("_", ".", "-")), handle, count=1)


def handle_variant(base: str, noise: Noise, rng: random.Random, returned: bool) -> str:
    """One account's handle; a comeback after a ban leans on a marker ("2", "_back")."""
    handle = base
    if rng.random() < noise.handle_case:
        handle = rng.choice((handle.lower(), handle[:1].upper() + handle[1:], handle.upper(),
                             handle.capitalize()))
    if rng.random() < noise.handle_separator:
        handle = _separators(handle, rng)
    if rng.random() < noise.handle_digits:
        handle = _digits(handle, rng)
    if rng.random() < noise.handle_lookalike:
        handle = _lookalike(handle, rng)
    if rng.random() < noise.handle_truncate and len(handle) > 9:
        handle = handle[:rng.randint(8, len(handle) - 1)]
    if returned or rng.random() < noise.handle_affix:
        marks = ("2", "_back", "returns", "again", "Real", "_v2", "x") if returned else \
            ("_uk", "x", "official", "real", "tv", "_", "the")
        mark = rng.choice(marks)
        handle = mark + handle if mark in ("the", "Real", "real") and rng.random() < 0.5 \
            else handle + mark
    return handle


def fit_handle(platform: str, handle: str, rng: random.Random,
               taken: Callable[[str], bool]) -> str:
    """The handle as the platform would store it, made unique the way platforms suggest: a
    few digits on the end, within the length limit. Digits also pad one that is too short.
    """
    rule = _RULES[platform]
    text = handle.lower() if rule.lower else handle
    if rule.disallowed.search("_") and not rule.disallowed.search("-"):
        text = text.replace("_", "-").replace(".", "-")
    text = rule.disallowed.sub("", text)[:rule.maximum].strip("._-")
    while len(text) < rule.minimum:
        text += str(rng.randint(0, 9))
    core = text
    while taken(text + rule.suffix):
        digits = str(rng.randint(1, 9999))
        text = core[:rule.maximum - len(digits)] + digits
    return text + rule.suffix


def display_base(given: str, family: str, handle: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return f"{given} {family}"
    if roll < 0.6:
        return f"{NICKNAMES.get(given, given)} {family[0]}"
    if roll < 0.8:
        return " ".join(_WORD_BOUNDARY.sub(" ", _SEPARATORS.sub(" ", handle)).split()).title()
    return given


def display_variant(display: str, noise: Noise, rng: random.Random, returned: bool) -> str:
    if returned and rng.random() < 0.5:
        return display + rng.choice((" (back)", " 2.0", " - new acct", " II"))
    if rng.random() >= noise.display_variant:
        return display
    kind = rng.randrange(4)
    if kind == 0:
        return f"{display} {rng.choice(EMOJI)}"
    if kind == 1:
        return display.split(" ")[0]
    if kind == 2:
        return display.upper()
    return display.lower()
