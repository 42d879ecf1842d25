"""Evidence of online content as it stood, captured before anyone asks for its removal.

Once a platform removes a post, the capture is all the evidence there is, so a removal request
without one is refused, and a file's SHA-256 is what lets a court see the file is the one taken.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from casework.errors import RuleViolation, UserError
from linking.urls import canonical_content

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class Capture:
    """One captured item: the text as posted and/or a file (screenshot, video) with its hash."""

    content_url: str
    captured_at: datetime
    captured_by: str
    text: str | None = None
    file_name: str | None = None
    file_sha256: str | None = None
    platform: str | None = None
    #: SHA-256 of the canonical text and URL, set once stored: a package shows it is unchanged.
    sha256: str | None = None
    content_id: str | None = None
    author_handle: str | None = None
    posted_at: datetime | None = None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def same_content(first: str, second: str) -> bool:
    """Two URLs for one piece of content (mobile hosts, share parameters and so on aside)."""
    keys = canonical_content(first), canonical_content(second)
    if keys[0] is not None and keys[1] is not None:
        return keys[0].key == keys[1].key
    return first.strip() == second.strip()


def capture_problems(capture: Capture | None, field: tuple[str, ...]) -> list[UserError]:
    """Everything that stops the capture standing as evidence; empty when it can."""
    if capture is None:
        return [UserError(field, "capture the content (text or file) before referring it",
                          "CAPTURE_REQUIRED")]
    problems = []
    if not capture.content_url.strip():
        problems.append(UserError((*field, "contentUrl"), "is required", "REQUIRED"))
    if not capture.captured_by.strip():
        problems.append(UserError((*field, "capturedBy"), "is required", "REQUIRED"))
    if capture.captured_at.tzinfo is None:
        problems.append(UserError((*field, "capturedAt"), "must include a UTC offset",
                                  "INVALID_DATETIME"))
    if not (capture.text or "").strip() and capture.file_sha256 is None:
        problems.append(UserError(field, "a capture holds the text or a file",
                                  "CAPTURE_EMPTY"))
    if capture.file_name and capture.file_sha256 is None:
        problems.append(UserError((*field, "fileSha256"), "a captured file needs its SHA-256",
                                  "HASH_REQUIRED"))
    if capture.file_sha256 is not None and not _SHA256.match(capture.file_sha256):
        problems.append(UserError((*field, "fileSha256"),
                                  "must be 64 lower-case hexadecimal characters",
                                  "INVALID_HASH"))
    return problems


def check_capture(capture: Capture | None,
                  field: tuple[str, ...] = ("input", "capture")) -> Capture:
    problems = capture_problems(capture, field)
    if problems:
        raise RuleViolation(problems)
    assert capture is not None
    return capture
