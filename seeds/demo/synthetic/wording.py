"""The words of a post: slot-filled templates in the author's own voice.

Each author favours some openers, closers, emoji and hashtags, so two posts by one person look
alike without being the same, which is exactly what makes near-duplicate text hard to call.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from seeds.demo.synthetic.dice import Dice
from seeds.demo.synthetic.vocabulary import (
    CLOSERS,
    EMOJI,
    HASHTAGS,
    OPENERS,
    PREDICATES,
    SUBJECTS,
    TOWNS,
)


@dataclass(frozen=True, slots=True)
class Voice:
    opener: str
    closer: str
    emoji: str
    hashtag: str
    town: str
    exclaims: bool


def voice_of(seed: int, person: int) -> Voice:
    """The same person always sounds the same, whichever post is written first."""
    rng = Dice(f"voice:{seed}:{person}")
    return Voice(rng.choice(OPENERS), rng.choice(CLOSERS), rng.choice(EMOJI),
                 rng.choice(HASHTAGS), rng.choice(TOWNS), rng.random() < 0.3)


def _pick(favourite: str, choices: tuple[str, ...], rng: random.Random) -> str:
    return favourite if rng.random() < 0.55 else rng.choice(choices)


def post_text(voice: Voice, rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    where = f" in {_pick(voice.town, TOWNS, rng)}" if rng.random() < 0.5 else ""
    stop = "!" if voice.exclaims else "."
    parts = [f"{_pick(voice.opener, OPENERS, rng)} {subject}{where} "
             f"{rng.choice(PREDICATES)}{stop}"]
    if rng.random() < 0.35:
        parts.append(f"And {rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}{stop}")
    if rng.random() < 0.7:
        parts.append(_pick(voice.closer, CLOSERS, rng))
    if rng.random() < 0.5:
        parts.append(_pick(voice.emoji, EMOJI, rng) * rng.randint(1, 3))
    for _ in range(rng.choice((0, 1, 1, 2))):
        parts.append("#" + _pick(voice.hashtag, HASHTAGS, rng))
    return " ".join(parts)
