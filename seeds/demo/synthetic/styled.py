"""Account files in a style drawn at random: people, their accounts and the truth of who owns what.

Each person has a favourite handle (`danieltaylor_8172`, `1439_daniel`, `proud_walker`) and
bends it per account: case and separators, a look-alike letter (`danieltay1or`), a character
more (`81725`), a cut, and, for people who do not keep their digits, a new digit tail. Many
people share first names, so `daniel_2527` and `daniel_taylor92641` are often two people. What
platforms disclose (email, phone, date of birth, names) is sparse, in proportions the style
sets. `seeds.demo.synthetic.styles` draws the style from the seed.

    python -m seeds.demo.synthetic.styled --seed 101 --people 3000 --out DIR

writes DIR/accounts.jsonl (the fields `hub link accounts` reads), DIR/accounts.truth.jsonl
(`{"id", "person"}`) and DIR/style.json.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from seeds.demo.synthetic import contacts
from seeds.demo.synthetic.handles import fit_handle
from seeds.demo.synthetic.styles import AccountStyle, draw_style
from seeds.demo.synthetic.vocabulary import (
    BIO_LINES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    HANDLE_ADJECTIVES,
    HANDLE_NOUNS,
    NICKNAMES,
    PLATFORM_WORDS,
    TOWNS,
)

Record = dict[str, Any]
PLATFORMS = ("x", "instagram", "tiktok", "facebook", "youtube", "reddit", "telegram", "snapchat",
             "discord", "threads", "twitch", "gab", "bluesky")
_PLATFORM_WEIGHTS = (22, 16, 13, 12, 7, 5, 4, 4, 3, 2, 1, 1, 1.5)
_LOOKALIKES = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "t": "7"}


@dataclass(frozen=True, slots=True)
class _Person:
    given: str
    family: str
    dob: date
    emails: tuple[str, ...]
    phone: tuple[str, str] | None
    letters: str
    digits: str
    digits_first: bool
    keeps_digits: bool
    display: str | None


def _zipf(names: tuple[str, ...], skew: float, rng: random.Random) -> str:
    weights = [1.0 / (rank + 1) ** skew for rank in range(len(names))]
    return rng.choices(names, weights=weights)[0]


def _tail(year: int, rng: random.Random) -> str:
    """Digits people add to a name already taken: a year, or a number of 2 to 5 digits."""
    roll = rng.random()
    if roll < 0.2:
        return f"{year % 100:02d}"
    if roll < 0.35:
        return str(year)
    return str(rng.randint(10, 99_999))


def _letters(given: str, family: str, style: AccountStyle, rng: random.Random) -> str:
    if rng.random() < style.persona:
        adjective, noun = rng.choice(HANDLE_ADJECTIVES), rng.choice(HANDLE_NOUNS)
        return rng.choice((f"{adjective}{noun}", f"{adjective}_{noun}")).lower()
    first = NICKNAMES.get(given, given) if rng.random() < 0.25 else given
    family = family.replace("'", "")
    if rng.random() < style.first_name_only:
        return first.lower()
    return rng.choice((f"{first}{family}", f"{first}_{family}", f"{first[0]}{family}",
                       f"{family}{first}", f"{first}.{family}", f"{first}{family[0]}")).lower()


def _join(letters: str, digits: str, first: bool, rng: random.Random) -> str:
    if not digits:
        return letters
    glue = rng.choice(("", "_", "_", "."))
    return f"{digits}{glue or '_'}{letters}" if first else f"{letters}{glue}{digits}"


def _display(given: str, family: str, handle: str, style: AccountStyle,
             rng: random.Random) -> str | None:
    if rng.random() >= style.display:
        return None
    if rng.random() < style.display_from_handle:
        return " ".join(part.capitalize() for part in handle.replace(".", "_").split("_")
                        if part)
    return rng.choice((f"{given} {family}", f"{given} {family}",
                       f"{NICKNAMES.get(given, given)} {family}", given, f"{given} {family[0]}",
                       f"{given} {family}".upper()))


def _lookalike(handle: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(handle) if c.lower() in _LOOKALIKES]
    if not spots:
        return handle
    at = rng.choice(spots)
    return handle[:at] + _LOOKALIKES[handle[at].lower()] + handle[at + 1:]


def _recase(handle: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return handle.capitalize()
    if roll < 0.5:
        return handle.upper()
    if roll < 0.8:
        return handle.replace("_", "").replace(".", "")
    return handle.replace(".", "_") if "." in handle else handle.replace("_", ".")


def _variant(person: _Person, style: AccountStyle, rng: random.Random) -> str:
    """One account's handle, bent from the person's favourite in the ways the style allows."""
    digits = person.digits
    if digits and not person.keeps_digits:
        digits = "" if rng.random() < 0.2 else _tail(person.dob.year, rng)
    handle = _join(person.letters, digits, person.digits_first, rng)
    if rng.random() < style.separator:
        handle = _recase(handle, rng)
    if rng.random() < style.lookalike:
        handle = _lookalike(handle, rng)
    if rng.random() < style.extra:
        handle += str(rng.randint(0, 9)) if digits else rng.choice(("x", "_", "1", "s"))
    if rng.random() < style.truncation and len(handle) > 8:
        handle = handle[:rng.randint(max(6, len(handle) - 4), len(handle) - 1)]
    return handle


class _Writer:
    """People one at a time; remembers taken handles per platform and taken mailboxes."""

    def __init__(self, seed: int, style: AccountStyle) -> None:
        self.style = style
        self.rng = random.Random(f"styled:{seed}")
        self.numbers = contacts.suspect_numbers(random.Random(f"styled-numbers:{seed}"))
        self.taken: set[str] = set()
        self.ids: set[str] = set()

    def _claim(self, namespace: str, value: str) -> bool:
        key = f"{namespace}:{value.lower()}"
        if key in self.taken:
            return True
        self.taken.add(key)
        return False

    def _id(self) -> str:
        while True:
            found = f"acct-{self.rng.getrandbits(40):010x}"
            if found not in self.ids:
                self.ids.add(found)
                return found

    def person(self) -> _Person:
        rng, style = self.rng, self.style
        given = _zipf(GIVEN_NAMES, style.name_skew, rng)
        family = _zipf(FAMILY_NAMES, style.name_skew, rng)
        dob = date(1950, 1, 1) + timedelta(days=rng.randrange(20_000))
        emails = []
        for _ in range(2 if rng.random() < 0.3 else 1):
            local = contacts.email_local(given, family, dob.year, rng)
            domain = rng.choice(("example.com", "example.org", "example.net"))
            while self._claim(domain, local):
                local += str(rng.randint(1, 9))
            emails.append(f"{local}@{domain}")
        phone = next(self.numbers, None) if rng.random() < 0.6 else None
        letters = _letters(given, family, style, rng)
        digits = "" if rng.random() < style.bare_name else _tail(dob.year, rng)
        favourite = _join(letters, digits, rng.random() < style.digits_first, rng)
        return _Person(given, family, dob, tuple(emails), phone, letters, digits,
                       favourite[:1].isdigit(), rng.random() < style.keeps_digits,
                       _display(given, family, favourite, style, rng))

    def accounts(self, number: int) -> Iterator[tuple[Record, Record]]:
        rng, style = self.rng, self.style
        person = self.person()
        count = 1 if rng.random() < style.single else min(
            len(PLATFORMS), 2 + _poisson(style.accounts_mean - 2, rng))
        platforms: list[str] = []
        while len(platforms) < count:
            platform = rng.choices(PLATFORMS, weights=_PLATFORM_WEIGHTS)[0]
            if platform not in platforms:
                platforms.append(platform)
        favourite = _join(person.letters, person.digits, person.digits_first, rng)
        handles = [fit_handle(platform, favourite if k == 0 or rng.random() >= style.vary
                              else _variant(person, style, rng), rng,
                              partial(self._claim, platform))
                   for k, platform in enumerate(platforms)]
        for platform, handle in zip(platforms, handles, strict=True):
            record: Record = {"id": self._id(), "platform": platform, "handle": handle}
            if person.display and rng.random() < 0.85:
                record["display_name"] = person.display
            self._disclose(record, person)
            others = [(p, h) for p, h in zip(platforms, handles, strict=True) if h != handle]
            if others and rng.random() < style.bio_mention:
                other_platform, other = rng.choice(others)
                record["bio"] = f"also on {rng.choice(PLATFORM_WORDS[other_platform])}: @{other}"
            elif rng.random() < 0.3:
                record["bio"] = rng.choice(BIO_LINES).format(town=rng.choice(TOWNS),
                                                             year=rng.randint(1975, 2020))
            yield record, {"id": record["id"], "person": f"person-{number:07d}"}

    def _disclose(self, record: Record, person: _Person) -> None:
        rng, style = self.rng, self.style
        if rng.random() < style.email:
            record["email"] = rng.choice(person.emails)
        if person.phone and rng.random() < style.phone:
            record["phone"] = contacts.formatted_phone(person.phone, rng)
        if rng.random() < style.dob:
            day = person.dob
            if rng.random() < style.dob_slip and day.day <= 12:
                day = date(day.year, day.day, day.month)
            record["dob"] = day.isoformat() if rng.random() < 0.7 else day.strftime("%d/%m/%Y")
        if rng.random() < style.names:
            record["given_name"] = person.given
            record["family_name"] = person.family


def _poisson(mean: float, rng: random.Random) -> int:
    """Knuth's method; the means here are small."""
    limit, k, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def styled_accounts(seed: int, people: int) -> tuple[AccountStyle, list[Record], list[Record]]:
    """The style of `seed` and its accounts and truth, both sorted by account id (so that file
    order says nothing about who owns what)."""
    style = draw_style(seed)
    writer = _Writer(seed, style)
    pairs = sorted((pair for number in range(people) for pair in writer.accounts(number)),
                   key=lambda pair: pair[0]["id"])
    return style, [record for record, _ in pairs], [truth for _, truth in pairs]


def write_styled(seed: int, people: int, out: Path) -> AccountStyle:
    style, records, truth = styled_accounts(seed, people)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("accounts.jsonl", records), ("accounts.truth.jsonl", truth)):
        (out / name).write_text("".join(json.dumps(row) + "\n" for row in rows),
                                encoding="utf-8")
    (out / "style.json").write_text(json.dumps(style.to_dict(), indent=1), encoding="utf-8")
    return style


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m seeds.demo.synthetic.styled",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(write_styled(args.seed, args.people, args.out).to_dict()))


if __name__ == "__main__":
    main()
