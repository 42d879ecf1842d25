"""Records as integer codes, one array per feature, so that later stages run as array work.

Every distinct string of every feature gets one code in a shared vocabulary (so a handle named
in one account's bio has the code of another account's handle); -1 is "nothing". Columns are
built one record at a time, so a million records never sit in memory as objects, then frozen
into arrays in id order, so that nothing downstream (random pairs, ties) depends on the order
records came in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray


def distinct(values: NDArray[Any]) -> NDArray[Any]:
    """Sorted distinct values. `np.unique` hashes in numpy 2.x, which on tens of millions of
    int64 codes was a hundred times slower than sorting here."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


class Columns:
    """Scalar features (one code per record) and set features (a fixed width of codes)."""

    def __init__(self, scalars: Iterable[str], sets: Mapping[str, int],
                 features: Iterable[Any] | None = None) -> None:
        """With `features`, built and frozen at once; without, `add` then `freeze`."""
        self._vocabulary: dict[str, int] = {}
        self.ids: list[str] = []
        self._scalar: dict[str, list[int]] = {name: [] for name in scalars}
        self._width = dict(sets)
        self._sets: dict[str, list[int]] = {name: [] for name in sets}
        self._padding = [(-1,) * n for n in range(max(sets.values(), default=0) + 1)]
        if features is not None:
            for feature in features:
                self.add(feature)
            self.freeze()

    def _code(self, value: str) -> int:
        code = self._vocabulary.get(value)
        if code is None:
            code = self._vocabulary[value] = len(self._vocabulary)
        return code

    def add(self, feature: Any) -> None:
        self.ids.append(feature.id)
        for name, column in self._scalar.items():
            value = getattr(feature, name)
            column.append(-1 if value is None else self._code(value))
        for name, column in self._sets.items():
            values = getattr(feature, name)[:self._width[name]]
            column.extend(-1 if value is None else self._code(value) for value in values)
            column.extend(self._padding[self._width[name] - len(values)])

    def freeze(self) -> None:
        """Turn the collected codes into arrays, in id order; call once, after `add`."""
        self.size = len(self.ids)
        order = np.argsort(np.asarray(self.ids, dtype=object), kind="stable")
        self.ids = [self.ids[i] for i in order.tolist()]
        self.scalar = {name: np.asarray(column, dtype=np.int32)[order]
                       for name, column in self._scalar.items()}
        self.sets = {name: np.asarray(column, dtype=np.int32).reshape(-1, self._width[name])
                     [order] for name, column in self._sets.items()}
        self._scalar, self._sets = {}, {}
        # One more entry at the end, an empty string, which code -1 (nothing) indexes.
        self.strings = np.empty(len(self._vocabulary) + 1, dtype=object)
        self.strings[:] = [*self._vocabulary, ""]
        self.lengths = np.fromiter(map(len, self.strings), dtype=np.int32,
                                   count=len(self.strings))
        self.vocabulary_size = len(self._vocabulary)
        self._vocabulary = {}

    def counts(self, name: str) -> NDArray[np.int64]:
        """How many records carry each value in feature `name`, indexed by code."""
        codes = self.scalar[name] if name in self.scalar else self.sets[name].ravel()
        return np.bincount(codes[codes >= 0], minlength=self.vocabulary_size + 1)

    def recode(self, codes: NDArray[np.int32], derive: Callable[[str], str | None]
               ) -> NDArray[np.int64]:
        """Codes of a value derived from each coded string (a prefix...), -1 where none; the
        derived values get codes of their own, apart from the vocabulary."""
        wanted = distinct(codes[codes >= 0])
        derived: dict[str, int] = {}
        table = np.full(self.vocabulary_size + 1, -1, dtype=np.int64)
        for value in wanted.tolist():
            text = derive(self.strings[value])
            if text is not None:
                table[value] = derived.setdefault(text, len(derived))
        return np.where(codes >= 0, table[np.maximum(codes, 0)], -1)
