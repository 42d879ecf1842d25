"""A Truevision referral as the hub accepts it: validated, normalised, and fingerprinted.

The same rules serve the GraphQL intake and the JSON Lines loader, so a record that the API
refuses is refused everywhere, with the same field paths.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from casework.errors import RuleViolation, UserError
from casework.strands import Strand, parse_strand
from seeds.reference.postcodes import in_a_real_area

MAX_URLS = 20
MAX_HANDLES = 20
MAX_TEXT = 20_000
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-/.]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{7,20}$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?: ?([0-9][A-Z]{2}))?$")
_URLISH = re.compile(r"^(https?://)?[^\s/]+\.[^\s/]+(/\S*)?$", re.IGNORECASE)
# The Home Secretary announced the hub on 8 October 2017: nothing was received for it before.
HUB_OPENED = datetime(2017, 10, 8, tzinfo=UTC)
# Truevision's clock and ours may differ a little; beyond this, a time is in the future.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Party:
    """A victim or complainant as the reporter gave them; contact details are optional."""

    name: str | None = None
    postcode: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Referral:
    truevision_ref: str
    received_at: datetime
    narrative: str | None
    content_urls: tuple[str, ...]
    content_text: str | None
    platform: str | None
    suspect_handles: tuple[str, ...]
    victim: Party | None
    complainant: Party | None
    strands: tuple[Strand, ...]
    other_characteristics: tuple[str, ...]
    payload_hash: str


def normalise_postcode(text: str) -> str | None:
    """Upper case with one space before the inward code; an outward code alone is accepted."""
    compact = re.sub(r"\s+", "", text.upper())
    if len(compact) > 4 and compact[-3].isdigit():
        compact = f"{compact[:-3]} {compact[-3:]}"
    return compact if _POSTCODE.match(compact) else None


def payload_hash(record: Mapping[str, Any]) -> str:
    """A retry is recognised by its content, not just its reference."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(word.title() for word in rest)


def _text(record: Mapping[str, Any], key: str, path: tuple[str, ...], errors: list[UserError],
          limit: int = MAX_TEXT) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(UserError((*path, _camel(key)), "must be text", "INVALID"))
        return None
    value = value.strip()
    if len(value) > limit:
        errors.append(UserError((*path, _camel(key)), f"must be at most {limit} characters",
                                "TOO_LONG"))
    return value or None


def _party(raw: Any, path: tuple[str, ...], errors: list[UserError]) -> Party | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        errors.append(UserError(path, "must be an object", "INVALID"))
        return None
    name = _text(raw, "name", path, errors, 200)
    postcode = _text(raw, "postcode", path, errors, 10)
    email = _text(raw, "email", path, errors, 254)
    phone = _text(raw, "phone", path, errors, 20)
    if postcode is not None:
        normalised = normalise_postcode(postcode)
        if normalised is None:
            errors.append(UserError((*path, "postcode"), f"'{postcode}' is not a UK postcode",
                                    "INVALID_POSTCODE"))
        elif not in_a_real_area(normalised):
            errors.append(UserError((*path, "postcode"), f"'{postcode}' is in no UK postcode "
                                    "area", "UNKNOWN_POSTCODE_AREA"))
        postcode = normalised
    if email is not None and not _EMAIL.match(email):
        errors.append(UserError((*path, "email"), "is not an email address", "INVALID_EMAIL"))
    if phone is not None and not _PHONE.match(phone):
        errors.append(UserError((*path, "phone"), "is not a telephone number", "INVALID_PHONE"))
    if not any((name, postcode, email, phone)):
        return None
    return Party(name, postcode, email, phone)


def _strings(record: Mapping[str, Any], key: str, limit: int, path: tuple[str, ...],
             errors: list[UserError]) -> tuple[str, ...]:
    values = record.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        errors.append(UserError((*path, _camel(key)), "must be a list of text", "INVALID"))
        return ()
    if len(values) > limit:
        errors.append(UserError((*path, _camel(key)), f"at most {limit} allowed", "TOO_MANY"))
    cleaned = (v.strip() for v in values[:limit])
    return tuple(dict.fromkeys(v for v in cleaned if v))


def _received_at(raw: Any, path: tuple[str, ...], now: datetime,
                 errors: list[UserError]) -> datetime:
    if raw is None:
        return now
    if isinstance(raw, datetime):
        parsed = raw
    else:
        try:
            parsed = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            errors.append(UserError((*path, "receivedAt"), "is not an ISO-8601 date and time",
                                    "INVALID_DATETIME"))
            return now
    if parsed.tzinfo is None:
        errors.append(UserError((*path, "receivedAt"), "must include a UTC offset",
                                "INVALID_DATETIME"))
        return now
    parsed = parsed.astimezone(UTC)
    if parsed > now + CLOCK_SKEW:
        errors.append(UserError((*path, "receivedAt"), "is in the future", "INVALID_DATETIME"))
    elif parsed < HUB_OPENED:
        errors.append(UserError((*path, "receivedAt"), "is before the hub opened on 8 October "
                                "2017", "INVALID_DATETIME"))
    return parsed


def referral_from_record(record: Mapping[str, Any], now: datetime | None = None,
                         path: tuple[str, ...] = ("input",)) -> Referral:
    """Validate a referral in the Truevision record format; every problem is reported at once.

    Field paths use the GraphQL input's camelCase names so that a front end can point at the
    field, whichever door the record came in by.
    """
    now = now or datetime.now(UTC)
    errors: list[UserError] = []
    ref = record.get("id")
    if not isinstance(ref, str) or not ref.strip():
        errors.append(UserError((*path, "truevisionRef"), "is required", "REQUIRED"))
        ref = ""
    elif not _REF.match(ref.strip()):
        errors.append(UserError((*path, "truevisionRef"),
                                "must be 1-64 letters, digits or - _ / .", "INVALID"))
    urls = _strings(record, "content_urls", MAX_URLS, path, errors)
    for index, url in enumerate(urls):
        if len(url) > 2048 or not _URLISH.match(url):
            errors.append(UserError((*path, "contentUrls", str(index)), "is not a web address",
                                    "INVALID_URL"))
    strands: list[Strand] = []
    others: list[str] = []
    for text in _strings(record, "perceived_strands", 10, path, errors):
        strand = parse_strand(text)
        if strand is None:
            others.append(text[:100])
        elif strand not in strands:
            strands.append(strand)
    referral = Referral(
        truevision_ref=ref.strip(),
        received_at=_received_at(record.get("received_at"), path, now, errors),
        narrative=_text(record, "narrative", path, errors),
        content_urls=urls,
        content_text=_text(record, "content_text", path, errors),
        platform=_text(record, "platform", path, errors, 100),
        suspect_handles=tuple(h[:100] for h in _strings(record, "suspect_handles", MAX_HANDLES,
                                                         path, errors)),
        victim=_party(record.get("victim"), (*path, "victim"), errors),
        complainant=_party(record.get("complainant"), (*path, "complainant"), errors),
        strands=tuple(strands),
        other_characteristics=tuple(others),
        payload_hash=payload_hash(record),
    )
    if not (referral.content_urls or referral.content_text or referral.narrative):
        errors.append(UserError(path, "a referral needs a content URL, the copied text or a "
                                "narrative", "EMPTY_REFERRAL"))
    if errors:
        raise RuleViolation(errors)
    return referral


def stored_record(report: dict[str, Any]) -> dict[str, Any]:
    """A stored report, as `graph.intake.LINKED_REPORT` reads it, in the linker's record format."""
    return {"id": report["truevisionRef"], "received_at": report.get("receivedSeconds"),
            "content_urls": report.get("contentUrls") or [],
            "content_text": report.get("contentText"), "platform": report.get("platformAsTyped"),
            "suspect_handles": report.get("suspectHandles") or [],
            "narrative": report.get("narrative")}
