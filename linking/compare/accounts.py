"""How two accounts compare: one level per comparison, for every candidate pair at once.

The handle's levels carry most of the evidence on most files, and its digits decide between
"one person" and "two people with one name": `daniel_taylor8172` and `danieltay1or_81725` are
one person's variants (same letters, one digit more), `daniel_taylor92641` and
`danieltaylor_7003` are two people (same letters, two distinctive digit tails that differ),
`daniel` and `daniel_7003` say little either way (a bare name is anyone's). Which way and how
much each level weighs is estimated from the file, not set here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Postfix, Prefix

from linking.compare.levels import (
    Codes,
    Comparison,
    banded,
    equal_levels,
    member,
    string_scores,
)
from linking.normalise.columns import Columns

COMPARISONS = (
    Comparison("handle", (
        "missing", "different", "different digit tails, common letters", "different digit tails",
        "similar letters", "same common letters", "same letters",
        "one edit apart or cut short, common letters", "one edit apart or cut short",
        "one slip apart, signed digits", "same common username without digits",
        "same username without digits",
        "same common username", "same username"),
               free=frozenset({2, 3})),
    Comparison("first name", ("missing", "different", "an initial", "similar", "same common name",
                              "same name")),
    Comparison("family name", ("missing", "different", "an initial", "similar",
                               "same common name", "same name")),
    Comparison("display name", ("missing", "different", "an initial", "similar",
                                "same common name", "same name")),
    Comparison("date of birth", ("missing", "different", "one slip apart", "same")),
    Comparison("postcode", ("missing", "different", "one slip apart", "same")),
    Comparison("email", ("missing", "different", "same")),
    Comparison("phone", ("missing", "different", "same")),
    Comparison("bio", ("names no other account", "names the other's common handle",
                        "names the other account", "calls the other account its own"),
               missing_first=False, against=frozenset()),
    Comparison("platform", ("missing", "same platform", "different platforms"),
               against=frozenset(), ordered=False),
)
HANDLE, FIRST, LAST, DISPLAY, DOB, POSTCODE, EMAIL, PHONE, BIO, PLATFORM = range(
    len(COMPARISONS))
SCALARS = ("platform", "handle", "letters", "digits", "first", "last", "display", "dob", "email",
           "phone", "postcode")
SETS = {"mentions": 3, "claims": 3, "named_on": 3}
# The comparisons whose levels rest on a shared value, and the features those values are
# counted in (how many accounts carry them): their columns in `carried`.
VALUED = (HANDLE, FIRST, LAST, DISPLAY)
COUNTED = ("handle", "letters", "first", "last", "display")
# A value at most this many accounts carry is rare: one person's, or two people's at most.
RARE = 4
# Handle levels that rest on a name: common letters, or a bare handle.
_NAME_LIKE = (2, 5, 7, 10, 11)
# Handle levels at which the two handles' letters agree, or nearly: a name both spell is
# already counted there.
_SPELT = (2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13)
_SIMILAR = 0.9
_NAME_SIMILAR = 0.88
_SHORTEST_EDITED, _SHORTEST_CUT, _SHORTEST_LETTERS = 5, 8, 4
Counts = Mapping[str, NDArray[np.int64]]


def _close(columns: Columns, left: Codes, right: Codes, rows: NDArray[np.bool_],
           shortest_edited: int, shortest_cut: int) -> NDArray[np.bool_]:
    """One Damerau–Levenshtein edit apart (the shorter at least `shortest_edited` long), or one
    the start of the other (at least `shortest_cut` long), at the rows given."""
    left_lengths, right_lengths = columns.lengths[left], columns.lengths[right]
    lengths = np.minimum(left_lengths, right_lengths)
    # One edit changes the length by one at most: only those rows are worth the distance.
    near = rows & (lengths >= shortest_edited) & (np.abs(left_lengths - right_lengths) <= 1)
    edited = near & (string_scores(columns, left, right, DamerauLevenshtein.distance, near)
                     <= 1)
    cut_rows = rows & ~edited & (lengths >= shortest_cut)
    return edited | (cut_rows & (string_scores(columns, left, right, Prefix.similarity,
                                               cut_rows) >= lengths))


def _years(columns: Columns, codes: Codes) -> NDArray[np.bool_]:
    """Digit strings that read as a year of birth (`1962`, `2004`)."""
    wanted = np.flatnonzero(columns.lengths == 4)
    table = np.zeros(len(columns.strings), dtype=bool)
    table[wanted] = [s[:2] in ("19", "20") for s in columns.strings[wanted].tolist()]
    return table[codes]


def signed(columns: Columns, digits: Codes) -> NDArray[np.bool_]:
    """Digit tails that sign a handle as one person's (`81725`, `7003`): three digits or more,
    not a year of birth. However many accounts carry `daniel_taylor8172`, they are one
    person's, so a username with such a tail is never a common one; `john76` and
    `john_1985` can be many people's."""
    return (digits >= 0) & (columns.lengths[digits] >= 3) & ~_years(columns, digits)


def _handle(columns: Columns, a: NDArray[np.int64], b: NDArray[np.int64], counts: Counts
            ) -> tuple[NDArray[np.int8], NDArray[np.int64]]:
    scalar, lengths = columns.scalar, columns.lengths
    handle_a, handle_b = scalar["handle"][a], scalar["handle"][b]
    letters_a, letters_b = scalar["letters"][a], scalar["letters"][b]
    digits_a, digits_b = scalar["digits"][a], scalar["digits"][b]
    present = (handle_a >= 0) & (handle_b >= 0)
    exact = present & (handle_a == handle_b)
    same_letters = present & ~exact & (letters_a == letters_b) & (letters_a >= 0)
    tails = same_letters & (digits_a >= 0) & (digits_b >= 0)
    # Digit tails one slip apart, one cut short, or one the end of the other (`1985`, `85`).
    shortest_tail = np.minimum(lengths[digits_a], lengths[digits_b])
    distinctive = tails & (shortest_tail >= 2)
    # A slip in a number of three digits or more is one number mistyped (or cut short, or
    # written short: `1985`, `85`); `7` beside `71` is two numbers.
    # Two years one digit apart (`1962`, `1982`) are two people's years, not one slip.
    long_tails = tails & (shortest_tail >= 3) & ~(_years(columns, digits_a)
                                                  & _years(columns, digits_b))
    close_tails = _close(columns, digits_a, digits_b, long_tails, 3, 3) | (long_tails & (
        string_scores(columns, digits_a, digits_b, Postfix.similarity, long_tails)
        >= shortest_tail))
    other = present & ~exact & ~same_letters
    close = _close(columns, handle_a, handle_b, other, _SHORTEST_EDITED, _SHORTEST_CUT)
    conflicting = ((digits_a >= 0) & (digits_b >= 0) & (digits_a != digits_b)
                   & (np.minimum(lengths[digits_a], lengths[digits_b]) >= 2))
    letters_known = (np.minimum(lengths[letters_a], lengths[letters_b]) >= _SHORTEST_LETTERS) \
        & (letters_a >= 0) & (letters_b >= 0)
    similar_rows = other & ~close & letters_known & ~conflicting
    similar = string_scores(columns, letters_a, letters_b, JaroWinkler.normalized_similarity,
                            similar_rows) >= _SIMILAR
    levels = np.select(
        [exact & (digits_a < 0), exact, tails & close_tails, distinctive & ~close_tails,
         # A slip in the letters under one signed number is the same slip as one in the
         # number under the same letters (`kestrelwalker_55817`, `kestrel_walkr_55817`).
         same_letters, close & (digits_a == digits_b) & signed(columns, digits_a), close,
         similar, present], [10, 12, 9, 2, 5, 9, 7, 4, 1], 0).astype(np.int8)
    # A bare handle is as common as its letters are with any digits (`jameswhite` beside
    # every `jameswhite_1985`): it is the name again, however few carry it bare.
    carried = np.where(levels == 12, counts["handle"][handle_a], np.where(
        np.isin(levels, (2, 5, 7, 10)), np.maximum(counts["letters"][letters_a], 1), 0))
    banded_levels = banded(levels, carried, RARE)
    banded_levels[(levels == 12) & signed(columns, digits_a)] = 13
    return banded_levels, carried


def _name(columns: Columns, left: Codes, right: Codes, counts: NDArray[np.int64]
          ) -> tuple[NDArray[np.int8], NDArray[np.int64]]:
    """Same, similar (a slip, or `dan` beside `daniel`), an initial beside its name, different."""
    present = (left >= 0) & (right >= 0)
    same = present & (left == right)
    open_rows = present & ~same
    lengths = np.minimum(columns.lengths[left], columns.lengths[right])
    similar = string_scores(columns, left, right, JaroWinkler.normalized_similarity,
                            open_rows) >= _NAME_SIMILAR
    shortened = open_rows & ~similar & (lengths >= 3)
    similar |= shortened & (string_scores(columns, left, right, Prefix.similarity, shortened)
                            >= lengths)
    initial = open_rows & (lengths == 1) & (string_scores(
        columns, left, right, Prefix.similarity, open_rows & (lengths == 1)) >= 1)
    levels = np.select([same, similar, initial, present], [4, 3, 2, 1], 0).astype(np.int8)
    carried = np.where(same, counts[left], 0)
    return banded(levels, carried, RARE), carried


def _spelt(columns: Columns, name: str) -> NDArray[np.bool_]:
    """Per account, whether the handle's letters spell its name (`smith` in `jamessmlth`, read
    as the handle folds it): an agreeing name there is the agreeing handle again. Once per
    account, not per pair: an account is in many pairs."""
    names, letters = columns.scalar[name], columns.scalar["letters"]
    found = np.zeros(columns.size, dtype=bool)
    at = np.flatnonzero((names >= 0) & (letters >= 0))
    if len(at):
        strings = columns.strings
        found[at] = [word.replace("i", "l") in spelling for word, spelling in zip(
            strings[names[at]].tolist(), strings[letters[at]].tolist(), strict=True)]
    return found


def _levels_with_slips(columns: Columns, left: Codes, right: Codes, swap: bool
                       ) -> NDArray[np.int8]:
    """Same, one slip apart (a typed character, two swapped, and for dates the day and month
    swapped), different."""
    equal = equal_levels(left, right)
    levels = np.where(equal == 2, 3, equal).astype(np.int8)
    open_rows = equal == 1
    slip = _close(columns, left, right, open_rows, 4, 4)
    if swap and open_rows.any():
        rows = np.flatnonzero(open_rows)
        swapped = [s[:4] + s[6:8] + s[4:6] for s in columns.strings[left[rows]].tolist()]
        slip[rows] |= np.asarray(swapped, dtype=object) == columns.strings[right[rows]]
    levels[slip] = 2
    return levels


def named_counts(columns: Columns, counts: Counts) -> NDArray[np.int64]:
    """How many accounts a handle a bio names stands for, by handle code: those that carry it,
    and for a bare handle those that carry its letters with any digits, since `@villaultra`
    beside every `villaultra_578` may be any of them."""
    scalar = columns.scalar
    handle, letters, digits = scalar["handle"], scalar["letters"], scalar["digits"]
    found = counts["handle"].copy()
    bare = (handle >= 0) & (digits < 0) & (letters >= 0)
    found[handle[bare]] = np.maximum(found[handle[bare]], counts["letters"][letters[bare]])
    return found


def _names(columns: Columns, a: NDArray[np.int64], b: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether a's bio names b's handle, on b's platform where the bio says which: `also on
    snap: @james` names no `james` on threads."""
    mentions, on = columns.sets["mentions"][a], columns.sets["named_on"][a]
    platform = columns.scalar["platform"][b][:, None]
    there = (on < 0) | (platform < 0) | (on == platform)
    return np.asarray(((mentions == columns.scalar["handle"][b][:, None]) & there).any(axis=1)
                      & (columns.scalar["handle"][b] >= 0))


def _bio(columns: Columns, a: NDArray[np.int64], b: NDArray[np.int64],
         standing: NDArray[np.int64]) -> NDArray[np.int8]:
    """A bio naming the other's handle, or calling it its own other account (`main acc @x`,
    where `rip @x` names a friend); `@james` names every `james` there is, so a handle more
    than RARE accounts carry is a level of its own, whichever way it is named. `standing`:
    `named_counts`."""
    mentions, claims = columns.sets["mentions"], columns.sets["claims"]
    handle = columns.scalar["handle"]
    levels = np.zeros(len(a), dtype=np.int8)
    rows = np.flatnonzero((mentions[a, 0] >= 0) | (mentions[b, 0] >= 0))
    a, b = a[rows], b[rows]
    names_b, names_a = _names(columns, a, b), _names(columns, b, a)
    named = np.where(names_b, handle[b], np.where(names_a, handle[a], -1))
    carried = np.where(named >= 0, standing[named], 0)
    found = banded(np.where(named >= 0, 1, 0).astype(np.int8), carried, RARE)
    claimed = member(handle[b], claims[a]) | member(handle[a], claims[b])
    found[claimed & (found == 2)] = 3
    levels[rows] = found
    return levels


class Compared(NamedTuple):
    """Levels (a row per pair, a column per comparison); per `VALUED` comparison, how many
    accounts carry the value its level rests on (0 where none); and the names' levels (first,
    family, display) as the names alone say them, before an agreeing handle took their weight
    (`compare`), which is what estimation selects pairs on."""

    levels: NDArray[np.int8]
    carried: NDArray[np.int32]
    said: NDArray[np.int8]


class PerAccount(NamedTuple):
    """What `compare` reads per account rather than per pair, computed once for all chunks:
    whether the handle spells the first and the family name, and `named_counts`."""

    spelt: dict[str, NDArray[np.bool_]]
    standing: NDArray[np.int64]


def per_account(columns: Columns, counts: Counts) -> PerAccount:
    return PerAccount({name: _spelt(columns, name) for name in ("first", "last")},
                      named_counts(columns, counts))


def compare(columns: Columns, pairs: NDArray[np.int64], counts: Counts,
            accounts: PerAccount | None = None) -> Compared:
    """Every comparison's level for each pair. `counts` holds, per feature of `COUNTED`, how
    many accounts carry each value (indexed by code); `accounts`, `per_account` when already
    computed."""
    accounts = accounts or per_account(columns, counts)
    a, b = pairs[:, 0], pairs[:, 1]
    scalar = columns.scalar
    handle, handle_carried = _handle(columns, a, b, counts)
    first, first_carried = _name(columns, scalar["first"][a], scalar["first"][b],
                                 counts["first"])
    last, last_carried = _name(columns, scalar["last"][a], scalar["last"][b], counts["last"])
    display, display_carried = _name(columns, scalar["display"][a], scalar["display"][b],
                                     counts["display"])
    # One fact, one weight: handles that share common letters (`jamessmith`, however
    # numbered) or agree bare are a name, and names and display names that agree as well are
    # that name again; names read off display names that agree are the display again.
    said = np.column_stack([first, last, display])
    named = np.isin(handle, _NAME_LIKE)
    display[named], display_carried[named] = 0, 0
    spoken = display >= 3
    spelt = np.isin(handle, _SPELT)
    # Where the handles' letters agree, a name either handle spells agrees because they do
    # (whichever account of the pair comes first: `daniel29` spells `Dan` beside `Danny`).
    for level, carried, name in ((first, first_carried, "first"), (last, last_carried, "last")):
        inside = (accounts.spelt[name][a] | accounts.spelt[name][b]) & spelt & (level >= 3)
        level[inside], carried[inside] = 0, 0
    first[spoken], last[spoken] = 0, 0
    first_carried[spoken], last_carried[spoken] = 0, 0
    platform = equal_levels(scalar["platform"][a], scalar["platform"][b])
    levels = np.column_stack([
        handle, first, last, display,
        _levels_with_slips(columns, scalar["dob"][a], scalar["dob"][b], swap=True),
        _levels_with_slips(columns, scalar["postcode"][a], scalar["postcode"][b], swap=False),
        equal_levels(scalar["email"][a], scalar["email"][b]),
        equal_levels(scalar["phone"][a], scalar["phone"][b]),
        _bio(columns, a, b, accounts.standing),
        np.where(platform == 2, 1, np.where(platform == 1, 2, 0)),
    ]).astype(np.int8)
    return Compared(levels, np.column_stack([handle_carried, first_carried, last_carried,
                                             display_carried]).astype(np.int32), said)


def compare_one(columns: Columns, pairs: NDArray[np.int64], counts: Counts, column: int
                ) -> NDArray[np.int8]:
    """The levels of one comparison alone (for random pairs, of which each comparison needs a
    sample of its own): names are not neutralised by agreeing display names here."""
    a, b = pairs[:, 0], pairs[:, 1]
    scalar = columns.scalar
    if column == HANDLE:
        return _handle(columns, a, b, counts)[0]
    if column in (FIRST, LAST, DISPLAY):
        name = ("first", "last", "display")[column - FIRST]
        return _name(columns, scalar[name][a], scalar[name][b], counts[name])[0]
    if column in (DOB, POSTCODE):
        name = "dob" if column == DOB else "postcode"
        return _levels_with_slips(columns, scalar[name][a], scalar[name][b], swap=column == DOB)
    if column in (EMAIL, PHONE):
        name = "email" if column == EMAIL else "phone"
        return equal_levels(scalar[name][a], scalar[name][b])
    if column == BIO:
        return _bio(columns, a, b, named_counts(columns, counts))
    platform = equal_levels(scalar["platform"][a], scalar["platform"][b])
    return np.where(platform == 2, 1, np.where(platform == 1, 2, 0)).astype(np.int8)


def compare_chunked(columns: Columns, pairs: NDArray[np.int64], counts: Counts,
                    chunk: int = 1 << 20, accounts: PerAccount | None = None) -> Compared:
    """Bounded memory: pairs go through a million at a time. `accounts`, `per_account` when
    already computed."""
    accounts = accounts or per_account(columns, counts)
    if len(pairs) <= chunk:
        return compare(columns, pairs, counts, accounts)
    parts = [compare(columns, pairs[start:start + chunk], counts, accounts)
             for start in range(0, len(pairs), chunk)]
    return Compared(np.vstack([p.levels for p in parts]), np.vstack([p.carried for p in parts]),
                    np.vstack([p.said for p in parts]))
