"""Peers our account linker is measured against, each as `records -> {id: cluster}`.

- `exact_union`: accounts joined whenever their normalised handle, email or phone is equal
  (union-find); the simplest thing an analyst would script.
- `edit_union`: the same, and handles one edit apart (Damerau–Levenshtein, six letters or more)
  joined too; found through one-deletion keys so that no pair is compared blindly.
- `ecm`: recordlinkage's ECM classifier (unsupervised Fellegi–Sunter with EM, binary features)
  on given name and family name (Jaro–Winkler at least 0.85, as recordlinkage's own FEBRL
  example and our "similar" level), date of birth and postcode (exact), over the union of one
  block per field; clusters are connected components of the pairs it calls matches. This is the
  outsider's FEBRL peer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein

from linking.normalise.contacts import email_key, phone_key

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ECM_FIELDS = ("given_name", "family_name", "dob", "postcode")
_MIN_EDITED = 6


class _Union:
    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}

    def root(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def clusters(self) -> dict[str, str]:
        return {i: self.root(i) for i in self.parent}


def _handle(record: Mapping[str, Any]) -> str | None:
    handle = record.get("handle")
    text = _NOT_ALNUM.sub("", str(handle).lower().split(".bsky.", 1)[0]) if handle else ""
    return text or None


def _join_equal(union: _Union, keyed: Iterable[tuple[str, str | None]]) -> None:
    first: dict[str, str] = {}
    for account, key in keyed:
        if key is not None:
            union.join(first.setdefault(key, account), account)


def exact_union(records: Iterable[Mapping[str, Any]], edits: bool = False) -> dict[str, str]:
    rows = [(str(r["id"]), _handle(r), email_key(r.get("email")), phone_key(r.get("phone")))
            for r in records]
    union = _Union(row[0] for row in rows)
    for column in (1, 2, 3):
        _join_equal(union, ((row[0], row[column]) for row in rows))
    if edits:
        _join_one_edit(union, [(row[0], row[1]) for row in rows if row[1]])
    return union.clusters()


def edit_union(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return exact_union(records, edits=True)


def _join_one_edit(union: _Union, handles: list[tuple[str, str]]) -> None:
    """Handles within one Damerau–Levenshtein edit share a one-deletion key (or the handle)."""
    holders: dict[str, list[int]] = {}
    for index, (_, handle) in enumerate(handles):
        if len(handle) < _MIN_EDITED:
            continue
        for key in {handle, *(handle[:i] + handle[i + 1:] for i in range(len(handle)))}:
            holders.setdefault(key, []).append(index)
    for members in holders.values():
        for at, left in enumerate(members):
            for right in members[at + 1:]:
                if DamerauLevenshtein.distance(handles[left][1], handles[right][1]) <= 1:
                    union.join(handles[left][0], handles[right][0])


def ecm(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    import pandas as pd
    import recordlinkage as rl

    frame = pd.DataFrame([{"id": str(r["id"]), **{f: r.get(f) for f in _ECM_FIELDS}}
                          for r in records]).set_index("id")
    indexer = rl.Index()
    for field in _ECM_FIELDS:
        indexer.block(field)
    pairs = indexer.index(frame)
    compare = rl.Compare()
    for field in _ECM_FIELDS[:2]:
        compare.string(field, field, method="jarowinkler", threshold=0.85, label=field)
    for field in _ECM_FIELDS[2:]:
        compare.exact(field, field, label=field)
    features = compare.compute(pairs, frame)
    matches = rl.ECMClassifier(binarize=None).fit_predict(features)
    union = _Union(frame.index.tolist())
    for left, right in matches.tolist():
        union.join(left, right)
    return union.clusters()
