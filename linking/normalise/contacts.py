"""Contact identifiers folded to one form, because an exact match on them is strong evidence.

`+44 7700 900123`, `07700900123` and `0044 (0)7700-900123` are one phone; `Jo.Bloggs@Example.com`
and `jo.bloggs@example.com` are one mailbox.
"""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"[^\d+]")


def email_key(text: str | None) -> str | None:
    if not text or "@" not in text:
        return None
    local, _, domain = text.strip().lower().rpartition("@")
    return f"{local}@{domain}" if local and "." in domain else None


def phone_key(text: str | None) -> str | None:
    """UK numbers in national form without the trunk 0: `7700900123`.

    `447700900123` is the international form with its `+` left off: no UK national number
    begins with 4 after the trunk 0, so 11 or 12 digits starting `44` are the country code."""
    if not text:
        return None
    digits = _NON_DIGITS.sub("", text.replace("(0)", ""))
    if digits.startswith("+"):
        digits = digits[1:]
        if digits.startswith("44"):
            digits = digits[2:]
    elif digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("0"):
        digits = digits[1:]
    elif digits.startswith("44") and 11 <= len(digits) <= 12:
        digits = digits[2:]
    return digits if 9 <= len(digits) <= 10 and digits.isdigit() else None
