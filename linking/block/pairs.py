"""Candidate pairs from (key, record) rows: every pair of records sharing a key, once."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from linking.normalise.columns import distinct


def block_pairs(keys: NDArray[np.int64], owners: NDArray[np.int64], size: int, cap: int
                ) -> NDArray[np.int64]:
    """Every pair sharing a key of a block no bigger than `cap`, smaller index first.

    Keys are sorted; blocks of one size are expanded together with one index grid, so a
    million records cost a few array operations per block size, not a Python loop per block.
    """
    if not len(keys):
        return np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    fresh = np.r_[True, (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])]
    keys, owners = keys[fresh], owners[fresh]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    found = [np.zeros(0, dtype=np.int64)]
    total = np.int64(size)
    for block in distinct(sizes[(sizes >= 2) & (sizes <= cap)]).tolist():
        first = starts[sizes == block]
        i, j = np.triu_indices(block, 1)
        found.append((owners[first[:, None] + i] * total + owners[first[:, None] + j]).ravel())
    unique = distinct(np.concatenate(found))
    return np.column_stack([unique // total, unique % total])
