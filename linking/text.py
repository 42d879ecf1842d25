"""Text folding, similarity and fingerprints for the words of a post as reporters copy them.

Reporters retype a post with typos, paste it from a screenshot through OCR (`rn` for `m`, `0` for
`o`, `l` for `I`), cut it short, change its capitals or put its words in another order. Folding
maps all of those towards one spelling, so that two copies of one post meet on equal blocking keys
(MinHash bands over folded words) and score high on similarity, while unrelated posts do not.
The same folding undoes the letter swaps that posters use to slip past filters (`k1ll`, `$cum`).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

# Characters that OCR and filter-evaders swap for letters, folded towards the letter. `i` goes to
# `l` because OCR confuses `I`, `l` and `1`; folding both sides the same way keeps them equal.
_CHARACTERS = str.maketrans({"0": "o", "1": "l", "i": "l", "!": "l", "|": "l", "3": "e",
                             "4": "a", "@": "a", "5": "s", "$": "s", "7": "t", "8": "b"})
# Letter pairs that OCR reads for one letter.
_PAIRS = re.compile(r"rn|vv|cl")
_PAIR_LETTER = {"rn": "m", "vv": "w", "cl": "d"}
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9@$!|]+")
# Swap characters only stand for letters inside words: a leading `@` marks a mention, a trailing
# `!` or `|` is punctuation.
_NOT_SWAPS = re.compile(r"(?<![a-z0-9])@|[@$!|]+(?![a-z0-9])")
_REPEATS = re.compile(r"(.)\1+")
_NOT_LETTERS = re.compile(r"[^a-z ]+")

# Words too common to say anything about which post a copy came from.
_COMMON = """
    the and for are but not you all any can her was one our out his has had how its may new now
    old see two who did get let put say she too use that this with have from they will your what
    when were them then than been more some into just like also only over such very its which
    their there these those about would could should if is it in on to of at by be we he me my
    do no so up us go am an as or
"""

MINHASH_BANDS = 32
MINHASH_ROWS = 4
_GRAM = 4
# Texts shorter than this (without spaces) match too much by chance to be worth a band.
_SHORTEST = 12
# Fixed permutations of 32-bit values (odd multiplier, offset, modulo 2**32), one per MinHash
# row, and odd multipliers that fold a band's rows into one 64-bit key.
_SEEDS = np.random.default_rng(20240601)
_A = (_SEEDS.integers(0, 1 << 31, size=(MINHASH_BANDS * MINHASH_ROWS, 1), dtype=np.uint32) * 2
      + 1).astype(np.uint32)
_B = _SEEDS.integers(0, 1 << 32, size=(MINHASH_BANDS * MINHASH_ROWS, 1), dtype=np.uint64
                     ).astype(np.uint32)
_ROW_MIXERS = (_SEEDS.integers(0, 1 << 62, size=MINHASH_ROWS, dtype=np.uint64) * 2 + 1)


# Batches repeat the same copied text and the same folded text many times over.
_CACHE = 1 << 17


@lru_cache(maxsize=_CACHE)
def fold(text: str) -> str:
    """One spelling for every copy of a post: ASCII, lower case, OCR and look-alike letters
    folded, links dropped, punctuation to spaces, letter runs (`sooo`) to one letter."""
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode().lower()
    text = _URL.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    text = _NOT_SWAPS.sub(" ", text)
    text = text.translate(_CHARACTERS)
    text = _PAIRS.sub(lambda found: _PAIR_LETTER[found.group()], text)
    text = _NOT_LETTERS.sub(" ", text)
    text = _REPEATS.sub(r"\1", text)
    return " ".join(text.split())


_STOPWORDS = frozenset(fold(word) for word in _COMMON.split())


def words(folded: str) -> frozenset[str]:
    """The words of a folded text that can tell one post from another."""
    return frozenset(w for w in folded.split() if len(w) > 2 and w not in _STOPWORDS)


@lru_cache(maxsize=_CACHE)
def fingerprint(folded: str) -> str:
    """A key equal for copies that differ only in case, punctuation, OCR slips or word order."""
    joined = " ".join(sorted(words(folded)))
    return f"{zlib.crc32(joined.encode()):08x}" if joined else ""


@lru_cache(maxsize=_CACHE)
def band_keys(folded: str) -> tuple[str, ...]:
    """MinHash LSH bands over the text's letter 4-grams: copies of one post share a band.

    Letters, not words, because copies split and join words ("wast he", "chaosagain") and break
    them with slips; spaces are dropped for the same reason. Four rows per band keep posts built
    from the same stock phrases apart (a quarter of their 4-grams in common shares one of the 32
    bands about one time in ten), while copies sharing over half of them nearly always meet.
    Hashes are deterministic (the 4-gram bytes themselves and fixed seeds), because the keys are
    stored and compared across processes. Each key is the 64-bit hash of its band's rows, so keys
    of different bands do not meet by more than chance.
    """
    data = folded.replace(" ", "").encode()
    if len(data) < _SHORTEST:
        return ()
    letters = np.frombuffer(data, dtype=np.uint8).astype(np.uint32)
    count = len(letters) - _GRAM + 1
    grams = letters[:count].copy()
    for offset in range(1, _GRAM):
        grams = (grams << np.uint32(8)) | letters[offset:count + offset]
    minima = (_A * np.unique(grams) + _B).min(axis=1).astype(np.uint64)
    bands = (minima.reshape(MINHASH_BANDS, MINHASH_ROWS) * _ROW_MIXERS).sum(axis=1)
    hexed = bands.astype(">u8").tobytes().hex()
    return tuple(hexed[start:start + 16] for start in range(0, len(hexed), 16))


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """How alike two folded texts are, 0..1, whatever their word order; 0 below `floor`, which
    lets rapidfuzz give up early on texts that are plainly different."""
    if not a or not b:
        return 0.0
    cutoff = floor * 100.0
    return max(fuzz.ratio(a, b, score_cutoff=cutoff),
               fuzz.token_sort_ratio(a, b, score_cutoff=cutoff)) / 100.0


def containment(a: str, b: str, floor: float = 0.0, shortest: int = 20) -> float:
    """How well a truncated copy matches the start or some stretch of the longer text, 0..1.

    Only a copy clearly shorter than the other counts as truncated (one nearly as long is
    compared by `similarity`); and very short texts match somewhere in almost any post, so
    those score 0, as does anything below `floor`.
    """
    short, long = sorted((a, b), key=len)
    if len(short) < shortest or len(short) > _TRUNCATED * len(long):
        return 0.0
    return fuzz.partial_ratio(short, long, score_cutoff=floor * 100.0) / 100.0


# A copy at most this share of the other's length may be a truncated one.
_TRUNCATED = 0.9
