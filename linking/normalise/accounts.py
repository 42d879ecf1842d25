"""Account records into the features the account linker compares.

A record is a platform's disclosure about one account: `id`, `platform`, `handle`,
`display_name`, `given_name`, `family_name`, `email`, `phone`, `dob`, `postcode`, `bio`.
Other files name the same fields differently, so the obvious aliases are read too (`username`
for the handle, `name` for the display name, `surname` for the family name, `date_of_birth`
for the date of birth...); the canonical field wins when both are present.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linking.normalise.contacts import email_key, phone_key
from linking.normalise.handles import bare_handle, handle_parts
from linking.normalise.names import date_key, display_key, name_words, postcode_key
from linking.platforms import PLATFORM_WORDS as _PLATFORM_WORDS
from linking.platforms import platform_from_text

ALIASES: dict[str, tuple[str, ...]] = {
    "handle": ("username", "user_name", "screen_name"),
    "display_name": ("name", "displayname", "full_name"),
    "given_name": ("first_name", "forename", "firstname"),
    "family_name": ("surname", "last_name", "lastname"),
    "dob": ("date_of_birth", "birth_date", "birthdate"),
    "postcode": ("postal_code", "post_code", "zip"),
    "phone": ("telephone", "mobile", "phone_number"),
    "email": ("email_address", "e_mail"),
}
MENTIONS = 3
_MENTION = re.compile(r"@?[A-Za-z0-9][\w.\-]{2,30}")
_HANDLE_LIKE = re.compile(r"[\d_]")
_CLAUSE = re.compile(r"[|•·;\n]")
_WORD = re.compile(r"[a-z0-9]+")
# Words by which a bio calls a handle another account of its own: what kind of account it is,
# or the platform it is on.
_OWN = frozenset({
    "main", "alt", "alts", "backup", "old", "new", "other", "second", "2nd", "spam", "priv",
    "private", "finsta", "acc", "acct", "account", "also", "ig", "insta", "instagram",
    "twitter", "tiktok", "tt", "snap", "snapchat", "yt", "youtube", "fb", "facebook", "reddit",
    "telegram", "tg", "gab", "threads", "twitch", "discord"})


@dataclass(frozen=True, slots=True)
class AccountFeatures:
    """What an account record says about its owner, folded to compare by equality or by a
    cheap string distance. `handle` keeps its digits; `letters` and `digits` are its parts."""

    id: str
    platform: str | None
    handle: str | None
    letters: str | None
    digits: str | None
    first: str | None
    last: str | None
    display: str | None
    dob: str | None
    email: str | None
    phone: str | None
    postcode: str | None
    mentions: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    # Per mention, the platform the bio puts it on (`also on TT: @x`), None where it says none.
    named_on: tuple[str | None, ...] = ()


_ALIAS_NAMES = frozenset(alias for names in ALIASES.values() for alias in names)


def canonical(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """The record with aliased fields under their canonical names (the canonical field wins);
    the record itself when it uses none, as almost every record does."""
    if _ALIAS_NAMES.isdisjoint(record):
        return record
    found = dict(record)
    for name, aliases in ALIASES.items():
        if found.get(name) in (None, ""):
            found[name] = next((record[a] for a in aliases if record.get(a) not in (None, "")),
                               None)
    return found


def _claimed(before: str) -> tuple[bool, bool, str | None]:
    """Whether the words just before a handle (in its clause, at most three) call it the
    account's own (`main acc @x`, `alt: @x`, `new acc, old one @x`, `IG: x`), whether they
    end in a label's colon (`IG: x`), which makes even a plain word a handle, and the platform
    they put it on (`also on TT: @x`), the nearest one named."""
    clause = _CLAUSE.split(before)[-1]
    words = _WORD.findall(clause.lower())[-3:]
    on = next((p for p in map(_platform_word, reversed(words)) if p), None)
    return bool(_OWN.intersection(words)), clause.rstrip().endswith(":"), on


def _platform_word(word: str) -> str | None:
    """The platform one word of a bio names: its names and their short forms (`TT`, `snap`,
    `IG`), not loose spellings, which inside a bio would read `also` or `here` as one."""
    return platform_from_text(word) if word in _PLATFORM_WORDS else None


def _mentions(bio: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str | None, ...]]:
    """Handles a bio names (`@name`, a word with digits or underscores, a word after a label
    such as `IG:`), those of them it calls its own other accounts (a bio names friends too,
    `rip @x`, `my bro @x`, and only the second kind says one person), and the platform each
    is named on, where the bio says: `also on snap: @james` is not the `james` on threads."""
    found: dict[str, str | None] = {}
    claims = []
    for match in _MENTION.finditer(bio):
        token = match.group()
        own, labelled, on = _claimed(bio[:match.start()])
        if token[0] == "@" or labelled or (_HANDLE_LIKE.search(token) and not token.isdigit()):
            parts = handle_parts(bare_handle(token.lstrip("@")))
            if parts is not None and len(parts.folded) >= 4:
                found.setdefault(parts.folded, on)
                if own:
                    claims.append(parts.folded)
    named = list(found.items())[:MENTIONS]
    return (tuple(name for name, _ in named), tuple(dict.fromkeys(claims))[:MENTIONS],
            tuple(on for _, on in named))


def _name(record: Mapping[str, Any], letters: str | None) -> tuple[str | None, str | None]:
    """First and last word of the disclosed name, else of the display name, unless the display
    name only spells the handle out again (`Danieltaylor 8172`), which is the handle's evidence."""
    given, family = record.get("given_name"), record.get("family_name")
    if given or family:
        first, last = name_words(given), name_words(family)
        return (first[0] if first else None), (last[-1] if last else None)
    words = name_words(record.get("display_name"))
    if not words or (letters and "".join(words).replace("i", "l") in letters):
        return None, None
    return words[0], (words[-1] if len(words) > 1 else None)


def _platform(given: Any) -> str | None:
    """The platform's own id (`Twitter` is `x`), as a bio naming it is read; a name the hub
    does not know is kept, folded."""
    folded = str(given).strip().lower() if given else ""
    return (platform_from_text(folded) or folded) if folded else None


def normalise_account(record: Mapping[str, Any]) -> AccountFeatures:
    record = canonical(record)
    handle = record.get("handle")
    display = display_key(record.get("display_name"))
    parts = handle_parts(str(handle)) if handle else None
    letters = parts.letters if parts and len(parts.letters) >= 2 else None
    first, last = _name(record, letters)
    bio, platform = record.get("bio"), record.get("platform")
    mentions, claims, named_on = _mentions(str(bio)) if bio else ((), (), ())
    return AccountFeatures(
        id=str(record["id"]), platform=_platform(platform),
        handle=parts.folded if parts else None, letters=letters,
        digits=parts.digits or None if parts else None, first=first, last=last,
        display=display,
        dob=date_key(record.get("dob")), email=email_key(record.get("email")),
        phone=phone_key(record.get("phone")), postcode=postcode_key(record.get("postcode")),
        mentions=mentions, claims=claims, named_on=named_on)
