"""Comparisons and their levels, and the array helpers every entity's comparisons share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.process import cpdist

from linking.normalise.columns import Columns

Codes = NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class Comparison:
    """One comparison and its levels, from least to most alike.

    When `missing_first` holds, level 0 means "not recorded on one side": it carries no weight,
    since whether a field is filled in says nothing about a match. `against` levels can only
    count against a match (a different date of birth); when `ordered`, every other level can
    only count for one, whatever a thin sample of pairs suggests. `term_frequency` levels rest
    on a shared value whose rarity adjusts their weight.
    """

    name: str
    levels: tuple[str, ...]
    missing_first: bool = True
    against: frozenset[int] = frozenset({1})
    free: frozenset[int] = frozenset()
    ordered: bool = True


def banded(levels: NDArray[np.int8], carried: NDArray[np.int64], rare: int
           ) -> NDArray[np.int8]:
    """Term frequency as levels: a level resting on a shared value (`carried` > 0: how many
    records carry it) becomes the level above it for a value at most `rare` records hold, and
    stays for a common one, so that EM and the random pairs weigh "same common name" apart from
    "same name"."""
    return np.where((carried > 0) & (carried <= rare), levels + 1, levels).astype(np.int8)


def equal_levels(left: Codes, right: Codes) -> NDArray[np.int8]:
    """0 missing on a side, 1 different, 2 the same."""
    levels = np.where(left == right, 2, 1).astype(np.int8)
    levels[(left < 0) | (right < 0)] = 0
    return levels


def string_scores(columns: Columns, left: Codes, right: Codes, scorer: Any,
                  rows: NDArray[np.bool_]) -> NDArray[np.float64]:
    """A rapidfuzz scorer over the strings of the selected rows, all at once; 0 elsewhere."""
    scores = np.zeros(len(left))
    if rows.any():
        scores[rows] = cpdist(columns.strings[left[rows]], columns.strings[right[rows]],
                              scorer=scorer, workers=-1)
    return scores


def member(values: Codes, matrix: Codes) -> NDArray[np.bool_]:
    """Whether each value (not -1) is in its row of a set-valued feature."""
    return np.asarray((matrix == values[:, None]).any(axis=1) & (values >= 0))
