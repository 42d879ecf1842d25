"""Posts: who made them, when, how many people report each, and which belong to a raid.

Reports per post are long-tailed, as the Scottish mass-reporting week showed (thousands of
reports about a handful of posts): most posts draw one to three reports, a few draw hundreds,
and one is the day's viral post. Raids are many accounts of different people posting the same
words within an hour, each its own post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from seeds.demo.synthetic.people import PLATFORM_IDS, Population

WINDOW_START = datetime(2026, 3, 2, tzinfo=UTC).timestamp()
WINDOW_DAYS = 184
SPIKE_DAYS = (120, 45, 160)               # the main spike first
STRANDS = ("race", "religion", "sexual_orientation", "disability", "transgender")
_STRAND_SHARE = (0.6, 0.12, 0.14, 0.07, 0.07)
_RAID_PLATFORMS = ("x", "tiktok", "facebook", "instagram", "telegram", "youtube")
_RAID_PLATFORM_SHARE = (0.45, 0.15, 0.15, 0.12, 0.08, 0.05)
_DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class PostPlan:
    """Per post: author account, posting time, raid (-1 if none), strand index, report count.

    Per report, in the order reports arrive: the post reported and the time received.
    """

    author: npt.NDArray[np.int64]
    posted: npt.NDArray[np.float64]
    raid: npt.NDArray[np.int64]
    strand: npt.NDArray[np.int64]
    reports: npt.NDArray[np.int64]
    report_post: npt.NDArray[np.int64]
    report_time: npt.NDArray[np.float64]


def _tail(total: int, rng: np.random.Generator, cap: int) -> list[int]:
    """Report counts for ordinary posts: a Zipf tail, summing exactly to `total`."""
    counts: list[int] = []
    remaining = total
    while remaining > 0:
        batch = np.minimum(rng.zipf(2.3, size=max(16, remaining // 2)), cap)
        for count in batch.tolist():
            take = min(count, remaining)
            counts.append(take)
            remaining -= take
            if remaining == 0:
                break
    return counts


def _raid_authors(population: Population, size: int,
                  rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """Accounts of `size` different people on one platform (fewer if the world is small)."""
    platform = PLATFORM_IDS.index(str(rng.choice(_RAID_PLATFORMS, p=_RAID_PLATFORM_SHARE)))
    candidates = np.flatnonzero((population.platform_of == platform) & ~population.banned)
    picked = rng.choice(candidates, size=min(len(candidates), size * 2), replace=False)
    _, first = np.unique(population.person_of[picked], return_index=True)
    chosen: npt.NDArray[np.int64] = picked[np.sort(first)][:size]
    return chosen


def _times_of_day(count: int, rng: np.random.Generator, peak: float) -> npt.NDArray[np.float64]:
    hours: npt.NDArray[np.float64] = np.mod(rng.normal(peak, 4.5, count), 24.0) * 3600.0
    return hours


def _raids(referrals: int, budget: int, population: Population,
           rng: np.random.Generator) -> tuple[list[npt.NDArray[np.int64]], list[int]]:
    """Raid members' accounts, and each member post's report count, within a report budget."""
    members: list[npt.NDArray[np.int64]] = []
    counts: list[int] = []
    for _ in range(referrals // 2500 or (1 if referrals >= 100 else 0)):
        authors = _raid_authors(population, int(rng.integers(6, 41)), rng)
        drawn = (_tail(len(authors) * 2, rng, 20) + [1] * len(authors))[:len(authors)]
        if len(authors) >= 2 and sum(counts) + sum(drawn) <= budget:
            members.append(authors)
            counts.extend(drawn)
    return members, counts


def _posting_times(raid: npt.NDArray[np.int64], special: int,
                   rng: np.random.Generator) -> npt.NDArray[np.float64]:
    """Mostly spread over the window, some on spike days; the viral posts on spike days, and
    each raid's posts within one hour."""
    posts = len(raid)
    day = rng.integers(0, WINDOW_DAYS - 7, posts).astype(np.float64)
    on_spike = rng.random(posts) < 0.15
    day[on_spike] = rng.choice(SPIKE_DAYS, size=int(on_spike.sum()), p=(0.6, 0.2, 0.2))
    posted = WINDOW_START + day * _DAY + _times_of_day(posts, rng, 17.0)
    if special:
        posted[0] = WINDOW_START + SPIKE_DAYS[0] * _DAY + 8 * 3600 + rng.uniform(0, 7200)
        posted[1:special] = WINDOW_START + rng.choice(SPIKE_DAYS, special - 1) * _DAY \
            + _times_of_day(special - 1, rng, 12.0)
    for number in range(int(raid.max(initial=-1)) + 1):
        members = np.flatnonzero(raid == number)
        start = WINDOW_START + _DAY * (SPIKE_DAYS[0] if rng.random() < 0.4
                                       else int(rng.integers(0, WINDOW_DAYS - 7)))
        posted[members] = start + _times_of_day(1, rng, 20.0)[0] \
            + rng.uniform(0, 3600, len(members))
    return posted


def plan_posts(referrals: int, population: Population, rng: np.random.Generator) -> PostPlan:
    special: list[int] = []
    if referrals >= 200:
        special.append(int(referrals * 0.012) + 1)
        special.extend(int(referrals * rng.uniform(0.001, 0.004)) + 1
                       for _ in range(referrals // 20_000))
    raid_members, raid_counts = _raids(referrals, (referrals - sum(special)) // 4, population,
                                       rng)
    ordinary = _tail(referrals - sum(special) - sum(raid_counts), rng, 60)
    counts = np.array(special + ordinary + raid_counts, dtype=np.int64)
    solo = len(special) + len(ordinary)

    # Ordinary authors: a few prolific people, a long tail of one-off posters.
    pool = min(population.persons, max(10, int(solo * 0.8)))
    person = (pool * rng.random(solo) ** 1.8).astype(np.int64)
    owned = population.first_account[person + 1] - population.first_account[person]
    account = population.first_account[person] + (rng.random(solo) * owned).astype(np.int64)
    author = np.concatenate([account, *raid_members]).astype(np.int64)
    raid = np.concatenate([np.full(solo, -1), *[np.full(len(m), n) for n, m in
                                                 enumerate(raid_members)]]).astype(np.int64)
    posted = _posting_times(raid, len(special), rng)
    strand = rng.choice(len(STRANDS), size=len(counts), p=_STRAND_SHARE)
    for number in range(len(raid_members)):
        strand[raid == number] = strand[np.flatnonzero(raid == number)[0]]

    # Number posts in a random order, so that a post's number says nothing about it.
    order = rng.permutation(len(counts))
    author, posted, raid, strand, counts = (author[order], posted[order], raid[order],
                                            strand[order], counts[order])
    viral = np.zeros(len(counts), dtype=bool)
    viral[np.argsort(order)[:len(special)]] = True
    report_post = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    hours = np.where(viral[report_post], rng.lognormal(np.log(5.0), 0.8, len(report_post)),
                     rng.lognormal(np.log(6.0), 1.3, len(report_post)))
    report_time = posted[report_post] + 60.0 + np.minimum(hours, 45 * 24.0) * 3600.0
    arrival = np.argsort(report_time, kind="stable")
    return PostPlan(author, posted, raid, strand, counts, report_post[arrival],
                    report_time[arrival])
