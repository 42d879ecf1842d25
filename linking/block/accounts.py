"""Blocking keys for accounts: any one shared makes two accounts candidates.

Handles: the folded handle (and the handles a bio names, in the same key space), its letters
(`danleltaylor` for every Daniel Taylor, however numbered), its first eight characters
(a handle cut short, an edit near the end) and its last six (an edit near the start). Contacts:
email, phone. Identity fields in pairs, so that a record with typing slips in two of its four
fields still shares a key with its duplicate: first and last name, either with the date of
birth or the postcode, date of birth with postcode; and the date of birth, the postcode and the
family name alone. Stored keys (`blocking_keys`, for accounts arriving one at a time) and batch
keys (`key_rows`, from codes) are the same keys.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from linking.normalise.accounts import AccountFeatures
from linking.normalise.columns import Columns

BLOCK_CAP = 40
PREFIX, SUFFIX, LONG = 8, 6, 9
# Identity fields keyed in pairs (kind letter, first field, second field) and alone.
_PAIRED = (("n", "first", "last"), ("f", "first", "dob"), ("g", "last", "dob"),
           ("d", "dob", "postcode"), ("q", "first", "postcode"), ("r", "last", "postcode"))
_ALONE = (("e", "email"), ("t", "phone"), ("b", "dob"), ("c", "postcode"), ("s", "last"))


def _prefix(handle: str) -> str | None:
    return handle[:PREFIX] if len(handle) >= PREFIX else None


def _suffix(handle: str) -> str | None:
    return handle[-SUFFIX:] if len(handle) >= LONG else None


def _letters(letters: str) -> str | None:
    return letters if len(letters) >= 4 else None


_DERIVED: tuple[tuple[str, str, Callable[[str], str | None]], ...] = (
    ("a", "handle", _prefix), ("z", "handle", _suffix), ("l", "letters", _letters))


def blocking_keys(features: AccountFeatures) -> frozenset[str]:
    keys = {f"h:{h}" for h in (features.handle, *features.mentions) if h}
    for kind, name, derive in _DERIVED:
        value = getattr(features, name)
        derived = derive(value) if value else None
        if derived:
            keys.add(f"{kind}:{derived}")
    for kind, name in _ALONE:
        value = getattr(features, name)
        if value:
            keys.add(f"{kind}:{value}")
    for kind, left, right in _PAIRED:
        a, b = getattr(features, left), getattr(features, right)
        if a and b:
            keys.add(f"{kind}:{a}|{b}")
    return frozenset(keys)


def key_rows(columns: Columns) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The keys of `blocking_keys` as (key, account) integer rows, computed from the codes.

    A key is its kind times a constant plus the value's code (or a pair of codes), so kinds
    never collide and no key string is built.
    """
    scalar = columns.scalar
    width = np.int64(columns.vocabulary_size + 1)

    def pair(left: NDArray[np.int32], right: NDArray[np.int32]) -> NDArray[np.int64]:
        return np.where((left >= 0) & (right >= 0), left.astype(np.int64) * width + right, -1)

    kinds: list[NDArray[np.int64] | NDArray[np.int32]] = [
        np.hstack([scalar["handle"][:, None], columns.sets["mentions"]])]
    kinds += [columns.recode(scalar[name], derive)[:, None] for _, name, derive in _DERIVED]
    kinds += [scalar[name][:, None] for _, name in _ALONE]
    kinds += [pair(scalar[left], scalar[right])[:, None] for _, left, right in _PAIRED]
    span = width * width
    keys, owners = [], []
    for kind, values in enumerate(kinds):
        rows, at = np.nonzero(values >= 0)
        keys.append(values[rows, at].astype(np.int64) + kind * span)
        owners.append(rows.astype(np.int64))
    return np.concatenate(keys), np.concatenate(owners)
