"""Which suspect accounts belong to one person, across platforms and after bans.

Stages, data flowing one way: normalise (record -> AccountFeatures) -> block (cheap exact keys:
contact identifiers, handle keys and stems, handle prefixes for truncated handles, names with a
date of birth or a first name, bio mentions; a key shared by more than BLOCK_CAP accounts says
nothing and is skipped) -> compare (a level per comparison, vectorised over all candidate pairs
as integer codes) -> score (Fellegi–Sunter, `linking.fellegi_sunter`: u from random pairs, m by
EM over the candidate pairs, analysts' decisions as labelled pairs, term-frequency adjustment so
a common name or handle weighs less than a rare one) -> cluster (cohesive, honouring analysts'
must- and cannot-links) -> explain (each accepted link keeps every comparison's weight).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import JaroWinkler, Prefix
from rapidfuzz.process import cpdist

from linking import fellegi_sunter as fs
from linking.cluster import cluster
from linking.contacts import email_key, phone_key
from linking.evidence import Evidence, Match
from linking.handles import bare_handle, fold_letters, handle_key, handle_stem, name_spellings

COMPARISONS = (
    fs.Comparison("email", ("missing", "different", "same")),
    fs.Comparison("phone", ("missing", "different", "same")),
    fs.Comparison("handle", ("missing", "different", "similar", "truncated", "same stem",
                             "same username", "counted as the name, bio or email"),
                  term_frequency=frozenset({4, 5}), neutral=frozenset({6})),
    fs.Comparison("name", ("missing", "different", "same first name",
                           "one's handle spells the other's name", "similar", "same"),
                  term_frequency=frozenset({2, 3, 5})),
    fs.Comparison("date of birth", ("missing", "different", "same")),
    fs.Comparison("postcode", ("missing", "different", "same")),
    fs.Comparison("bio", ("names no other account", "names a similar handle",
                          "names the other account"), missing_first=False,
                  term_frequency=frozenset({2})),
    fs.Comparison("platform", ("missing", "same platform", "different platforms"),
                  ordered=False),
)
EMAIL, PHONE, HANDLE, NAME, DOB, POSTCODE, BIO, PLATFORM = range(len(COMPARISONS))
BLOCK_CAP = 40
PREFIX = 6
# A pair becomes a link at this probability; a cluster then needs this mean probability over
# all its cross pairs (pairs never compared count as 0), so accounts join through strong links
# without chaining.
THRESHOLD = 0.95
COHESION = 0.45
RANDOM_PAIRS = 200_000
STORED_VALUES = 20_000
_SIMILAR = 0.9
_MENTION = re.compile(r"@?[A-Za-z0-9][\w.\-]{2,30}")
_HANDLE_LIKE = re.compile(r"[\d_]")
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})|\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
# How many values each set-valued feature keeps per account (more is noise).
_WIDTH = {"usernames": 2, "stems": 2, "spellings": 5, "mentions": 3, "mention_stems": 3,
          "named": 4}


@dataclass(frozen=True, slots=True)
class AccountFeatures:
    """What an account record says about its owner, in forms that compare by equality: handle
    keys and stems, folded names and the handle spellings of the name, contact keys."""

    id: str
    platform: str | None
    handle: str | None
    stem: str | None
    usernames: tuple[str, ...]
    stems: tuple[str, ...]
    name: str | None
    first: str | None
    spellings: tuple[str, ...]
    dob: str | None
    email: str | None
    phone: str | None
    postcode: str | None
    mentions: tuple[str, ...]
    mention_stems: tuple[str, ...]
    # Usernames and stems built from the owner's name (`robd` for Robert Doyle).
    named: tuple[str, ...] = ()


@dataclass
class AccountModel:
    """Fellegi–Sunter parameters: m and u per comparison level, the prior, common values."""

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float
    records: int
    frequencies: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"m": self.m, "u": self.u, "prior": self.prior, "records": self.records,
                "frequencies": self.frequencies}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AccountModel:
        return cls(m={k: list(v) for k, v in data["m"].items()},
                   u={k: list(v) for k, v in data["u"].items()}, prior=float(data["prior"]),
                   records=int(data["records"]),
                   frequencies={k: dict(v) for k, v in data.get("frequencies", {}).items()})

    def weights(self) -> dict[str, NDArray[np.float64]]:
        return fs.weight_table(COMPARISONS, self.m, self.u)


@dataclass(frozen=True, slots=True)
class AccountLinkage:
    clusters: dict[str, str]
    links: list[Match]
    model: AccountModel


def _words(*parts: Any) -> list[str]:
    return _NOT_LETTERS.sub(" ", " ".join(str(p) for p in parts if p).lower()).split()


def _unique(values: Iterable[str | None], width: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))[:width]


def _mentions(bio: str) -> list[str]:
    """Names in a bio that look like handles: `@name`, or a word with digits or underscores."""
    return [bare_handle(token.lstrip("@")) for token in _MENTION.findall(bio)
            if token[0] == "@" or (_HANDLE_LIKE.search(token) and not token.isdigit())]


def _distinct_pair(first: str | None, second: str | None) -> tuple[str, ...]:
    if first and second:
        return (first, second) if first != second else (first,)
    return (first,) if first else (second,) if second else ()


def _spelt_from(name: str, handle: str) -> bool:
    """`The Urban Cabbie 24` beside `TheUrbanCab5172`: the handle, not a name."""
    return name in handle or (len(name) > PREFIX and name[:PREFIX] == handle[:PREFIX])


def _built_from(words: list[str], handle: str) -> bool:
    """Whether a handle key is built from a name: the start of the first name or surname
    inside it (`robd` from Robert Doyle, `stephenrose` from Steve R), or the initials around
    it (`ckhan` from Chris K, `miahl` from Laura M)."""
    first, last = fold_letters(words[0]), fold_letters(words[-1])
    if any(len(w) >= 3 and w[:3] in handle for w in (first, last)):
        return True
    return len(words) > 1 and bool(handle) and (
        (handle[0] == first[0] and last[0] in handle[1:])
        or (handle[0] == last[0] and handle[-1] == first[0]))


def _dob(value: Any) -> str | None:
    """ISO `1969-06-27` or British `27/06/1969` to one form."""
    found = _DATE.search(str(value)) if value else None
    if found is None:
        return None
    year, month, day = found.group(1, 2, 3) if found.group(1) else found.group(6, 5, 4)
    return f"{year}-{int(month):02d}-{int(day):02d}"


def normalise_account(record: Mapping[str, Any]) -> AccountFeatures:
    """People reuse one username across platforms and as their email's local part."""
    handle = record.get("handle")
    raw_handle = bare_handle(str(handle)) if handle else None
    email = email_key(record.get("email"))
    local = email.split("@", 1)[0] if email else None
    key = handle_key(raw_handle) if raw_handle else None
    stem = handle_stem(raw_handle) if raw_handle else None
    local_key = handle_key(local) if local else None
    local_stem = handle_stem(local) if local else None
    usernames = _distinct_pair(key, local_key)
    stems = _distinct_pair(stem, local_stem)
    given, family = record.get("given_name"), record.get("family_name")
    words = (_words(given, family) if given and family
             else _words(record.get("display_name") or given))
    if words and key and _spelt_from(handle_key("".join(words)), key):
        words = []  # a display name spelt out from the handle is the handle again
    bio = record.get("bio")
    named = _mentions(str(bio)) if bio else []
    mentions = _unique((handle_key(t) for t in named if t), _WIDTH["mentions"] + 2)
    postcode = record.get("postcode")
    platform = record.get("platform")
    return AccountFeatures(
        id=str(record["id"]), platform=str(platform).lower() if platform else None,
        handle=key, stem=stem, usernames=usernames, stems=stems,
        name=" ".join(words) or None, first=words[0] if words else None,
        spellings=name_spellings(words), dob=_dob(record.get("dob")),
        email=email, phone=phone_key(record.get("phone")),
        postcode=str(postcode).upper().replace(" ", "") if postcode else None,
        mentions=tuple(m for m in mentions if m not in usernames)[:_WIDTH["mentions"]],
        mention_stems=_unique(map(handle_stem, named), _WIDTH["mention_stems"]),
        named=tuple(v for v in (*usernames, *stems) if _built_from(words, v)) if words else ())


def blocking_keys(features: AccountFeatures) -> frozenset[str]:
    """Indexable keys; any one shared makes two accounts candidates.

    `s:` holds every handle-like spelling (handle and email stems, the name as people write it
    in a handle, stems of handles named in the bio) so that one lookup finds them all.
    """
    keys = {f"h:{u}" for u in (*features.usernames, *features.mentions)}
    keys.update(f"s:{s}" for s in (*features.stems, *features.spellings,
                                   *features.mention_stems))
    if features.email:
        keys.add(f"e:{features.email}")
    if features.phone:
        keys.add(f"p:{features.phone}")
    if features.stem and len(features.stem) > PREFIX:
        keys.add(f"t:{features.stem[:PREFIX]}")
    if features.name and " " in features.name:
        keys.add(f"n:{features.name}")
        if features.dob:
            keys.add(f"b:{features.name}|{features.dob}")
    if features.stem and features.first:
        keys.add(f"c:{features.stem}|{features.first}")
    return frozenset(keys)


_SCALARS = ("platform", "handle", "stem", "name", "first", "dob", "email", "phone", "postcode")
# The comparisons whose level rests on a value, and for each term-frequency level, the feature
# in which that value is counted.
_VALUED = (HANDLE, NAME, BIO)
_COUNTED_IN = {(HANDLE, 5): "usernames", (HANDLE, 4): "stems", (NAME, 5): "name",
               (NAME, 2): "first", (NAME, 3): "spellings", (BIO, 2): "usernames"}
_VALUE_FEATURE = {(column, level): _COUNTED_IN[column, level] for column in _VALUED
                  for level in sorted(COMPARISONS[column].term_frequency)}
_FREQUENT = tuple(dict.fromkeys(_VALUE_FEATURE.values()))


class _Columns:
    """Accounts as integer codes, one array per feature, so comparisons run as array work.

    Built one account at a time (`add`), so a million records never sit in memory as objects.
    """

    def __init__(self, features: Iterable[AccountFeatures] | None = None) -> None:
        """With `features`, built and frozen at once; without, `add` then `freeze`."""
        self._vocabulary: dict[str, int] = {}
        self.ids: list[str] = []
        self._scalar: dict[str, list[int]] = {name: [] for name in _SCALARS}
        self._sets: dict[str, list[int]] = {name: [] for name in _WIDTH}
        if features is not None:
            for feature in features:
                self.add(feature)
            self.freeze()

    def add(self, feature: AccountFeatures) -> None:
        vocabulary = self._vocabulary
        self.ids.append(feature.id)
        for name, column in self._scalar.items():
            value = getattr(feature, name)
            if value is None:
                column.append(-1)
                continue
            code = vocabulary.get(value)
            if code is None:
                code = vocabulary[value] = len(vocabulary)
            column.append(code)
        for name, column in self._sets.items():
            values = getattr(feature, name)
            for value in values:
                code = vocabulary.get(value)
                if code is None:
                    code = vocabulary[value] = len(vocabulary)
                column.append(code)
            column.extend(_PADDING[_WIDTH[name] - len(values)])

    def freeze(self) -> None:
        """Turn the collected codes into arrays, in account id order so that nothing downstream
        (random pairs, ties) depends on the order records came in; call once, after `add`."""
        self.size = len(self.ids)
        order = np.argsort(np.asarray(self.ids, dtype=object), kind="stable")
        self.ids = [self.ids[i] for i in order.tolist()]
        self.scalar = {name: np.asarray(column, dtype=np.int32)[order]
                       for name, column in self._scalar.items()}
        self.sets = {name: np.asarray(column, dtype=np.int32).reshape(-1, _WIDTH[name])[order]
                     for name, column in self._sets.items()}

        self._scalar, self._sets = {}, {}
        # One more entry at the end, an empty string, which code -1 (nothing) indexes.
        self.strings = np.empty(len(self._vocabulary) + 1, dtype=object)
        self.strings[:] = [*self._vocabulary, ""]
        self.lengths = np.fromiter(map(len, self.strings), dtype=np.int32,
                                   count=len(self.strings))
        self.vocabulary_size = len(self._vocabulary)
        self._vocabulary = {}

    def counts(self, name: str) -> NDArray[np.int64]:
        """How many accounts carry each value in feature `name`."""
        codes = self.scalar[name] if name in self.scalar else self.sets[name].ravel()
        return np.bincount(codes[codes >= 0], minlength=self.vocabulary_size)

    def handle_counts(self) -> NDArray[np.int64]:
        """How many accounts go by each handle stem, whether as a handle or as their name spelt
        like one: `craigwoods` is as common as the people called Craig Woods."""
        return self.counts("stems") + self.counts("spellings")

    def recode(self, codes: NDArray[np.int32], derive: Callable[[str], str | None]
               ) -> NDArray[np.int64]:
        """Codes of a value derived from each coded string (a prefix...), -1 where none."""
        wanted = _distinct(codes[codes >= 0])
        derived: dict[str, int] = {}
        table = np.full(self.vocabulary_size + 1, -1, dtype=np.int64)
        for value in wanted.tolist():
            text = derive(self.strings[value])
            if text is not None:
                table[value] = derived.setdefault(text, len(derived))
        return np.where(codes >= 0, table[np.maximum(codes, 0)], -1)


_PADDING = [(-1,) * n for n in range(max(_WIDTH.values()) + 1)]


def _distinct(values: NDArray[Any]) -> NDArray[Any]:
    """Sorted distinct values. `np.unique` hashes in numpy 2.x, which on tens of millions of
    int64 codes was a hundred times slower than sorting here."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _presence(left: NDArray[np.int32], right: NDArray[np.int32]) -> NDArray[np.bool_]:
    """Both sides carry at least one value of a set-valued feature."""
    return np.asarray((left >= 0).any(axis=1) & (right >= 0).any(axis=1))


def _member(values: NDArray[np.int32], matrix: NDArray[np.int32]) -> NDArray[np.bool_]:
    """Whether each value (not -1) is in its row of a set-valued feature."""
    return np.asarray((matrix == values[:, None]).any(axis=1) & (values >= 0))


def _equal_levels(left: NDArray[np.int32], right: NDArray[np.int32]) -> NDArray[np.int8]:
    levels = np.where(left == right, 2, 1).astype(np.int8)
    levels[(left < 0) | (right < 0)] = 0
    return levels


def _shared(left: NDArray[np.int32], right: NDArray[np.int32]) -> NDArray[np.int32]:
    """The first value of `left`'s set found in `right`'s set, or -1."""
    hits = (left[:, :, None] == right[:, None, :]).any(axis=2) & (left >= 0)
    first = hits.argmax(axis=1)
    found = left[np.arange(len(left)), first]
    return np.where(hits.any(axis=1), found, -1).astype(np.int32)


def _scores(columns: _Columns, left: NDArray[np.int32], right: NDArray[np.int32],
            scorer: Any, rows: NDArray[np.bool_]) -> NDArray[np.float64]:
    """A rapidfuzz scorer over the strings of the selected rows, all at once."""
    scores = np.zeros(len(left))
    if rows.any():
        scores[rows] = cpdist(columns.strings[left[rows]], columns.strings[right[rows]],
                              scorer=scorer, workers=-1)
    return scores


def _handle_levels(columns: _Columns, a: NDArray[np.int64], b: NDArray[np.int64]
                   ) -> tuple[NDArray[np.int8], NDArray[np.int32]]:
    users_a, users_b = columns.sets["usernames"][a], columns.sets["usernames"][b]
    stems_a, stems_b = columns.sets["stems"][a], columns.sets["stems"][b]
    same_user = _shared(users_a, users_b)
    same_stem = _shared(stems_a, stems_b)
    stem_a, stem_b = columns.scalar["stem"][a], columns.scalar["stem"][b]
    open_rows = (same_stem < 0) & (same_user < 0) & (stem_a >= 0) & (stem_b >= 0)
    prefix = _scores(columns, stem_a, stem_b, Prefix.similarity, open_rows)
    shorter = np.minimum(columns.lengths[stem_a], columns.lengths[stem_b])
    truncated = open_rows & (prefix >= shorter) & (shorter >= PREFIX)
    similar = _scores(columns, stem_a, stem_b, JaroWinkler.normalized_similarity,
                      open_rows & ~truncated) >= _SIMILAR
    levels = np.select([same_user >= 0, same_stem >= 0, truncated, similar,
                        _presence(users_a, users_b)], [5, 4, 3, 2, 1], 0).astype(np.int8)
    return levels, np.where(same_user >= 0, same_user, same_stem)


def _name_levels(columns: _Columns, a: NDArray[np.int64], b: NDArray[np.int64]
                 ) -> tuple[NDArray[np.int8], NDArray[np.int32]]:
    """Names compared where both have one; where only one has, whether the other's handle or
    email spells it (`ldean` for Lisa Dean). Also the value each level rests on."""
    name_a, name_b = columns.scalar["name"][a], columns.scalar["name"][b]
    first_a, first_b = columns.scalar["first"][a], columns.scalar["first"][b]
    present = (name_a >= 0) & (name_b >= 0)
    same = present & (name_a == name_b)
    similar = _scores(columns, name_a, name_b, JaroWinkler.normalized_similarity,
                      present & ~same) >= _SIMILAR
    same_first = present & (first_a == first_b)
    stems, spellings = columns.sets["stems"], columns.sets["spellings"]
    spelt = np.maximum(_shared(spellings[a], stems[b]), _shared(spellings[b], stems[a]))
    levels = np.select([same, similar, same_first, present, spelt >= 0], [5, 4, 2, 1, 3], 0)
    value = np.select([levels == 5, levels == 2, levels == 3], [name_a, first_a, spelt], -1)
    return levels.astype(np.int8), value.astype(np.int32)


def _bio_levels(columns: _Columns, a: NDArray[np.int64], b: NDArray[np.int64],
                handle: NDArray[np.int8]) -> tuple[NDArray[np.int8], NDArray[np.int32]]:
    """A bio naming the other account exactly (and the username named, since a common one may
    name someone else); or naming a handle of the same stem, which says something only when the
    two handles do not already share a stem."""
    users, mentions = columns.sets["usernames"], columns.sets["mentions"]
    stems, mention_stems = columns.sets["stems"], columns.sets["mention_stems"]
    levels = np.zeros(len(a), dtype=np.int8)
    named = np.full(len(a), -1, dtype=np.int32)
    # Few bios name a handle: only pairs where one does are looked at.
    rows = np.flatnonzero((mention_stems[a, 0] >= 0) | (mention_stems[b, 0] >= 0)
                          | (mentions[a, 0] >= 0) | (mentions[b, 0] >= 0))
    a, b = a[rows], b[rows]
    named[rows] = np.maximum(_shared(mentions[a], users[b]), _shared(mentions[b], users[a]))
    similar = ((_shared(mention_stems[a], stems[b]) >= 0)
               | (_shared(mention_stems[b], stems[a]) >= 0))
    levels[rows] = np.select([named[rows] >= 0, similar & (handle[rows] < 4)], [2, 1], 0)
    return levels, named


def _compare(columns: _Columns, pairs: NDArray[np.int64]
             ) -> tuple[NDArray[np.int8], NDArray[np.int32]]:
    """Levels (one row per pair, one column per comparison) and, for the handle and the name,
    the value each pair's level rests on (its frequency is evidence too)."""
    a, b = pairs[:, 0], pairs[:, 1]
    scalar = columns.scalar
    handle, handle_value = _handle_levels(columns, a, b)
    name, name_value = _name_levels(columns, a, b)
    bio, bio_value = _bio_levels(columns, a, b, handle)
    email = _equal_levels(scalar["email"][a], scalar["email"][b])
    _count_once(columns, a, b, handle, handle_value, name, name_value, bio, email)
    platform = _equal_levels(scalar["platform"][a], scalar["platform"][b])
    levels = np.column_stack([
        email,
        _equal_levels(scalar["phone"][a], scalar["phone"][b]),
        handle, name,
        _equal_levels(scalar["dob"][a], scalar["dob"][b]),
        _equal_levels(scalar["postcode"][a], scalar["postcode"][b]),
        bio,
        np.where(platform == 2, 1, np.where(platform == 1, 2, 0)),
    ]).astype(np.int8)
    return levels, np.column_stack([handle_value, name_value, bio_value])


def _count_once(columns: _Columns, a: NDArray[np.int64], b: NDArray[np.int64],
                handle: NDArray[np.int8], handle_value: NDArray[np.int32],
                name: NDArray[np.int8], name_value: NDArray[np.int32], bio: NDArray[np.int8],
                email: NDArray[np.int8]) -> None:
    """One fact, one weight: where the handles agree only because the names, a bio or the
    email already do, the handle level becomes neutral (in place). Fellegi–Sunter adds the
    weights as if independent, and `jsmith` beside `jsmith` is the name again, not news."""
    scalar = columns.scalar
    # A handle that spells its owner's name agrees with another only as far as the names do,
    # weighed by how common the name is.
    spellings = columns.sets["spellings"]
    name_like = ((handle >= 4) & (_member(handle_value, spellings[a])
                                  | _member(handle_value, spellings[b])))
    named = columns.sets["named"]
    name_like |= ((handle >= 4) & (name >= 2)
                  & (_member(handle_value, named[a]) | _member(handle_value, named[b])))
    unnamed = name_like & (name == 0)
    name_value[unnamed] = handle_value[unnamed]
    name[unnamed] = 3
    name[(name == 3) & (handle >= 4) & ~name_like] = 0
    handle[name_like & ((name >= 2) | unnamed)] = 6
    # A bio that names the other's handle says what a shared stem would say, and more.
    handle[(handle >= 4) & (bio >= 1)] = 6
    # One email is one local part: only the handles themselves agreeing adds to it.
    by_email = (email == 2) & (handle >= 4) & (handle <= 5)
    same_handle = (scalar["handle"][a] == scalar["handle"][b]) & (scalar["handle"][a] >= 0)
    same_stem = (scalar["stem"][a] == scalar["stem"][b]) & (scalar["stem"][a] >= 0)
    handle[by_email] = np.select([same_handle[by_email], same_stem[by_email]], [5, 4], 6)


def _chunked_compare(columns: _Columns, pairs: NDArray[np.int64], chunk: int = 1 << 20
                     ) -> tuple[NDArray[np.int8], NDArray[np.int32]]:
    """Bounded memory: the set comparisons broadcast, so pairs go through a million at a time."""
    if len(pairs) <= chunk:
        return _compare(columns, pairs)
    parts = [_compare(columns, pairs[start:start + chunk])
             for start in range(0, len(pairs), chunk)]
    return np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _block_keys(columns: _Columns) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The keys of `blocking_keys`, as (key, account) integer pairs, computed from the codes.

    A key is its kind times a constant plus the value's code (or a pair of codes, for keys that
    join two values), so kinds never collide and no key string is ever built.
    """
    scalar, sets = columns.scalar, columns.sets
    width = np.int64(columns.vocabulary_size + 1)
    has_space = np.zeros(columns.vocabulary_size + 1, dtype=bool)
    names = _distinct(scalar["name"][scalar["name"] >= 0])
    has_space[names] = [" " in columns.strings[n] for n in names.tolist()]
    full_name = np.where(has_space[scalar["name"]], scalar["name"], -1)

    def pair(left: NDArray[np.int32] | NDArray[np.int64], right: NDArray[np.int32]
             ) -> NDArray[np.int64]:
        joined = left.astype(np.int64) * width + right
        return np.where((left >= 0) & (right >= 0), joined, -1)

    prefix = columns.recode(scalar["stem"], lambda stem: stem[:PREFIX] if len(stem) > PREFIX
                            else None)
    kinds: list[NDArray[np.int64] | NDArray[np.int32]] = [
        np.hstack([sets["usernames"], sets["mentions"]]),
        np.hstack([sets["stems"], sets["spellings"], sets["mention_stems"]]),
        scalar["email"][:, None], scalar["phone"][:, None], prefix[:, None],
        full_name[:, None], pair(full_name, scalar["dob"])[:, None],
        pair(scalar["stem"], scalar["first"])[:, None],
    ]
    span = width * width
    keys, owners = [], []
    for kind, values in enumerate(kinds):
        rows, columns_at = np.nonzero(values >= 0)
        keys.append(values[rows, columns_at].astype(np.int64) + kind * span)
        owners.append(rows.astype(np.int64))
    return np.concatenate(keys), np.concatenate(owners)


def _block_pairs(columns: _Columns) -> NDArray[np.int64]:
    """Every pair sharing a key of a block no bigger than BLOCK_CAP, once, smaller index first.

    Keys are sorted; blocks of one size are expanded together with one index grid.
    """
    keys, owners = _block_keys(columns)
    if not len(keys):
        return np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    fresh = np.r_[True, (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])]
    keys, owners = keys[fresh], owners[fresh]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    size = np.int64(columns.size)
    found = [np.zeros(0, dtype=np.int64)]
    for block in _distinct(sizes[(sizes >= 2) & (sizes <= BLOCK_CAP)]).tolist():
        first = starts[sizes == block]
        i, j = np.triu_indices(block, 1)
        found.append((owners[first[:, None] + i] * size + owners[first[:, None] + j]).ravel())
    unique = _distinct(np.concatenate(found))
    return np.column_stack([unique // size, unique % size])


def _random_pairs(among: NDArray[np.int64], count: int, rng: np.random.Generator
                  ) -> NDArray[np.int64]:
    left, right = rng.choice(among, count), rng.choice(among, count)
    keep = left != right
    return np.column_stack([np.minimum(left, right), np.maximum(left, right)])[keep]


def _carriers(columns: _Columns) -> dict[int, NDArray[np.bool_]]:
    """Per comparison, the accounts that carry what it compares (the others are missing)."""
    scalar = columns.scalar
    carried = {EMAIL: scalar["email"], PHONE: scalar["phone"], DOB: scalar["dob"],
               POSTCODE: scalar["postcode"], PLATFORM: scalar["platform"],
               HANDLE: columns.sets["usernames"][:, 0]}
    return {column: codes >= 0 for column, codes in carried.items()}


def _u_levels(columns: _Columns, seed: int) -> NDArray[np.int8]:
    """Levels of random pairs, drawn per comparison among the accounts that carry its field,
    so that a field few accounts carry (a phone) still gets a u from thousands of pairs.
    Each comparison reads only its own rows; the rest of a row is marked missing."""
    rng = np.random.default_rng(seed)
    everyone = np.arange(columns.size, dtype=np.int64)
    carriers = _carriers(columns)
    parts = []
    for column in range(len(COMPARISONS)):
        among = np.flatnonzero(carriers[column]) if column in carriers else everyone
        if len(among) < 2:
            continue
        count = min(RANDOM_PAIRS, 20 * columns.size)
        levels = _chunked_compare(columns, _random_pairs(among, count, rng))[0]
        own = np.zeros_like(levels)
        own[:, column] = levels[:, column]
        parts.append(own)
    return np.vstack(parts) if parts else np.zeros((0, len(COMPARISONS)), dtype=np.int8)


def _starting_m(levels: NDArray[np.int8]) -> fs.Table:
    """EM starts from pairs sharing an email or a phone: almost all one person, so how their
    other fields compare is a fair first guess at m. The contact comparisons themselves start
    from "mostly the same when both are present"."""
    anchors = levels[(levels[:, EMAIL] == 2) | (levels[:, PHONE] == 2)]
    m = fs.proportions(COMPARISONS, anchors) if len(anchors) else fs.proportions(
        COMPARISONS, levels)
    for column in (EMAIL, PHONE):
        m[COMPARISONS[column].name] = [0.0, 0.05, 0.95]
    return m


def _contact_m(levels: NDArray[np.int8], known_levels: NDArray[np.int8] | None,
               known_same: NDArray[np.bool_]) -> fs.Table:
    """m for email and phone from pairs that other strong evidence makes one person (the
    other contact shared, a bio naming the other account, one name with one date of birth)
    and from analysts' confirmations. EM over candidates sharing a stem or a name would count
    many different people as matches and conclude that a person's emails usually differ."""
    confirmed = (known_levels[known_same] if known_levels is not None
                 else np.zeros((0, len(COMPARISONS)), dtype=np.int8))
    strong = ((levels[:, BIO] == 2) | ((levels[:, NAME] == 5) & (levels[:, DOB] == 2)))
    found = {}
    for column, other in ((EMAIL, PHONE), (PHONE, EMAIL)):
        anchors = np.vstack([levels[strong | (levels[:, other] == 2)], confirmed])
        anchors = anchors[anchors[:, column] > 0]
        if len(anchors) >= _MIN_ANCHORS:
            name = COMPARISONS[column].name
            found[name] = fs.proportions(COMPARISONS, anchors)[name]
    return found


_MIN_ANCHORS = 20
_SMOOTHING = 0.5


def _contact_u(columns: _Columns, levels: NDArray[np.int8], m: fs.Table, u: fs.Table,
               prior: float, rounds: int = 5) -> fs.Table:
    """u for a shared email or phone: how often two *different* people share one.

    Random pairs that share an email are nearly all one person, so their rate overstates u
    and makes the strongest evidence weak. Every pair sharing one is a candidate, so u is
    instead the expected non-matches among them (by the model) over all pairs of accounts that
    carry the field, refined a few rounds as the weight it sets moves the posteriors.
    """
    found = {}
    carriers = _carriers(columns)
    for column in (EMAIL, PHONE):
        name = COMPARISONS[column].name
        carried = float(carriers[column].sum())
        shared = levels[levels[:, column] == 2]
        if carried < 2 or not len(shared):
            continue
        table = dict(u)
        for _ in range(rounds):
            posterior = fs.probabilities(fs.match_weights(
                COMPARISONS, shared, fs.weight_table(COMPARISONS, m, table)), prior)
            same = max(float((1.0 - posterior).sum()), _SMOOTHING) / (carried * (carried - 1) / 2)
            table[name] = [0.0, 1.0 - same, same]
        found[name] = table[name]
    return found
# EM runs once per rule on the candidate pairs that rule selects, holding the comparisons it
# selected on (all agree there); each comparison's m is the mean over the rules that learnt it.
_TRAINING_RULES: tuple[tuple[Callable[[NDArray[np.int8]], NDArray[np.bool_]], frozenset[str]],
                       ...] = (
    (lambda levels: (levels[:, EMAIL] == 2) | (levels[:, PHONE] == 2),
     frozenset({"email", "phone"})),
    (lambda levels: levels[:, HANDLE] >= 4, frozenset({"handle"})),
    (lambda levels: levels[:, NAME] == 5, frozenset({"name"})),
)


def _frequencies(columns: _Columns) -> dict[str, dict[str, int]]:
    """Counts of the commonest values (three accounts or more, at most STORED_VALUES per
    feature): what a stored model needs to weigh one new pair. Rarer values count as one."""
    table = {}
    for name, counts in _batch_counts(columns).items():
        common = np.flatnonzero(counts >= 3)
        common = common[np.argsort(-counts[common], kind="stable")[:STORED_VALUES]]
        table[name] = {str(columns.strings[c]): int(counts[c]) for c in common}
    return table


def _train(columns: _Columns, pairs: NDArray[np.int64], levels: NDArray[np.int8],
           labelled: Iterable[tuple[str, str, bool]], seed: int) -> AccountModel:
    u = fs.estimate_u(COMPARISONS, _u_levels(columns, seed))
    index = {name: i for i, name in enumerate(columns.ids)}
    known = [(index[a], index[b], same) for a, b, same in labelled
             if a in index and b in index and a != b]
    known_pairs = np.asarray([[a, b] for a, b, _ in known], dtype=np.int64).reshape(-1, 2)
    known_levels = _compare(columns, known_pairs)[0] if known else None
    known_same = np.asarray([same for *_, same in known], dtype=bool)
    start = _starting_m(levels)
    estimates: dict[str, list[list[float]]] = {c.name: [] for c in COMPARISONS}
    for rule, held in _TRAINING_RULES:
        rows = rule(levels)
        if rows.sum() < 10:
            continue
        estimate = fs.expectation_maximisation(
            COMPARISONS, levels[rows], start, share=0.5, u=u, hold=held,
            labelled_levels=known_levels, labelled_same=known_same)
        for name, found in estimate.m.items():
            if name not in held:
                estimates[name].append(found)
    m = {name: [float(x) for x in np.mean(found, axis=0)] if found else start[name]
         for name, found in estimates.items()}
    m.update(_contact_m(levels, known_levels, known_same))
    # The prior is the chance that two random accounts match (u came from random pairs, so
    # that is the population the weights speak of): the matches expected among the candidate
    # pairs, each counted as m/(m+u) (its probability at even odds), over all pairs. Checked
    # against ground truth in bench/accounts: pairs scored p are about p matches.
    posterior = fs.probabilities(fs.match_weights(COMPARISONS, levels, fs.weight_table(
        COMPARISONS, m, u)), 0.5)
    all_pairs = columns.size * (columns.size - 1) / 2
    prior = float(np.clip(posterior.sum() / max(all_pairs, 1.0), 1e-12, 0.5))
    u.update(_contact_u(columns, levels, m, u, prior))
    return AccountModel(m=m, u=u, prior=prior, records=columns.size,
                        frequencies=_frequencies(columns))


def train(features: Sequence[AccountFeatures],
          labelled: Iterable[tuple[str, str, bool]] = (), seed: int = 0) -> AccountModel:
    """u from random pairs, m and the prior by EM over blocked pairs, labels held at their class.

    `labelled` holds analysts' decisions as (account, account, same person?).
    """
    columns = _Columns(features)
    pairs = _block_pairs(columns)
    return _train(columns, pairs, _chunked_compare(columns, pairs)[0], labelled, seed)


def _shared_counts(levels: NDArray[np.int8], values: NDArray[np.int32],
                   counts: Mapping[str, NDArray[np.int64]]) -> NDArray[np.int64]:
    """Per pair and valued comparison (`_VALUED`), how many accounts carry the value an exact
    level rests on (0 where the level rests on no value)."""
    shared = np.zeros(values.shape, dtype=np.int64)
    for (column, level), feature in _VALUE_FEATURE.items():
        at = _VALUED.index(column)
        rows = np.flatnonzero(levels[:, column] == level)
        shared[rows, at] = np.maximum(counts[feature][np.maximum(values[rows, at], 0)], 1)
    return shared


def _term_frequency(levels: NDArray[np.int8], shared: NDArray[np.int64], records: int,
                    model: AccountModel) -> NDArray[np.float64]:
    """Per pair and valued comparison, the bits a shared value's own frequency adds."""
    bits = np.zeros(shared.shape)
    for column, level in _VALUE_FEATURE:
        at = _VALUED.index(column)
        rows = np.flatnonzero(levels[:, column] == level)
        u_level = model.u[COMPARISONS[column].name][level]
        bits[rows, at] = fs.term_frequency_bits(u_level, shared[rows, at] / records)
    return bits


class _Explainer:
    """Builds each link's evidence; one Evidence object per distinct outcome, shared by every
    link that shows it, because a million links show a few thousand distinct outcomes."""

    def __init__(self, prior: float) -> None:
        self._prior = Evidence("prior", "chance that two accounts are one person",
                               round(prior, 3))
        self._seen: dict[tuple[int, int, int, float], Evidence] = {}

    def _evidence(self, column: int, level: int, shared: int, weight: float) -> Evidence:
        key = (column, level, shared, round(weight, 3))
        found = self._seen.get(key)
        if found is None:
            comparison = COMPARISONS[column]
            value = comparison.levels[level]
            if shared > 1:
                value += f" (a value {shared} accounts carry)"
            found = self._seen[key] = Evidence(comparison.name, value, key[3])
        return found

    def match(self, left: str, right: str, levels: list[int], weights: list[float],
              shared: list[int], probability: float) -> Match:
        evidence = [self._evidence(column, level, shared[column], weights[column])
                    for column, level in enumerate(levels)
                    if level or not COMPARISONS[column].missing_first]
        evidence.append(self._prior)
        return Match(left, right, probability, tuple(evidence))


@dataclass(frozen=True, slots=True)
class _Scored:
    """Pairs at or above a probability, with what their explanation needs."""

    pairs: NDArray[np.int64]
    probability: NDArray[np.float64]
    levels: NDArray[np.int8]
    weights: NDArray[np.float64]
    shared: NDArray[np.int64]
    prior: float

    def matches(self, ids: Sequence[str], rows: NDArray[np.intp] | None = None) -> list[Match]:
        """The chosen rows as explained matches (every comparison's weight, the prior)."""
        chosen = np.arange(len(self.pairs)) if rows is None else rows
        explain = _Explainer(self.prior).match
        return [explain(ids[left], ids[right], levels, weights, shared, p)
                for left, right, levels, weights, shared, p in zip(
                    self.pairs[chosen, 0].tolist(), self.pairs[chosen, 1].tolist(),
                    self.levels[chosen].tolist(), self.weights[chosen].tolist(),
                    self.shared[chosen].tolist(), self.probability[chosen].tolist(),
                    strict=True)]


def _score(pairs: NDArray[np.int64], levels: NDArray[np.int8], values: NDArray[np.int32],
           model: AccountModel, counts: Mapping[str, NDArray[np.int64]], records: int,
           floor: float) -> _Scored:
    """Vectorised weights; only pairs at or above `floor` keep their per-comparison detail."""
    table = model.weights()
    shared = _shared_counts(levels, values, counts)
    bits = _term_frequency(levels, shared, max(records, 1), model)
    total = bits.sum(axis=1)
    for column, comparison in enumerate(COMPARISONS):
        total += table[comparison.name][levels[:, column]]
    probability = fs.probabilities(total, model.prior)
    keep = np.flatnonzero(probability >= floor)
    kept = levels[keep]
    weights = np.column_stack([table[c.name][kept[:, i]] for i, c in enumerate(COMPARISONS)])
    full_shared = np.zeros(kept.shape, dtype=np.int64)
    for at, column in enumerate(_VALUED):
        weights[:, column] += bits[keep, at]
        full_shared[:, column] = shared[keep, at]
    return _Scored(pairs[keep], probability[keep], kept, weights, full_shared,
                   fs.log2_odds(model.prior))


def _batch_counts(columns: _Columns) -> dict[str, NDArray[np.int64]]:
    return {name: columns.handle_counts() if name == "stems" else columns.counts(name)
            for name in _FREQUENT}


def compare(a: AccountFeatures, b: AccountFeatures, model: AccountModel) -> Match:
    """One pair, explained: every comparison's level and weight, and the probability.

    Common values are judged by the model's stored counts, since two accounts alone cannot say
    how many others share a name.
    """
    columns = _Columns([a, b])
    pairs = np.asarray([[0, 1]], dtype=np.int64)
    levels, values = _compare(columns, pairs)
    counts = {}
    for name in _FREQUENT:
        stored = model.frequencies.get(name, {})
        counts[name] = np.asarray([stored.get(str(s), 1) for s in columns.strings],
                                  dtype=np.int64)
    return _score(pairs, levels, values, model, counts, model.records,
                  floor=0.0).matches(columns.ids)[0]


def _rescaled(model: AccountModel, size: int) -> AccountModel:
    """The model's prior for a population of `size`: each account has about as many other
    accounts of its person wherever it is, so the chance for a random pair falls as 1/size."""
    if size == model.records:
        return model
    prior = min(0.5, model.prior * max(model.records - 1, 1) / max(size - 1, 1))
    return AccountModel(m=model.m, u=model.u, prior=prior, records=size,
                        frequencies=model.frequencies)


def link_accounts(records: Iterable[Mapping[str, Any]], model: AccountModel | None = None,
                  must_link: Iterable[tuple[str, str]] = (),
                  cannot_link: Iterable[tuple[str, str]] = (),
                  progress: Callable[[int], None] | None = None) -> AccountLinkage:
    """Cluster accounts into persons; cluster ids are the smallest account id in each.

    Analysts' decisions bind the clustering and, when no model is given, train it.
    """
    columns = _Columns()
    for count, record in enumerate(records, start=1):
        columns.add(normalise_account(record))
        if progress and count % 10_000 == 0:
            progress(10_000)
    columns.freeze()
    if progress:
        progress(columns.size % 10_000)
    must, cannot = list(must_link), list(cannot_link)
    pairs = _block_pairs(columns)
    levels, values = _chunked_compare(columns, pairs)
    if model is None:
        labelled = [(a, b, True) for a, b in must] + [(a, b, False) for a, b in cannot]
        model = _train(columns, pairs, levels, labelled, seed=0)
    scored = _score(pairs, levels, values, _rescaled(model, columns.size),
                    _batch_counts(columns), columns.size, floor=THRESHOLD)
    del pairs, levels, values
    ids = columns.ids
    # Only accounts with a link or a decision take part; the rest are persons of their own.
    involved = {ids[i] for i in _distinct(scored.pairs.ravel()).tolist()}
    involved.update(name for pair in (*must, *cannot) for name in pair)
    candidates = [Match(ids[a], ids[b], p) for a, b, p in zip(
        scored.pairs[:, 0].tolist(), scored.pairs[:, 1].tolist(), scored.probability.tolist(),
        strict=True)]
    clusters = dict(zip(ids, ids, strict=True))
    clusters.update(cluster(involved, candidates, COHESION, must, cannot))
    owner = np.asarray([clusters[ids[a]] == clusters[ids[b]] for a, b in zip(
        scored.pairs[:, 0].tolist(), scored.pairs[:, 1].tolist(), strict=True)], dtype=bool)
    return AccountLinkage(clusters=clusters, links=scored.matches(ids, np.flatnonzero(owner)),
                          model=model)
