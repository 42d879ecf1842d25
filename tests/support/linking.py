"""A synthetic population of people behind accounts, for the account linker's tests."""

from __future__ import annotations

import random
from typing import Any

Record = dict[str, Any]
# A few very common names and handle words, and many rarer ones.
FIRST = ["John", "Mike", "Sarah", "Aisha", "Tom", "Priya", "Gareth", "Zofia", "Kwame", "Eilidh",
         "Oluwaseun", "Siobhan", "Dariusz", "Anjali", "Callum", "Ffion", "Tariq", "Ngozi"]
LAST = ["Smith", "Jones", "Khan", "Patel", "Evans", "Nowak", "Mensah", "Campbell", "Brown",
        "Okonkwo", "Fitzgerald", "Wiśniewski", "MacLeod", "Abernethy", "Chaudhry"]
WORDS = ["proud", "angry", "northern", "quiet", "lone", "free", "true", "urban", "plain",
         "salty", "grumpy", "honest", "rural", "tired", "loud"]
THINGS = ["patriot", "lad", "observer", "punter", "voice", "gaffer", "walker", "sparky",
          "cabbie", "brummie", "geordie", "nan", "builder", "trucker"]


def person(n: int, rng: random.Random) -> list[Record]:
    """One person's accounts, each showing some of what the person is: the ways people vary
    their handles and what platforms disclose, drawn at random."""
    first = rng.choice(FIRST[:3] if rng.random() < 0.3 else FIRST)
    last = rng.choice(LAST[:2] if rng.random() < 0.3 else LAST)
    if rng.random() < 0.5:
        handle = f"{rng.choice(WORDS)}_{rng.choice(THINGS)}"
    else:
        handle = rng.choice([f"{first}{last}", f"{first[0]}{last}", f"{first}_{last[0]}"])
    email = f"{first}.{last}{n}@example.org".lower()
    phone = f"07700 9{n:05d}"
    dob = f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    accounts: list[Record] = []
    for k in range(rng.choice([1, 1, 2, 2, 3])):
        variant = handle + rng.choice(["", str(rng.randint(1, 99)), "_uk", "x"])
        if k and rng.random() < 0.15:  # a handle of its own, nothing like the others
            variant = f"{rng.choice(THINGS)}{rng.choice(WORDS)}{n}"
        record: Record = {"id": f"p{n}a{k}", "platform": rng.choice(["x", "tiktok", "gab"]),
                          "handle": variant.replace("a", rng.choice(["a", "4"]), 1)}
        if rng.random() < 0.6:
            record["display_name"] = rng.choice([f"{first} {last}", first, f"{first} {last[0]}"])
        if rng.random() < 0.4:
            record["email"] = email.upper() if rng.random() < 0.5 else email
        if rng.random() < 0.3:
            record["phone"] = rng.choice([phone, "+44 " + phone[1:]])
        if rng.random() < 0.2:
            record.update(given_name=first, family_name=last, dob=dob)
        if k and rng.random() < 0.2:
            record["bio"] = f"backup of @{accounts[0]['handle']}"
        accounts.append(record)
    return accounts


def population(extra: list[Record], people: int = 700) -> list[Record]:
    rng = random.Random(7)
    return [r for n in range(people) for r in person(n, rng)] + extra
