"""Suspects and their accounts: who owns what is planned up front, the details are written out
one person at a time.

The plan (numpy arrays: owner, platform, ban, comeback per account) is small and random
access, so posts can be given authors before any account exists. The details (names, handles,
contact data) come from one sequential pass, because real handles and mailboxes are unique and
uniqueness needs to remember what was already taken.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from seeds.demo.synthetic import contacts
from seeds.demo.synthetic.dice import Dice
from seeds.demo.synthetic.handles import (
    display_base,
    display_variant,
    fit_handle,
    handle_base,
    handle_variant,
)
from seeds.demo.synthetic.params import Noise
from seeds.demo.synthetic.vocabulary import (
    BIO_CROSS_REFERENCES,
    BIO_LINES,
    BIO_RETURNS,
    COMMON_NAMES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    PLATFORM_WORDS,
    TOWNS,
)

PLATFORM_IDS: tuple[str, ...] = ("x", "facebook", "instagram", "tiktok", "youtube", "reddit",
                                 "telegram", "snapchat", "discord", "whatsapp", "threads",
                                 "bluesky", "linkedin", "twitch", "gab")
_PLATFORM_WEIGHTS = np.array([22, 20, 16, 13, 7, 5, 4, 4, 2, 2, 2, 1.5, 1, 1, 0.5])
_ACCOUNTS_PER_PERSON = np.array([0.45, 0.25, 0.15, 0.1, 0.05])
_CHUNK = 100_000
_EPOCH = date(1900, 1, 1)


def account_id(index: int, key: int) -> str:
    """A stable id that says nothing about its owner: a keyed 40-bit Feistel permutation."""
    left, right = index >> 20, index & 0xFFFFF
    for round_key in (key, key >> 20, key >> 40, key >> 60):
        left, right = right, left ^ (((right * 0x9E3779B1) ^ (right >> 7) ^ round_key)
                                     & 0xFFFFF)
    return f"acct-{(left << 20 | right):010x}"


@dataclass(frozen=True, slots=True)
class Population:
    """Per account: owner, platform index, banned, and the banned account it replaced (-1)."""

    person_of: npt.NDArray[np.int64]
    first_account: npt.NDArray[np.int64]
    platform_of: npt.NDArray[np.int64]
    banned: npt.NDArray[np.bool_]
    returned_from: npt.NDArray[np.int64]

    @property
    def persons(self) -> int:
        return len(self.first_account) - 1


def plan_population(accounts: int, noise: Noise, rng: np.random.Generator) -> Population:
    counts = rng.choice(np.arange(1, 6), size=max(accounts, 1), p=_ACCOUNTS_PER_PERSON)
    persons = int(np.searchsorted(np.cumsum(counts), accounts)) + 1
    counts = counts[:persons]
    counts[-1] -= int(counts.sum()) - accounts
    first = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    person_of = np.repeat(np.arange(persons, dtype=np.int64), counts)
    slot = np.arange(accounts, dtype=np.int64) - first[person_of]
    platform_of = np.empty(accounts, dtype=np.int64)
    log_weights = np.log(_PLATFORM_WEIGHTS / _PLATFORM_WEIGHTS.sum())
    for start in range(0, persons, _CHUNK):
        stop = min(persons, start + _CHUNK)
        # Gumbel top-k: distinct platforms per person, drawn by weight.
        keys = log_weights + rng.gumbel(size=(stop - start, len(PLATFORM_IDS)))
        order = np.argsort(-keys, axis=1)
        span = slice(int(first[start]), int(first[stop]))
        platform_of[span] = order[person_of[span] - start, slot[span]]
    banned = rng.random(accounts) < noise.banned
    returned_from = np.full(accounts, -1, dtype=np.int64)
    comeback = np.flatnonzero((counts >= 2) & (rng.random(persons) < noise.returns_after_ban))
    gone, back = first[comeback], first[comeback + 1] - 1
    platform_of[back] = platform_of[gone]
    banned[gone] = True
    banned[back] = False
    returned_from[back] = gone
    return Population(person_of, first, platform_of, banned, returned_from)


@dataclass(frozen=True, slots=True)
class Author:
    """What a post and its reporters can know about the account that made it."""

    platform: str
    handle: str | None
    display_name: str | None
    person: int
    numeric_id: str
    other_handles: tuple[str, ...]


@dataclass(slots=True)
class _Person:
    given: str
    family: str
    dob: date
    emails: list[str]
    phone: tuple[str, str] | None
    address: str
    postcode: str


_PROFILES = {
    "x": "https://x.com/{handle}", "facebook": "https://www.facebook.com/{handle}",
    "instagram": "https://www.instagram.com/{handle}/",
    "tiktok": "https://www.tiktok.com/@{handle}", "youtube": "https://www.youtube.com/@{handle}",
    "reddit": "https://www.reddit.com/user/{handle}/", "telegram": "https://t.me/{handle}",
    "snapchat": "https://www.snapchat.com/add/{handle}",
    "discord": "https://discord.com/users/{numeric_id}",
    "threads": "https://www.threads.net/@{handle}", "bluesky": "https://bsky.app/profile/{handle}",
    "linkedin": "https://www.linkedin.com/in/{handle}", "twitch": "https://www.twitch.tv/{handle}",
    "gab": "https://gab.com/{handle}",
}


def _profile_url(platform: str, handle: str | None, numeric_id: str,
                 phone: tuple[str, str] | None) -> str | None:
    if platform == "whatsapp":
        return f"https://wa.me/44{phone[0][1:]}{phone[1]}" if phone else None
    if handle is None:
        return f"https://www.facebook.com/profile.php?id={numeric_id}"
    return _PROFILES[platform].format(handle=handle, numeric_id=numeric_id)


class AccountWriter:
    """The sequential pass over persons; remembers taken handles and mailboxes."""

    def __init__(self, population: Population, seed: int, noise: Noise) -> None:
        # Plain lists: indexing numpy arrays one element at a time is slow in a hot loop.
        self.first = population.first_account.tolist()
        self.platform = [PLATFORM_IDS[i] for i in population.platform_of.tolist()]
        self.banned = population.banned.tolist()
        self.returned_from = population.returned_from.tolist()
        self.noise = noise
        self.key = seed * 0x5DEECE66D + 11
        self.rng = Dice(f"accounts:{seed}")
        self.numbers = contacts.suspect_numbers(random.Random(f"numbers:{seed}"))
        self.taken: set[str] = set()
        self.household: _Person | None = None

    def _claim(self, namespace: str, value: str) -> bool:
        """Whether `value` was taken already; claims it if not (names fold case)."""
        key = f"{namespace}:{value.lower()}"
        if key in self.taken:
            return True
        self.taken.add(key)
        return False

    def _mailbox(self, local: str, domain: str) -> str:
        while self._claim(domain, local):
            local += str(self.rng.randint(1, 99))
        return f"{local}@{domain}"

    def _person(self) -> _Person:
        rng, noise = self.rng, self.noise
        dob = _EPOCH + timedelta(days=int(21_000 + 18_600 * rng.random() ** 0.8))
        household = self.household
        if household is not None and rng.random() < noise.shared_household:
            given, family = rng.choice(GIVEN_NAMES), household.family
            home, code = household.address, household.postcode
        else:
            given, family = (rng.choice(COMMON_NAMES) if rng.random() < noise.common_name
                             else (rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)))
            home, code = contacts.address(rng), contacts.postcode(rng)
        emails = []
        for _ in range(2 if rng.random() < noise.second_email else 1):
            local = contacts.email_local(given, family, dob.year, rng)
            domain = rng.choice(("example.com", "example.org"))
            emails.append(self._mailbox(local, domain))
        phone = next(self.numbers, None) if rng.random() < noise.person_has_phone else None
        self.household = _Person(given, family, dob, emails, phone, home, code)
        return self.household

    def _handles(self, person: _Person, accounts: range) -> list[str | None]:
        rng, noise = self.rng, self.noise
        base = handle_base(person.given, person.family, person.dob.year, noise, rng)
        platforms = self.platform[accounts.start:accounts.stop]
        handles: dict[int, str | None] = {}
        # Threads last: it takes the Instagram handle, an exact cross-platform match.
        for offset in sorted(range(len(accounts)), key=lambda o: platforms[o] == "threads"):
            index, platform = accounts[offset], platforms[offset]
            returned = self.returned_from[index] >= 0
            if platform == "whatsapp" or (platform == "facebook"
                                          and rng.random() >= noise.facebook_username):
                handles[offset] = None
                continue
            if platform == "threads" and "instagram" in platforms:
                variant = handles[platforms.index("instagram")] or base
            elif offset == 0 and not returned and rng.random() < 0.6:
                variant = base
            else:
                variant = handle_variant(base, noise, rng, returned)
            handles[offset] = fit_handle(platform, variant, rng, partial(self._claim, platform))
        return [handles[offset] for offset in range(len(accounts))]

    def _bio(self, platform: str, handle: str | None, others: list[tuple[str, str]],
             replaced: str | None) -> str | None:
        rng, noise = self.rng, self.noise
        if replaced and rng.random() < 0.5:
            return rng.choice(BIO_RETURNS).format(handle="@" + replaced)
        if rng.random() >= noise.bio:
            return None
        if others and rng.random() < noise.bio_names_other_account:
            other_platform, other = rng.choice(others)
            typed = other if rng.random() < 0.3 else "@" + other
            return rng.choice(BIO_CROSS_REFERENCES).format(
                handle=typed, platform=rng.choice(PLATFORM_WORDS[other_platform]))
        return rng.choice(BIO_LINES).format(town=rng.choice(TOWNS),
                                            year=rng.randint(1975, 2020))

    def person_accounts(self, person_index: int,
                        wanted: set[int]) -> Iterator[tuple[int, dict[str, Any],
                                                            dict[str, Any], Author | None]]:
        """(index, record, truth, author-if-wanted) for each account of one person."""
        rng, noise = self.rng, self.noise
        person = self._person()
        accounts = range(self.first[person_index], self.first[person_index + 1])
        handles = self._handles(person, accounts)
        platforms = self.platform[accounts.start:accounts.stop]
        named = [(p, h) for p, h in zip(platforms, handles, strict=True) if h is not None]
        display = display_base(person.given, person.family, next(
            (h for h in handles if h), person.given), rng)
        for index, platform, handle in zip(accounts, platforms, handles, strict=True):
            previous = self.returned_from[index]
            numeric_id = str(rng.randrange(100_000_000_000_000, 100_099_999_999_999)) \
                if platform != "discord" else str(rng.randrange(10**17, 12 * 10**17))
            shown = display_variant(display, noise, rng, previous >= 0) \
                if rng.random() < noise.display_name else None
            others = [(p, h) for p, h in named if h != handle]
            replaced = handles[previous - accounts.start] if previous >= 0 else None
            record: dict[str, Any] = {"id": account_id(index, self.key), "platform": platform}
            if handle is not None:
                record["handle"] = handle
            if shown:
                record["display_name"] = shown
            self._disclosures(record, person, platform)
            url = _profile_url(platform, handle, numeric_id, person.phone)
            if url and rng.random() < noise.profile_url:
                record["url"] = url
            bio = self._bio(platform, handle, others, replaced)
            if bio:
                record["bio"] = bio
            truth = {"id": record["id"], "person": f"person-{person_index:07d}",
                     "banned": self.banned[index],
                     "returned_from": account_id(previous, self.key) if previous >= 0 else None}
            author = Author(platform, handle, shown, person_index, numeric_id,
                            tuple(h for _, h in others)) if index in wanted else None
            yield index, record, truth, author

    def _disclosures(self, record: dict[str, Any], person: _Person, platform: str) -> None:
        """Contact and identity details a platform handed over for some accounts only."""
        rng, noise = self.rng, self.noise
        if rng.random() < noise.disclose_email:
            record["email"] = contacts.styled_email(rng.choice(person.emails), noise, rng)
        if person.phone and (platform == "whatsapp" or rng.random() < noise.disclose_phone):
            record["phone"] = contacts.formatted_phone(person.phone, rng)
        if rng.random() < noise.disclose_names:
            record["given_name"] = person.given
            if rng.random() < 0.8:
                record["family_name"] = person.family.upper() if rng.random() < 0.2 \
                    else person.family
        if rng.random() < noise.disclose_dob:
            record["dob"] = person.dob.isoformat() if rng.random() < 0.8 \
                else person.dob.strftime("%d/%m/%Y")
        if rng.random() < noise.disclose_address:
            record["address"] = person.address
            record["postcode"] = person.postcode
