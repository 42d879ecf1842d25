"""Duplicate referrals: which Truevision referrals report the same post, comment, message or video.

Stages, data flowing one way: normalise (record -> ReferralFeatures) -> block (indexable keys) ->
compare (evidence levels) -> score (Fellegi–Sunter weights -> calibrated probability) -> cluster
(cohesive, honouring analyst decisions) -> explain (every link keeps its evidence).

Three facts shape it. The same canonical content key is decisive, so referrals sharing one are
collapsed into one unit before anything is compared: a viral post reported ten thousand times
costs ten thousand dictionary inserts, not fifty million comparisons. Different keys in one id
space are decisive the other way: two posts are two incidents even when a raid pasted the same
words into both, so such units are never compared. And a referral reports one post: scored
against its candidates together (`score_candidates`), a copy of raid text that fits twenty raid
posts, or a text-less referral naming an account with ten posts, belongs to none of them in
particular, however well it fits each.
"""

from __future__ import annotations

import gc
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz.distance import JaroWinkler

from linking.cluster import cluster
from linking.evidence import Evidence, Match, probability_from_weight
from linking.normalise.handles import handle_key
from linking.platforms import PLATFORMS, platform_from_host, platform_from_text
from linking.shortlinks import ShortLinkResolver
from linking.text import band_keys, containment, fingerprint, fold, similarity, words
from linking.urls import ACCOUNT, SHORT, ContentKey, author_handle, canonical_content

# Match weights (log2 m/u) per comparison level, and the prior log2 odds that two comparable
# units (not proven different by their keys) report the same post. Estimated by `python -m
# bench.referrals_train --seed 1` (20,000 referrals): m over every true duplicate pair, u over
# random pairs, as Splink does; never on the evaluation seeds. Content levels are set, not
# estimated: one key is one post. "account" is handle and platform together, because a handle
# agreeing says little more once the platform agrees, and a lot against it when it does not.
WEIGHTS: dict[str, dict[str, float]] = {
    "content": {"same": 20.0, "different": -20.0, "unknown": 0.0},
    "text": {"exact": 14.67, "high": 13.37, "truncated": 10.48, "medium": 2.67, "low": -8.22,
             "missing": 0.0},
    "account": {"same/same": 12.09, "same/missing": 11.6, "same/different": -2.29,
                "similar/same": 9.17, "similar/missing": 6.98, "similar/different": -2.42,
                "different/same": -1.0, "different/missing": -3.35, "different/different": -12.87,
                "missing/same": 2.98, "missing/missing": 0.0, "missing/different": -12.26},
    "time": {"hours": 5.29, "days": 0.97, "weeks": -4.61, "later": -13.41, "missing": 0.0},
}
PRIOR_LOG2_ODDS = -12.03
# A link at or above this probability may join two referrals in one case. Above one half because
# a wrong merge hides a victim while a missed one costs an officer time (tuned on seed 1: from 0.5
# to 0.7, wrong pairs fell by three fifths for one pair in a hundred missed).
THRESHOLD = 0.7


@dataclass(frozen=True, slots=True)
class ReferralFeatures:
    """What linking needs from a referral (or from a unit of referrals about one content)."""

    id: str
    received: float | None
    content: tuple[ContentKey, ...]
    platform: str | None
    handles: frozenset[str]
    text: str
    fingerprints: frozenset[str]
    bands: frozenset[str]
    comments: frozenset[str] = frozenset()
    """Comments linked under a post in `content`: which comment is evidence, not identity."""
    keys: frozenset[str] = field(init=False)
    """Every content key, short links included."""
    resolved: frozenset[str] = field(init=False)
    """Content keys by the platform's own id: equal means same post."""
    spaces: frozenset[str] = field(init=False)
    """The id spaces of the resolved keys, where unequal keys mean different posts."""
    hosts: frozenset[str] = field(init=False)
    """The platforms of the resolved keys: content on different platforms is different."""

    def __post_init__(self) -> None:
        resolved = [c for c in self.content if c.resolved]
        object.__setattr__(self, "keys", frozenset(c.key for c in self.content))
        object.__setattr__(self, "resolved", frozenset(c.key for c in resolved))
        object.__setattr__(self, "spaces", frozenset(c.space for c in resolved))
        object.__setattr__(self, "hosts", frozenset(c.platform for c in resolved))


@dataclass(frozen=True, slots=True)
class ReferralLinkage:
    """Batch result: cluster id per referral id, and the accepted links with their evidence."""

    clusters: dict[str, str]
    links: list[Match]


def normalise_referral(record: Mapping[str, Any], blocked: bool = True,
                       resolver: ShortLinkResolver | None = None) -> ReferralFeatures:
    """Turn a Truevision referral into comparable features; every field but `id` is optional.

    A stored report met at intake as a candidate is compared, never blocked again: without
    `blocked` it is spared the MinHash bands, the costliest part of normalising a text. With a
    `resolver`, a short link also gives the key of the post it leads to."""
    urls = [u for u in record.get("content_urls") or () if isinstance(u, str)]
    urls.extend(narrated_urls(str(record.get("narrative") or "")))
    keys = [k for k in map(canonical_content, urls) if k is not None]
    if resolver is not None:
        keys.extend(found for url, key in zip(urls, map(canonical_content, urls), strict=True)
                    if key is not None and key.kind == SHORT
                    and (found := resolver.resolve(url)) is not None)
    content = tuple(dict.fromkeys(k.for_duplicates() for k in keys if k.kind != ACCOUNT))
    names = [*(record.get("suspect_handles") or ()),
             *(k.id for k in keys if k.kind == ACCOUNT),
             *(a for a in map(author_handle, urls) if a)]
    handles = frozenset(h for h in (_handle_key(str(n)) for n in names) if h)
    platform = next((k.platform for k in content if k.platform != "web"), None)
    if platform is None and record.get("platform"):
        typed = str(record["platform"])
        platform = platform_from_text(typed) or platform_from_host(typed)
    text = fold(str(record.get("content_text") or ""))
    printed = fingerprint(text)
    return ReferralFeatures(
        id=str(record["id"]),
        received=_timestamp(record.get("received_at")),
        content=content,
        platform=platform,
        handles=handles,
        text=text,
        fingerprints=frozenset({printed} if printed else ()),
        bands=frozenset(band_keys(text)) if blocked else frozenset(),
        comments=frozenset(k.key for k in keys if k.parent is not None),
    )


def narrated_urls(narrative: str) -> list[str]:
    """Links to a platform's content that a reporter wrote into the narrative ("Link:
    t.me/…") instead of the link box; other addresses in a narrative are left alone."""
    found = []
    for url in _NARRATED_URL.findall(narrative):
        key = canonical_content(url)
        if key is not None and key.platform != "web" and key.kind != ACCOUNT:
            found.append(url)
    return found


_NARRATED_URL = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"']+",
                           re.IGNORECASE)


# Reporters of one post name the same few accounts, over and over.
_handle_key = lru_cache(maxsize=1 << 16)(handle_key)


def _timestamp(value: Any) -> float | None:
    """Seconds since the epoch, from ISO 8601 text (a record's) or a number of them (a stored
    report's, as the graph gives it)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def blocking_keys(features: ReferralFeatures) -> frozenset[str]:
    """Indexable keys to store with a referral: any key shared with another makes them
    candidates for comparison.

    Stored on the Report node and looked up by equality at intake (with `lookup_keys`), so their
    number per referral is fixed (content keys, handles, one fingerprint, 32 text bands) whatever
    is stored. Text bands are kept per platform: posts built from the same stock phrases abound,
    and the same words on two platforms are two posts anyway.
    """
    keys = set(post_keys(features))
    platform = features.platform or _ANY
    keys.update(f"t:{platform}:{b}" for b in features.bands)
    return frozenset(keys)


def post_keys(features: ReferralFeatures) -> frozenset[str]:
    """The blocking keys that name one post or its author: canonical content keys, the text's
    fingerprint, the suspect handles. Every candidate they lead to is compared, whereas a report
    met only through text bands must share `BANDS_ALONE` of them (stock phrases make bands that
    many unrelated posts share)."""
    return frozenset({f"c:{c.key}" for c in features.content}
                     | {f"f:{f}" for f in features.fingerprints}
                     | {f"h:{h}" for h in features.handles})


# How many of the most recent reports met through each kind of key (content, fingerprint, handle,
# text band: the key's first letter) a referral arriving at intake is compared with. Reports met
# through one content key or fingerprint are nearly always one post, so a few of them decide as
# well as many; an account's other posts are what keeps a text-less referral naming it from
# joining the wrong one, so more of those are read, one report per post. Reading 20 of each
# decided no better in a replay of 100,000 arrivals and cost more the fuller the lists, and
# since a handle's list holds posts rather than reports, its six most recent decide as well as
# ten did (docs/BENCHMARKS.md, "Duplicate referrals at intake").
COMPARED_PER_KEY = {"c": 3, "f": 3, "h": 6, "t": 3}
# The kind of key whose list holds one report per post: its account's most recent posts.
PER_POST = "h"


def remembered(key: str, held: list[tuple[str, str]], ref: str, post: str
               ) -> list[tuple[str, str]]:
    """A block key's list, newest first as (reference, post) pairs, once a report is put at its
    head; `graph.intake` keeps the stored lists the same way.

    A list is as long as its kind compares: every intake rewrites the lists of the forty-odd
    keys it locks, so a longer one would be paid for in every write and read by none. A
    handle's list drops the older report of the same post: a viral post's reporters all name its
    author, and ten reports of that one post would hide the account's other posts and be
    compared ten times over."""
    if key[0] == PER_POST:
        held = [entry for entry in held if entry[1] != post]
    return [(ref, post), *held][:COMPARED_PER_KEY[key[0]]]


def lookup_keys(features: ReferralFeatures) -> frozenset[str]:
    """The keys to look up for a new referral: its own, and where the platform is unknown on
    either side, the text bands under every platform (a referral without one may be about a post
    on any, and stored ones without one keep their bands apart)."""
    platforms = PLATFORMS if features.platform is None else (_ANY,)
    return blocking_keys(features) | {f"t:{platform}:{band}" for platform in platforms
                                      for band in features.bands}


_ANY = "*"


def levels(a: ReferralFeatures, b: ReferralFeatures) -> dict[str, str]:
    """The comparison level of each feature, the outcome the weights are estimated for."""
    return {
        "content": _content_level(a, b),
        "text": _text_level(a, b),
        "account": f"{_handle_level(a, b)}/{_platform_level(a, b)}",
        "time": _time_level(a, b),
    }


def _content_level(a: ReferralFeatures, b: ReferralFeatures) -> str:
    if a.keys & b.keys:
        return "same"
    if a.resolved and b.resolved and (a.spaces & b.spaces or not a.hosts & b.hosts):
        return "different"
    return "unknown"


def _text_level(a: ReferralFeatures, b: ReferralFeatures) -> str:
    if not a.text or not b.text:
        return "missing"
    if a.fingerprints & b.fingerprints:
        return "exact"
    score = similarity(a.text, b.text, floor=0.7)
    if score >= 0.9:
        return "high"
    if containment(a.text, b.text, floor=0.9):
        return "truncated"
    return "medium" if score else "low"


def _handle_level(a: ReferralFeatures, b: ReferralFeatures) -> str:
    if not a.handles or not b.handles:
        return "missing"
    if a.handles & b.handles:
        return "same"
    best = max(JaroWinkler.similarity(x, y) for x in a.handles for y in b.handles)
    return "similar" if best >= 0.9 else "different"


def _platform_level(a: ReferralFeatures, b: ReferralFeatures) -> str:
    if not a.platform or not b.platform:
        return "missing"
    return "same" if a.platform == b.platform else "different"


def _time_level(a: ReferralFeatures, b: ReferralFeatures) -> str:
    if a.received is None or b.received is None:
        return "missing"
    hours = abs(a.received - b.received) / 3600
    if hours <= 24:
        return "hours"
    if hours <= 24 * 7:
        return "days"
    return "weeks" if hours <= 24 * 30 else "later"


def compare(a: ReferralFeatures, b: ReferralFeatures) -> Match:
    """Score a pair on its own: the calibrated probability that they report the same content,
    with the evidence and the weight each piece contributed."""
    evidence = tuple(_evidence(feature, _describe(feature, level, a, b), level)
                     for feature, level in levels(a, b).items())
    return _match(a.id, b.id, evidence)


def _match(left: str, right: str, evidence: tuple[Evidence, ...]) -> Match:
    weight = sum(e.weight for e in evidence)
    return Match(left, right, probability_from_weight(weight, PRIOR_LOG2_ODDS), evidence)


@lru_cache(maxsize=4096)
def _evidence(feature: str, value: str, level: str) -> Evidence:
    """Evidence is immutable and repeats endlessly in a batch, so each distinct one is made once."""
    return Evidence(feature, value, WEIGHTS[feature][level])


def score_candidates(new: ReferralFeatures,
                     candidates: Sequence[ReferralFeatures]) -> list[Match]:
    """Score a referral against candidate posts, knowing it reports at most one of them.

    Pairwise odds treat each candidate alone; but a copy of raid text fits every raid post, and a
    text-less referral naming a prolific account fits each of its posts. With the candidates as
    competing explanations, the probability of post X is its odds over one plus the odds of all
    the candidate posts, so each match gains an evidence line "other posts fit too" worth
    -log2(1 + odds of the others). Candidates with the same resolved key are one post.
    """
    return CandidatePosts(candidates).score(new)


class CandidatePosts:
    """Candidates as the posts they report, and which of those posts are proven apart: all that
    scoring a referral against them needs besides its own comparisons. Built once, it scores
    several referrals against the same candidates (intake weighs the new report and each
    candidate without a post id against the candidate posts that have one) without working out
    the posts and their rivals again for each.

    Only posts proven apart are rivals: a candidate that may be the same post under another id
    (a Facebook post's numeric and pfbid ids, a short link) must not split the probability with
    it. Proven different means the same id space or another platform; posts with one id space,
    nearly all, are summed per space and per platform, so that weighing costs one pass, not one
    per pair. Candidates without a resolved key (a short link, a copied text) compete too, with
    any candidate they are proven apart from by their authors: a named account or a platform that
    differs. A raid's copies reported by short link or by text alone carry one text under many
    accounts, so a copy fits each of them and, weighed together, belongs to none in particular;
    without this, every open candidate would stand alone and the first one met would win.
    """

    def __init__(self, candidates: Sequence[ReferralFeatures]) -> None:
        self.candidates = candidates
        self._post = [post_of(candidate) for candidate in candidates]
        posts: dict[str, ReferralFeatures] = {}
        for candidate, post in zip(candidates, self._post, strict=True):
            posts.setdefault(post, candidate)
        self._single = {p: (min(f.spaces), min(f.hosts)) for p, f in posts.items()
                        if len(f.spaces) == 1}
        several = {p: f for p, f in posts.items() if len(f.spaces) > 1}
        self._apart: dict[str, list[str]] = {post: [] for post in posts}
        for post, features in posts.items():
            if features.resolved:
                self._apart[post] = [
                    p for p, f in (several if post in self._single else posts).items()
                    if p != post and f.resolved and _content_level(features, f) == "different"]
        open_posts = {p for p, f in posts.items() if not f.resolved}
        for post in open_posts:
            for other, known in posts.items():
                # Each pair once: an open post with every resolved one, and with the open ones
                # after it.
                if ((other not in open_posts or other > post)
                        and _different_authors(posts[post], known)):
                    self._apart[post].append(other)
                    self._apart[other].append(post)

    def score(self, new: ReferralFeatures) -> list[Match]:
        """The new referral's match with each candidate, in order, weighed by its rivals."""
        scored = [compare(new, candidate) for candidate in self.candidates]
        odds: dict[str, float] = {}
        for post, match in zip(self._post, scored, strict=True):
            odds[post] = max(odds.get(post, 0.0), _odds(match))
        rivals = self._rival_odds(odds)
        return [_with_rivals(match, *rivals[post])
                for post, match in zip(self._post, scored, strict=True)]

    def best_per_post(self, scored: Sequence[Match]) -> dict[str, Match]:
        """The best of the matches (in candidate order) with each candidate post."""
        return best_per_post(self._post, scored)

    def _rival_odds(self, odds: Mapping[str, float]) -> dict[str, tuple[float, int]]:
        """For each candidate post, the summed odds and number of candidates proven to be other
        posts."""
        per_space: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        per_host: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for post, keys in self._single.items():
            for table, key in zip((per_space, per_host), keys, strict=True):
                table[key][0] += odds[post]
                table[key][1] += 1
        all_single = (sum(odds[p] for p in self._single), len(self._single))
        rivals: dict[str, tuple[float, int]] = {}
        for post, others in self._apart.items():
            found = [sum(odds[p] for p in others), float(len(others))]
            if post in self._single:
                space, host = per_space[self._single[post][0]], per_host[self._single[post][1]]
                found[0] += space[0] - odds[post] + all_single[0] - host[0]
                found[1] += space[1] - 1 + all_single[1] - host[1]
            rivals[post] = (found[0], int(found[1]))
        return rivals


def best_per_post(posts: Sequence[str], scored: Sequence[Match]) -> dict[str, Match]:
    """The best match per post, from matches with candidates reporting the given posts. Two
    candidates may report one post (reports of it met at intake, units an analyst split although
    they share its key): the post fits as well as the better of them, in whatever order."""
    best: dict[str, Match] = {}
    for post, match in zip(posts, scored, strict=True):
        if post not in best or match.probability > best[post].probability:
            best[post] = match
    return best


def _different_authors(a: ReferralFeatures, b: ReferralFeatures) -> bool:
    """Two reports proven to be of two accounts' posts: each names accounts and none is alike,
    or their platforms differ."""
    return _handle_level(a, b) == "different" or _platform_level(a, b) == "different"


def post_of(features: ReferralFeatures) -> str:
    """The post a referral reports, as far as its keys tell: its platform's own id for it, or
    the referral itself when it has none (a copied text, a short link)."""
    return min(features.resolved) if features.resolved else features.id


def _odds(match: Match) -> float:
    return math.pow(2.0, min(_MAX_LOG2_ODDS, match.weight + PRIOR_LOG2_ODDS))


_MAX_LOG2_ODDS = 60.0
# Rivals whose odds add up to less than this change nothing worth an evidence line.
_NEGLIGIBLE_ODDS = 1e-3


def _with_rivals(match: Match, rival_odds: float, rivals: int) -> Match:
    if rival_odds < _NEGLIGIBLE_ODDS:
        return match
    weight = -math.log2(1.0 + rival_odds)
    value = f"{rivals} other candidate posts, odds {rival_odds:.3g} together"
    return _match(match.left, match.right,
                  (*match.evidence, Evidence("other posts fit too", value, weight)))


def _with_probability(match: Match, probability: float, value: str) -> Match:
    """The match with an evidence line that brings its probability to the one given."""
    target = _log2_odds(probability) - PRIOR_LOG2_ODDS
    if abs(target - match.weight) < 1e-9:
        return match
    return _match(match.left, match.right,
                  (*match.evidence, Evidence("other posts fit too", value,
                                             target - match.weight)))


def _log2_odds(probability: float) -> float:
    clipped = min(max(probability, 1e-12), 1.0 - 1e-12)
    return math.log2(clipped / (1.0 - clipped))


def _describe(feature: str, level: str, a: ReferralFeatures, b: ReferralFeatures) -> str:
    """The level, with the shared value where one makes the evidence checkable."""
    if feature == "content":
        if level != "same":
            return level
        comments = sorted(a.comments | b.comments)
        under = f" (linked through {', '.join(comments)})" if comments else ""
        return f"same: {min(a.keys & b.keys)}{under}"
    if feature == "account":
        handle, platform = level.split("/")
        if handle == "same":
            handle = f"same: {min(a.handles & b.handles)}"
        if platform == "same":
            platform = f"same: {a.platform}"
        return f"handle {handle}, platform {platform}"
    return level


def decide(new: ReferralFeatures, candidates: Sequence[ReferralFeatures],
           opened: Mapping[str, float] | None = None) -> Match | None:
    """The candidate a new referral should join at intake, or None to open a new case.

    Candidates are those sharing a blocking key, scored together by `score_candidates`: when
    several posts fit alike (raid text, a prolific account) none is likely enough to join. They
    are weighed as the batch linker weighs units (`weigh_candidates`).

    `opened` gives, per candidate, when its case was opened. Among the candidates the new report
    would join outright (at `JOIN`, the batch linker's join stage), it joins the one whose case
    was opened first, not the very best: a post has a second case only because intake once met
    a report of it that shared no key with the earlier ones, and a report that fits both is what
    the batch linker would join them by. Joining the first case keeps the post's later reports
    in it (the new report heads its keys' lists); joining the best, the later case took the
    report's keys and grew beside the first.
    """
    scored = [m for m in weigh_candidates(new, candidates) if m.probability >= THRESHOLD]
    if not scored:
        return None
    sure = [m for m in scored if m.probability >= JOIN]
    if opened is not None and sure:
        return min(sure, key=lambda m: (opened[m.right], -m.probability, m.right))
    return max(scored, key=lambda m: (m.probability, m.right))


def weigh_candidates(new: ReferralFeatures,
                     candidates: Sequence[ReferralFeatures]) -> list[Match]:
    """The new report's match with each candidate, the candidates without a post id of their own
    (a copied text, a short link) weighed against the candidate posts that have one, as the batch
    linker weighs units.

    A new report without an id of its own is scored against the candidate posts with one, as
    the batch linker's join stage scores an open unit: the open candidates are no rivals of a
    post there, as they are not in batch (each is a report of some post, maybe of that one). Two
    reports that carry only a post's text (or a short link) report the same post only if
    neither belongs to a post met with its id, or both belong to the same one (`_open_pair`):
    copies of a raid's text, each reported without a link, fit one another exactly, and also fit
    every raid post reported with one. A report with an id of its own and an open candidate are
    one post as far as the candidate, scored among the posts with ids (the new report among
    them), belongs to the new report's post rather than to another. The posts with ids are
    grouped and their rivals found once (`CandidatePosts`), whatever the number of open
    candidates weighed against them.
    """
    scored = score_candidates(new, candidates)
    placed = [c for c in candidates if c.resolved]
    if not placed or len(placed) == len(candidates):
        return scored
    if new.resolved:
        posts = CandidatePosts([new, *(c for c in placed if post_of(c) != post_of(new))])
        weighed = []
        for candidate, match in zip(candidates, scored, strict=True):
            if not candidate.resolved:
                fit = posts.score(candidate)[0]
                match = _with_probability(match, min(match.probability, fit.probability),
                                          "weighed with the posts the candidate fits")
            weighed.append(match)
        return weighed
    posts = CandidatePosts(placed)
    placing = posts.score(new)
    joins = dict(zip((c.id for c in placed), placing, strict=True))
    own = posts.best_per_post(placing)
    weighed = []
    for candidate, match in zip(candidates, scored, strict=True):
        if candidate.resolved:
            match = joins[candidate.id]
        elif _content_level(new, candidate) != "same":
            fits = posts.best_per_post(posts.score(candidate))
            match = _with_probability(match, _open_pair(match, own, fits).probability,
                                      "weighed with the posts each side fits")
        weighed.append(match)
    return weighed


def relation(a: ReferralFeatures, b: ReferralFeatures) -> str | None:
    """How two referrals about different content are related, if they are.

    SAME_RAID_TEXT: the same words on different posts (a copy-and-paste raid). SAME_SUSPECT: the
    same account named. None when unrelated or when they are about the same content.
    """
    if _content_level(a, b) == "same":
        return None
    if a.text and b.text and (a.fingerprints & b.fingerprints
                              or similarity(a.text, b.text, floor=0.9) >= 0.9):
        return "SAME_RAID_TEXT"
    if a.handles & b.handles:
        return "SAME_SUSPECT"
    return None


def link_referrals(records: Iterable[Mapping[str, Any]],
                   must_link: Iterable[tuple[str, str]] = (),
                   cannot_link: Iterable[tuple[str, str]] = (),
                   progress: Callable[[int], None] | None = None,
                   resolver: ShortLinkResolver | None = None) -> ReferralLinkage:
    """Cluster referrals into duplicate groups (one group per reported content).

    Referrals sharing a content key are one unit from the start. Each unit without a resolved key
    (text only, a short link) is then compared with the resolved units it shares a blocking key
    with; one that clearly belongs to a single post joins it there and then, as intake would
    decide. Only the rest are compared with each other and clustered, so the work grows with the
    number of doubtful referrals, not with the square of a viral post's.

    `must_link` and `cannot_link` are analysts' merge and split decisions (pairs of referral
    ids), always honoured; ValueError when they contradict each other. `progress` is called with
    the number of referrals normalised since its last call, so that it can advance a progress bar.
    `resolver` resolves short links (`linking.shortlinks`); without one they stay keys of their
    own, joined to a post by text, account and time like a referral without a link.
    """
    with collector_paused():
        return _link(records, must_link, cannot_link, progress, resolver)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a batch: it makes millions of small objects, none in a
    reference cycle, and each collection would walk them all again (a third of the run time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _link(records: Iterable[Mapping[str, Any]], must_link: Iterable[tuple[str, str]],
          cannot_link: Iterable[tuple[str, str]],
          progress: Callable[[int], None] | None,
          resolver: ShortLinkResolver | None) -> ReferralLinkage:
    features = _normalise_all(records, progress, resolver)
    cannot = [(str(a), str(b)) for a, b in cannot_link]
    disputed = {name for pair in cannot for name in pair}
    units, members = _units(features, disputed)
    joined, matches = _score_units(units, disputed)
    inside = [_member_link(member, unit) for unit, group in zip(units, members, strict=True)
              for member in group[1:]]
    clusters = cluster(
        (f.id for f in features),
        matches,
        THRESHOLD,
        must_link=[*((m.left, m.right) for m in (*inside, *joined)), *must_link],
        cannot_link=cannot,
    )
    accepted = [m for m in matches
                if m.probability >= THRESHOLD and clusters[m.left] == clusters[m.right]]
    return ReferralLinkage(clusters=clusters, links=[*inside, *joined, *accepted])


# A unit without a resolved key joins a post before clustering at this probability, as intake
# would; below it, clustering weighs it against everything else it fits.
JOIN = 0.9


def _score_units(units: list[ReferralFeatures],
                 disputed: set[str]) -> tuple[list[Match], list[Match]]:
    """Score units: the joins decided before clustering, and the matches left for clustering.

    An open unit (no resolved key) is scored against the resolved units sharing a blocking key
    (`score_candidates`) and joins the best when it is likely enough. What is left is compared
    pairwise (`_pairs_to_compare`) and weighed by what each side fits: two open units are the
    same post if both belong to one candidate post, or if neither belongs to any and their own
    evidence says so; two resolved units in different id spaces are as likely as the less likely
    direction, each scored against its own candidates.
    """
    blocks = _Blocks(units)
    joined: list[Match] = []
    matches: list[Match] = []
    fits: dict[int, dict[str, Match]] = {}
    active = [n for n, unit in enumerate(units) if unit.resolved]

    def fit(n: int) -> dict[str, Match]:
        if n not in fits:
            candidates = [units[other] for other in blocks.found(n) if units[other].resolved]
            posts = CandidatePosts(candidates)
            fits[n] = posts.best_per_post(posts.score(units[n]))
        return fits[n]

    for n, unit in enumerate(units):
        if unit.resolved:
            continue
        scored = fit(n)
        best = max(scored.values(), key=lambda m: (m.probability, m.right), default=None)
        if best is not None and best.probability >= JOIN and unit.id not in disputed:
            joined.append(best)
        else:
            matches.extend(scored.values())
            active.append(n)
    for left, right in _pairs_to_compare(blocks, active):
        a, b = units[left], units[right]
        if a.resolved:
            there, back = fit(left).get(post_of(b)), fit(right).get(post_of(a))
            if there is not None and back is not None:
                matches.append(min(there, back, key=lambda m: m.probability))
                continue
        matches.append(_open_pair(compare(a, b), fit(left), fit(right)))
    return joined, matches


def _open_pair(match: Match, left: Mapping[str, Match], right: Mapping[str, Match]) -> Match:
    """Two units are one post if both belong to the same candidate post, or if neither belongs
    to any candidate and their own evidence says so."""
    both = sum(left[post].probability * right[post].probability for post in left.keys() & right)
    neither = _unplaced(left) * _unplaced(right)
    probability = min(1.0, both + neither * match.probability)
    return _with_probability(match, probability, "weighed with the posts each side fits")


def _unplaced(fits: Mapping[str, Match]) -> float:
    """The probability that a unit belongs to none of its candidate posts (their probabilities
    may add up past 1 where candidates may be one post under two ids)."""
    return 1.0 - min(1.0, sum(m.probability for m in fits.values()))


def _normalise_all(records: Iterable[Mapping[str, Any]],
                   progress: Callable[[int], None] | None,
                   resolver: ShortLinkResolver | None) -> list[ReferralFeatures]:
    features = []
    for count, record in enumerate(records, 1):
        features.append(normalise_referral(record, resolver=resolver))
        if progress and count % 1000 == 0:
            progress(1000)
    if progress and len(features) % 1000:
        progress(len(features) % 1000)
    return features


def _units(features: list[ReferralFeatures],
           disputed: set[str]) -> tuple[list[ReferralFeatures], list[list[ReferralFeatures]]]:
    """Collapse referrals sharing a content key into units (union over keys).

    Referrals named in a cannot-link decision stay units of their own: the analyst said the key
    is not enough for them, so they must win their place by comparison like any other.
    """
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for f in features:
        if f.id not in disputed and len(f.content) > 1:
            first = root(f.content[0].key)
            for other in f.content[1:]:
                parent[root(other.key)] = first
    groups: dict[str, list[ReferralFeatures]] = defaultdict(list)
    for f in features:
        groups[root(f.content[0].key) if f.content and f.id not in disputed
               else "\0" + f.id].append(f)
    members = [sorted(group, key=lambda f: f.id) for group in groups.values()]
    return [_merge(group) for group in members], members


def _merge(group: list[ReferralFeatures]) -> ReferralFeatures:
    """One profile for a unit: every key and handle its members gave, the text most of them typed
    (the original, before each reporter's own slips), and the first report time."""
    if len(group) == 1:
        return group[0]
    texts = Counter(f.text for f in group if f.text)
    common = sorted(texts, key=lambda text: (-texts[text], -len(text)))[:_TEXTS_PER_UNIT]
    typed = [next(f for f in group if f.text == text) for text in common]
    platforms = Counter(f.platform for f in group if f.platform)
    times = [f.received for f in group if f.received is not None]
    return replace(
        group[0],
        received=min(times) if times else None,
        content=tuple(dict.fromkeys(c for f in group for c in f.content)),
        platform=platforms.most_common(1)[0][0] if platforms else None,
        handles=frozenset().union(*(f.handles for f in group)),
        comments=frozenset().union(*(f.comments for f in group)),
        text=common[0] if common else "",
        fingerprints=frozenset().union(*(f.fingerprints for f in typed)),
        bands=frozenset().union(*(f.bands for f in typed)),
    )


# A viral post's unit keeps the text keys of its few most typed copies, not of all of them:
# thousands of copies would put it in thousands of blocks.
_TEXTS_PER_UNIT = 3


class _Blocks:
    """Which units share lookup keys, from an index of everyone's keys built once per batch.

    Only keys that two units or more hold are kept, each as a slice of one array of unit
    numbers, so a unit's candidates are a few dictionary lookups and slices merged by numpy:
    blocks of stock phrases hold hundreds of units, and walking them in Python would dominate the
    batch. Text bands are indexed without their platform and filtered by it afterwards, which
    finds the same pairs as `lookup_keys` with half the keys. (Python's string hash is fine
    here: the index lives and dies within one process.)
    """

    def __init__(self, units: Sequence[ReferralFeatures]) -> None:
        self.units = units
        platforms = {platform: n for n, platform in enumerate(sorted(
            {unit.platform for unit in units if unit.platform}))}
        self._platform = np.array([platforms.get(unit.platform or "", -1) for unit in units],
                                  dtype=np.int64)
        self._queries: list[tuple[list[int], list[int]]] = []
        hashes: list[int] = []
        owners: list[int] = []
        rare = rare_words(units)
        for n, unit in enumerate(units):
            others = [hash(f"c:{key}") for key in unit.keys]
            others.extend(hash(f"h:{handle}") for handle in unit.handles)
            others.extend(hash(f"f:{printed}") for printed in unit.fingerprints)
            bands = [hash(band) for band in unit.bands]
            bands.extend(hash(f"w:{word}") for word in words(unit.text) & rare)
            self._queries.append((others, bands))
            hashes.extend(others)
            hashes.extend(bands)
            owners.extend([n] * (len(others) + len(bands)))
        keys = np.array(hashes, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        self._members = np.array(owners, dtype=np.int64)[order]
        edges = np.flatnonzero(np.diff(keys)) + 1
        starts = np.concatenate(([0], edges))
        ends = np.concatenate((edges, [len(keys)]))
        shared = ends - starts > 1
        self._blocks = dict(zip(keys[starts[shared]].tolist(),
                                zip(starts[shared].tolist(), ends[shared].tolist(), strict=True),
                                strict=True))
        self._found: dict[int, list[int]] = {}

    def found(self, n: int) -> list[int]:
        """Other units sharing a lookup key with unit `n`; through text bands alone, two.

        Posts made of the same stock phrases share a band by chance (at 100,000 referrals, nine
        in ten band-only candidates share just one), while copies of one post share most.
        """
        if n not in self._found:
            others, bands = self._queries[n]
            hits = [self._members[slice(*self._blocks[key])]
                    for key in others if key in self._blocks]
            banded = [self._members[slice(*self._blocks[key])]
                      for key in bands if key in self._blocks]
            if banded:
                values, counts = np.unique(np.concatenate(banded), return_counts=True,
                                           equal_nan=False)
                values = values[counts >= BANDS_ALONE]
                platform = self._platform[n]
                if platform >= 0:
                    near = self._platform[values]
                    values = values[(near == platform) | (near < 0)]
                hits.append(values)
            unique = np.unique(np.concatenate(hits)).tolist() if hits else []
            self._found[n] = [other for other in unique if other != n]
        return self._found[n]

    def shares_content_key(self, n: int) -> bool:
        """True when another unit has one of this unit's content keys (an analyst split them)."""
        return any(hash(f"c:{key}") in self._blocks for key in self.units[n].keys)


BANDS_ALONE = 2


def rare_words(units: Sequence[ReferralFeatures]) -> frozenset[str]:
    """Words few units' texts hold (by document frequency across the input): a copy cut short
    or read off a screenshot with slips keeps too little of the text to share two MinHash
    bands with its post, but keeps some of its rarer words, and two of them shared (or one
    and a band) make a candidate like two bands do. A word more units hold than the square
    root of their number is a stock phrase's or a big raid's, and says little about which
    post; indexing it would also make blocks of thousands."""
    counts = Counter(word for unit in units for word in words(unit.text))
    most = max(_RARE_FEWEST, int(math.sqrt(len(units))))
    return frozenset(word for word, count in counts.items() if 1 < count <= most)


# A word is rare when at most the square root of the number of units hold it (at 14,000 units,
# 118; at 100,000, 316), and never fewer than this.
_RARE_FEWEST = 20


def _pairs_to_compare(blocks: _Blocks, active: Iterable[int]) -> set[tuple[int, int]]:
    """Pairs among the active units sharing lookup keys, other than a resolved unit with an open
    one (the join stage compares those) and two resolved units proven different by their keys.

    Resolved units can still be one post under two ids, but only on a platform where the units
    use several id spaces (a Facebook post's numeric and pfbid ids); and units an analyst split
    although they share a content key must be compared too.
    """
    units = blocks.units
    spaces: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        for content in unit.content:
            if content.resolved:
                spaces[content.platform].add(content.space)
    chosen = set(active)
    pairs = set()
    for a in sorted(chosen):
        unit = units[a]
        if unit.resolved and not (any(len(spaces[host]) > 1 for host in unit.hosts)
                                  or blocks.shares_content_key(a)):
            continue
        for b in blocks.found(a):
            other = units[b]
            if (a < b and b in chosen and bool(unit.resolved) == bool(other.resolved)
                    and (not unit.resolved or _content_level(unit, other) != "different")):
                pairs.add((a, b))
    return pairs


def _member_link(member: ReferralFeatures, unit: ReferralFeatures) -> Match:
    """The link from a unit's member to its first referral: their shared content key."""
    weight = WEIGHTS["content"]["same"]
    evidence = (Evidence("content", _describe("content", "same", member, member), weight),)
    return Match(member.id, unit.id, probability_from_weight(weight, PRIOR_LOG2_ODDS), evidence)

