"""Where synthetic people live and how they can be reached, all obviously fictional.

Postcodes are real in shape (area, district, sector, unit) and drawn from the real postcode
areas weighted roughly by population, so every one maps to a force. Telephone numbers come only
from Ofcom's ranges reserved for drama (e.g. 07700 900000–900999); there are about 16,000 such
numbers, so suspects and victims draw from separate halves and, in big worlds, most people have
no number. E-mail addresses use the reserved example.com/.org/.net domains.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

from seeds.demo.synthetic.params import Noise
from seeds.demo.synthetic.vocabulary import STREET_KINDS, STREETS, TOWNS

_AREAS = Path(__file__).parents[2] / "reference" / "data" / "postcode_areas.csv"
_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _districts(spec: str) -> list[str]:
    districts: list[str] = []
    for token in spec.split():
        if "-" in token:
            low, high = token.split("-")
            districts.extend(str(n) for n in range(int(low), int(high) + 1))
        else:
            districts.append(token)
    return districts


def _load_districts() -> tuple[list[str], list[int]]:
    """Every known outward code, each weighted by its area's population over its districts."""
    outward: list[str] = []
    weights: list[int] = []
    with _AREAS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            districts = _districts(row["districts"])
            share = max(1, int(row["population_k"]) * 1000 // len(districts))
            outward.extend(row["code"] + district for district in districts)
            weights.extend([share] * len(districts))
    return outward, weights


_OUTWARD, _WEIGHTS = _load_districts()
_CUMULATIVE = list(accumulate(_WEIGHTS))


def postcode(rng: random.Random) -> str:
    """A full postcode in its canonical form ("LS6 2AB")."""
    outward = rng.choices(_OUTWARD, cum_weights=_CUMULATIVE)[0]
    return f"{outward} {rng.randrange(10)}{rng.choice(_UNIT_LETTERS)}{rng.choice(_UNIT_LETTERS)}"


def typed_postcode(code: str, noise: Noise, rng: random.Random) -> str:
    """A postcode as a person types it: case and spacing vary, some give the district only."""
    if rng.random() < noise.postcode_partial:
        return code.split(" ")[0]
    roll = rng.random()
    if roll < 0.15:
        return code.lower()
    if roll < 0.3:
        return code.replace(" ", "")
    if roll < 0.33:
        return code.replace(" ", "  ")
    return code


def address(rng: random.Random) -> str:
    return f"{rng.randint(1, 220)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}, " \
           f"{rng.choice(TOWNS)}"


# (dialling code, first digits of the local number) of Ofcom's drama ranges, 1,000 numbers each.
_SUSPECT_RANGES = (("07700", "900"), ("0113", "4960"), ("0114", "4960"), ("0115", "4960"),
                   ("0116", "4960"), ("0117", "4960"), ("0118", "4960"))
_VICTIM_RANGES = (("0121", "4960"), ("0131", "4960"), ("0141", "4960"), ("0151", "4960"),
                  ("0161", "4960"), ("020", "79460"), ("0191", "4980"), ("029", "20180"),
                  ("01632", "960"))


def _pool(ranges: tuple[tuple[str, str], ...], rng: random.Random) -> list[tuple[str, str]]:
    numbers = [(code, f"{stem}{n:03d}") for code, stem in ranges for n in range(1000)]
    rng.shuffle(numbers)
    return numbers


def suspect_numbers(rng: random.Random) -> Iterator[tuple[str, str]]:
    """Each number once, in a seeded order, until the pool runs out."""
    return iter(_pool(_SUSPECT_RANGES, rng))


def victim_number(rng: random.Random) -> tuple[str, str]:
    code, stem = rng.choice(_VICTIM_RANGES)
    return code, f"{stem}{rng.randrange(1000):03d}"


def formatted_phone(number: tuple[str, str], rng: random.Random) -> str:
    """One number, the many ways people write it (+44 7700 900123, 07700900123, ...)."""
    code, local = number
    half = len(local) // 2 if len(local) > 6 else 3
    spaced = f"{local[:half]} {local[half:]}"
    return rng.choice((f"{code} {spaced}", f"{code}{local}", f"+44 {code[1:]} {spaced}",
                       f"+44{code[1:]}{local}", f"0044 {code[1:]} {local}", f"({code}) {local}",
                       f"+44 (0){code[1:]} {local}"))


def email_local(given: str, family: str, year: int, rng: random.Random) -> str:
    family = family.replace("'", "").lower()
    given = given.lower()
    number, digit = rng.randint(1, 99), rng.randint(1, 9)
    return rng.choice((f"{given}.{family}", f"{given}{family}{year % 100:02d}",
                       f"{given[0]}{family}", f"{given}_{family}{number}",
                       f"{family}.{given}{digit}", f"{given}{year}"))


def styled_email(email: str, noise: Noise, rng: random.Random) -> str:
    """Mailbox names are case-insensitive in practice, and people type them every which way."""
    if rng.random() >= noise.email_case:
        return email
    local, domain = email.split("@")
    return rng.choice((email.upper(), f"{local.title()}@{domain}",
                       f"{local.capitalize()}@{domain.capitalize()}"))
