"""A seeded random source tuned for drawing millions of small choices.

`random.Random.choice` and `randint` reject-sample through Python code to be exactly uniform;
multiplying one 53-bit float is uniform to within 2**-53 for the small ranges drawn here, and
several times faster, which decides whether a million accounts take seconds or minutes.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

T = TypeVar("T")
_EXACT_BEYOND = 1 << 40


class Dice(random.Random):
    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        low, high = (0, start) if stop is None else (start, stop)
        if step != 1 or high - low > _EXACT_BEYOND:
            return super().randrange(start, stop, step)
        return low + int(self.random() * (high - low))
