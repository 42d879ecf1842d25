"""Account styles: how one population's people name their accounts and what platforms disclose.

A linker tuned on one generator learns that generator's habits. The hidden sets the hub is
judged on were made by someone else, with habits of their own, so each run here draws its
habits at random within wide ranges: whether people keep their digits from account to account,
how many settle for a bare name, how sparse contact details and dates of birth are, how often
letters are swapped for look-alikes or a handle is cut short, how many people share a first
name. These ranges were written before the linker was tuned, and the benchmark reports the
worst style it meets, never a tuning seed's.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class AccountStyle:
    """Probabilities (0..1) unless the name says otherwise."""

    keeps_digits: float        # a person puts the same digit tail on every account
    bare_name: float           # a person's handle has no digits at all
    digits_first: float        # the digits come before the name (`1439_daniel`)
    first_name_only: float     # the handle is a first name and digits (`daniel_2527`)
    persona: float             # the handle is made-up words (`proud_walker`), not a name
    name_skew: float           # Zipf exponent of first and family names: higher, more shared
    single: float              # a person has one account only
    accounts_mean: float       # mean accounts of a person with more than one (count)
    email: float               # per account, platforms disclose an email...
    phone: float               # ...a phone (if the person has one)...
    dob: float                 # ...a date of birth...
    names: float               # ...a given and family name
    display: float             # the account shows a display name
    display_from_handle: float  # a display name spelt out of the handle, not the name
    vary: float                # an account's handle differs from the person's favourite
    lookalike: float           # a varied handle swaps a letter for a look-alike
    truncation: float          # a varied handle is cut short
    extra: float               # a varied handle gets one more character (`81725`)
    separator: float           # a varied handle changes case or separators
    dob_slip: float            # a disclosed date of birth has day and month swapped
    bio_mention: float         # a bio names another of the person's accounts

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# The range each knob is drawn from, uniformly (set before any tuning; see docs/LINKING.md).
RANGES: dict[str, tuple[float, float]] = {
    "keeps_digits": (0.3, 1.0),
    "bare_name": (0.05, 0.4),
    "digits_first": (0.0, 0.3),
    "first_name_only": (0.05, 0.35),
    "persona": (0.0, 0.3),
    "name_skew": (0.6, 1.3),
    "single": (0.35, 0.6),
    "accounts_mean": (2.3, 3.5),
    "email": (0.0, 0.35),
    "phone": (0.0, 0.25),
    "dob": (0.0, 0.3),
    "names": (0.0, 0.3),
    "display": (0.3, 0.95),
    "display_from_handle": (0.0, 0.4),
    "vary": (0.4, 0.9),
    "lookalike": (0.0, 0.35),
    "truncation": (0.0, 0.2),
    "extra": (0.0, 0.3),
    "separator": (0.2, 0.8),
    "dob_slip": (0.0, 0.1),
    "bio_mention": (0.0, 0.15),
}


def draw_knobs(ranges: dict[str, tuple[float, float]], label: str) -> dict[str, float]:
    """Every knob uniform within its range, from a random stream named by `label` (the same
    label, the same knobs, on any machine)."""
    rng = random.Random(label)
    return {name: round(rng.uniform(low, high), 3) for name, (low, high) in ranges.items()}


def draw_style(seed: int) -> AccountStyle:
    """One style per seed: every knob uniform within its range."""
    return AccountStyle(**draw_knobs(RANGES, f"style:{seed}"))
