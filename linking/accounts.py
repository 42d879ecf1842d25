"""Which suspect accounts belong to one person, across platforms and after bans.

Stages, data flowing one way: normalise (record -> AccountFeatures) -> block (cheap exact keys:
contact identifiers, handle keys and stems, name with date of birth, bio mentions; over-large
blocks are skipped because a key shared by hundreds says nothing) -> compare (a level per
comparison, vectorised over all candidate pairs) -> score (Fellegi–Sunter: u from random pairs,
m by expectation–maximisation over the candidate pairs without labels, analysts' decisions as
labelled pairs; term-frequency adjustment so that a common name or handle weighs less than a
rare one) -> cluster (cohesive, honouring analysts' must- and cannot-links) -> explain.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from linking.cluster import cluster
from linking.contacts import email_key, phone_key
from linking.evidence import Evidence, Match
from linking.handles import handle_key

# Comparison -> its levels, in order; level 0 is always "missing" (neutral, weight 0).
LEVELS: dict[str, tuple[str, ...]] = {
    "email": ("missing", "different", "same"),
    "phone": ("missing", "different", "same"),
    "handle": ("missing", "different", "similar", "same stem", "same"),
    "display": ("missing", "different", "similar", "same"),
    "name": ("missing", "different", "similar", "same"),
    "dob": ("missing", "different", "same"),
    "postcode": ("missing", "different", "same"),
    "mention": ("missing", "names the other"),
}
COMPARISONS = tuple(LEVELS)
# Comparisons whose level 0 is an observation ("names no other account"), not missing data.
NOT_MISSING = frozenset({"mention"})
# Exact levels whose weight depends on how common the shared value is.
TERM_FREQUENCY = {"handle": ("same", "same stem"), "display": ("same",), "name": ("same",)}
BLOCK_CAP = 40
# A link needs this probability; a cluster needs this mean over all its cross pairs (pairs never
# compared count as 0), so a person's accounts join through strong links without chaining.
THRESHOLD = 0.98
COHESION = 0.6
RANDOM_PAIRS = 200_000
_MENTION = re.compile(r"@([A-Za-z0-9_.]{3,30})|\b(?:on|at|acct|account|backup|insta|ig|tiktok"
                      r"|twitter|x|telegram)\s*[:\-]?\s*@?([A-Za-z0-9_.]{3,30})", re.IGNORECASE)
_NOT_NAME = re.compile(r"[^a-z ]+")


@dataclass(frozen=True, slots=True)
class AccountFeatures:
    id: str
    platform: str | None
    handle: str | None
    stem: str | None
    usernames: frozenset[str]
    stems: frozenset[str]
    display: str | None
    name: str | None
    dob: str | None
    email: str | None
    phone: str | None
    postcode: str | None
    mentions: frozenset[str]


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
        return cls(m=dict(data["m"]), u=dict(data["u"]), prior=float(data["prior"]),
                   records=int(data["records"]), frequencies=dict(data.get("frequencies", {})))

    def weights(self) -> dict[str, NDArray[np.float64]]:
        """log2(m/u) per level; the missing level is neutral."""
        table = {}
        for name in COMPARISONS:
            w = np.log2(np.asarray(self.m[name]) / np.asarray(self.u[name]))
            w[0] = 0.0
            table[name] = w
        return table

    def frequency(self, comparison: str, value: str) -> float:
        """Share of records carrying `value`; values not kept as common count once."""
        count = self.frequencies.get(comparison, {}).get(value, 1)
        return count / max(self.records, 1)


@dataclass(frozen=True, slots=True)
class AccountLinkage:
    clusters: dict[str, str]
    links: list[Match]
    model: AccountModel


def _fold_name(*parts: Any) -> str | None:
    text = " ".join(str(p) for p in parts if p)
    folded = " ".join(_NOT_NAME.sub(" ", text.lower()).split())
    return folded or None


def _bare(text: str) -> str:
    """A handle without a platform's domain suffix (`name.bsky.social`)."""
    return text.split(".bsky.", 1)[0]


def _stem(raw: str) -> str | None:
    """The handle key without trailing digits, stripped before folding (`88` is not `bb`)."""
    stem = handle_key(re.sub(r"[\d_.\-]+$", "", _bare(raw)))
    return stem if len(stem) >= 4 else None


def normalise_account(record: Mapping[str, Any]) -> AccountFeatures:
    """People reuse one username across platforms and as their email's local part."""
    raw_handle = str(record["handle"]) if record.get("handle") else None
    handle = handle_key(_bare(raw_handle)) if raw_handle else None
    email = email_key(record.get("email"))
    raw_names = [n for n in (raw_handle, email.split("@")[0] if email else None) if n]
    usernames = {handle_key(_bare(n)) for n in raw_names} - {""}
    stems = {st for st in map(_stem, raw_names) if st}
    stem = _stem(raw_handle) if raw_handle else None
    display = _fold_name(record.get("display_name"))
    if display and raw_handle and display.replace(" ", "") in re.sub(r"[^a-z]", "",
                                                                       raw_handle.lower()):
        display = None  # spelt out from the handle: no evidence beyond the handle itself
    bio = str(record.get("bio") or "")
    mentions = frozenset(handle_key(a or b) for a, b in _MENTION.findall(bio)) - {handle, ""}
    postcode = str(record.get("postcode") or "").upper().replace(" ", "") or None
    dob = str(record["dob"])[:10] if record.get("dob") else None
    return AccountFeatures(
        id=str(record["id"]), platform=record.get("platform"), handle=handle or None,
        stem=stem, usernames=frozenset(usernames), stems=frozenset(stems),
        display=display,
        name=_fold_name(record.get("given_name"), record.get("family_name")), dob=dob,
        email=email, phone=phone_key(record.get("phone")),
        postcode=postcode, mentions=mentions)


def blocking_keys(features: AccountFeatures) -> frozenset[str]:
    """Indexable keys; any one shared makes two accounts candidates."""
    keys = set()
    if features.email:
        keys.add(f"e:{features.email}")
    if features.phone:
        keys.add(f"p:{features.phone}")
    keys.update(f"h:{u}" for u in features.usernames)
    keys.update(f"s:{st}" for st in features.stems)
    if features.name and features.dob:
        keys.add(f"n:{features.name}|{features.dob}")
    if features.display and " " in features.display:  # a full name, not a first name alone
        keys.add(f"d:{features.display}")
    keys.update(f"h:{m}" for m in features.mentions)
    return frozenset(keys)


def _similar(level_same: int, level_similar: int, level_different: int,
             left: list[str | None], right: list[str | None]) -> NDArray[np.int8]:
    """Levels for one string comparison over aligned pair lists (vectorised similarity)."""
    levels = np.zeros(len(left), dtype=np.int8)
    both = [i for i, (a, b) in enumerate(zip(left, right, strict=True)) if a and b]
    if not both:
        return levels
    scores = cpdist([left[i] for i in both], [right[i] for i in both],
                    scorer=JaroWinkler.normalized_similarity, workers=-1)
    same = np.array([left[i] == right[i] for i in both])
    chosen = np.where(same, level_same, np.where(scores >= 0.9, level_similar, level_different))
    levels[np.asarray(both)] = chosen
    return levels


def _equal(left: list[str | None], right: list[str | None]) -> NDArray[np.int8]:
    return np.array([0 if not (a and b) else (2 if a == b else 1)
                     for a, b in zip(left, right, strict=True)], dtype=np.int8)


def compare_levels(features: Sequence[AccountFeatures],
                   pairs: NDArray[np.int64]) -> NDArray[np.int8]:
    """One row per pair, one column per comparison, each cell a level index."""
    left = [features[i] for i in pairs[:, 0]]
    right = [features[j] for j in pairs[:, 1]]

    def column(name: str) -> tuple[list[str | None], list[str | None]]:
        return [getattr(f, name) for f in left], [getattr(f, name) for f in right]

    handles = _similar(4, 2, 1, *column("handle"))
    same_name = np.array([bool(a.usernames & b.usernames) for a, b in zip(left, right,
                                                                          strict=True)],
                         dtype=bool)
    same_stem = np.array([bool(a.stems & b.stems) for a, b in zip(left, right, strict=True)],
                         dtype=bool)
    handles = np.where(same_name, 4, np.where(same_stem & (handles != 4), 3, handles))
    handles = np.where((handles == 0) & (same_name | same_stem), 3, handles).astype(np.int8)
    mention = np.array([1 if (a.handle and a.handle in b.mentions)
                        or (b.handle and b.handle in a.mentions) else 0
                        for a, b in zip(left, right, strict=True)], dtype=np.int8)
    return np.column_stack([
        _equal(*column("email")), _equal(*column("phone")), handles,
        _similar(3, 2, 1, *column("display")), _similar(3, 2, 1, *column("name")),
        _equal(*column("dob")), _equal(*column("postcode")), mention,
    ]).astype(np.int8)


def _block_pairs(features: Sequence[AccountFeatures]) -> NDArray[np.int64]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, feature in enumerate(features):
        for key in blocking_keys(feature):
            groups[key].append(index)
    size = len(features)
    codes: list[int] = []
    for members in groups.values():
        if 1 < len(members) <= BLOCK_CAP:
            codes.extend(i * size + j for i, j in combinations(sorted(set(members)), 2))
    unique = np.unique(np.asarray(codes, dtype=np.int64))
    return np.column_stack([unique // size, unique % size]) if len(unique) else np.zeros(
        (0, 2), dtype=np.int64)


def _random_pairs(size: int, count: int, seed: int) -> NDArray[np.int64]:
    rng = np.random.default_rng(seed)
    left = rng.integers(0, size, count)
    right = rng.integers(0, size, count)
    keep = left != right
    return np.column_stack([np.minimum(left, right), np.maximum(left, right)])[keep]


def _proportions(levels: NDArray[np.int8], weights: NDArray[np.float64] | None = None
                 ) -> dict[str, list[float]]:
    table = {}
    for column, name in enumerate(COMPARISONS):
        counts = np.bincount(levels[:, column], weights=weights, minlength=len(LEVELS[name]))
        smoothed = (counts + 0.5) / (counts.sum() + 0.5 * len(counts))
        table[name] = [float(x) for x in smoothed]
    return table


def _scores(levels: NDArray[np.int8], model: AccountModel) -> NDArray[np.float64]:
    weights = model.weights()
    total = np.full(len(levels), math.log2(model.prior / (1 - model.prior)))
    for column, name in enumerate(COMPARISONS):
        total += weights[name][levels[:, column]]
    return total


def _common_values(features: Sequence[AccountFeatures]) -> dict[str, dict[str, int]]:
    """Counts of values seen at least three times: what a stored model needs for TF."""
    counters = {"handle": Counter(f.handle for f in features if f.handle),
                "stem": Counter(f.stem for f in features if f.stem),
                "display": Counter(f.display for f in features if f.display),
                "name": Counter(f.name for f in features if f.name)}
    return {name: {v: n for v, n in counter.items() if n >= 3}
            for name, counter in counters.items()}


def _anchored_m(levels: NDArray[np.int8], u: dict[str, list[float]]) -> dict[str, list[float]]:
    """A starting m for EM from anchor pairs: those sharing an email or phone are almost all
    one person, so how their other fields compare estimates m for those fields. The contact
    comparisons themselves start from a prior guess (mostly the same when both are present)."""
    anchors = levels[(levels[:, 0] == 2) | (levels[:, 1] == 2)]
    m = _proportions(anchors) if len(anchors) else {}
    for name in ("email", "phone"):
        m[name] = [0.0, 0.1, 0.9]
    for name in LEVELS:
        m.setdefault(name, [1.0 / len(LEVELS[name])] * len(LEVELS[name]))
    return _present_like_u(m, u)


def _present_like_u(m: dict[str, list[float]], u: dict[str, list[float]]
                    ) -> dict[str, list[float]]:
    """Whether a field is filled in says nothing about a match: keep m(missing) = u(missing)."""
    fixed = {}
    for name, levels in m.items():
        if name in NOT_MISSING:
            fixed[name] = levels
            continue
        present = np.asarray(levels[1:])
        present = present / present.sum() * (1.0 - u[name][0])
        fixed[name] = [u[name][0], *(float(x) for x in present)]
    return fixed


def train(features: Sequence[AccountFeatures],
          labelled: Iterable[tuple[str, str, bool]] = (), seed: int = 0,
          iterations: int = 25) -> AccountModel:
    """u from random pairs, m and the prior by EM over blocked pairs, labels held fixed."""
    pairs = _block_pairs(features)
    levels = compare_levels(features, pairs)
    u = _proportions(compare_levels(features, _random_pairs(len(features),
                                                            RANDOM_PAIRS, seed)))
    index = {f.id: i for i, f in enumerate(features)}
    known = [(index[a], index[b], same) for a, b, same in labelled if a in index and b in index]
    fixed_levels = compare_levels(features, np.asarray([[a, b] for a, b, _ in known],
                                                       dtype=np.int64).reshape(-1, 2))
    fixed = np.asarray([1.0 if same else 0.0 for _, _, same in known])
    model = AccountModel(m=_anchored_m(levels, u), u=u, prior=0.05, records=len(features),
                         frequencies=_common_values(features))
    if not len(levels):
        return model
    posterior = np.zeros(len(levels))
    for _ in range(iterations):
        posterior = 1.0 / (1.0 + np.power(2.0, -_scores(levels, model)))
        all_levels = np.vstack([levels, fixed_levels]) if len(known) else levels
        weights = np.concatenate([posterior, fixed]) if len(known) else posterior
        model.m = _present_like_u(_proportions(all_levels, weights), u)
        model.prior = float(np.clip(posterior.mean(), 1e-4, 0.5))
    # EM's prior is the share of matches among blocked pairs; u came from random pairs, so
    # scoring uses the prior of the same population: expected matches over all pairs.
    all_pairs = len(features) * (len(features) - 1) / 2
    model.prior = float(np.clip(posterior.sum() / max(all_pairs, 1.0), 1e-12, 0.5))
    return model


def _term_frequency(levels: NDArray[np.int8], pairs: NDArray[np.int64],
                    features: Sequence[AccountFeatures], model: AccountModel
                    ) -> NDArray[np.float64]:
    """Bits to add where an exact level rests on a value more (or less) common than average."""
    adjust = np.zeros(len(pairs))
    for column, name in enumerate(COMPARISONS):
        exact = TERM_FREQUENCY.get(name)
        if not exact:
            continue
        codes = [LEVELS[name].index(level) for level in exact]
        base_u = {code: model.u[name][code] for code in codes}
        rows = np.nonzero(np.isin(levels[:, column], codes))[0]
        for row in rows:
            code = int(levels[row, column])
            feature = features[pairs[row, 0]]
            value, table = ((feature.stem, "stem") if name == "handle" and code == 3
                            else (getattr(feature, name), name))
            adjust[row] = math.log2(base_u[code] / max(model.frequency(table, value), 1e-12))
    return adjust


def _explain(a: AccountFeatures, b: AccountFeatures, row: NDArray[np.int8],
             weights: dict[str, NDArray[np.float64]], tf: float, prior: float,
             probability: float) -> Match:
    evidence = [Evidence(name, LEVELS[name][int(level)], round(float(weights[name][level]), 3))
                for name, level in zip(COMPARISONS, row, strict=True) if level > 0]
    if tf:
        evidence.append(Evidence("term frequency", "common value" if tf < 0 else "rare value",
                                 round(tf, 3)))
    evidence.append(Evidence("prior", "share of candidate pairs that match", round(prior, 3)))
    return Match(a.id, b.id, probability, tuple(evidence))


def _matches(features: Sequence[AccountFeatures], pairs: NDArray[np.int64],
             model: AccountModel, floor: float) -> list[Match]:
    levels = compare_levels(features, pairs)
    tf = _term_frequency(levels, pairs, features, model)
    total = _scores(levels, model) + tf
    probability = 1.0 / (1.0 + np.power(2.0, -total))
    weights = model.weights()
    prior = math.log2(model.prior / (1 - model.prior))
    return [_explain(features[pairs[i, 0]], features[pairs[i, 1]], levels[i], weights,
                     float(tf[i]), prior, float(probability[i]))
            for i in np.nonzero(probability >= floor)[0]]


def compare(a: AccountFeatures, b: AccountFeatures, model: AccountModel) -> Match:
    """One pair, explained: every comparison's level and weight, and the probability."""
    matches = _matches([a, b], np.asarray([[0, 1]], dtype=np.int64), model, floor=0.0)
    return matches[0]


def link_accounts(records: Iterable[Mapping[str, Any]], model: AccountModel | None = None,
                  must_link: Iterable[tuple[str, str]] = (),
                  cannot_link: Iterable[tuple[str, str]] = (),
                  progress: Callable[[int], None] | None = None) -> AccountLinkage:
    """Cluster accounts into persons; cluster ids are the smallest account id in each."""
    features = []
    for record in records:
        features.append(normalise_account(record))
        if progress and len(features) % 10_000 == 0:
            progress(10_000)
    if progress:
        progress(len(features) % 10_000)
    must = list(must_link)
    cannot = list(cannot_link)
    if model is None:
        labelled = [(a, b, True) for a, b in must] + [(a, b, False) for a, b in cannot]
        model = train(features, labelled)
    else:
        model.records = len(features)
    matches = _matches(features, _block_pairs(features), model, floor=THRESHOLD)
    clusters = cluster((f.id for f in features), matches, COHESION, must, cannot)
    links = [m for m in matches if clusters[m.left] == clusters[m.right]]
    return AccountLinkage(clusters=clusters, links=links, model=model)
