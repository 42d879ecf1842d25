"""What the Data Protection Act 2018 s.62 log records of each act of processing.

Section 62 asks for a log of collection, alteration, consultation, disclosure, combination and
erasure, each with who did it, when, and (for consultation and disclosure) why and to whom. Every
service builds its entry here, so that every entry names its actor the same way.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from casework.access import Principal
from graph.audit import AuditEntry


class AuditAction(StrEnum):
    COLLECTION = "COLLECTION"
    ALTERATION = "ALTERATION"
    CONSULTATION = "CONSULTATION"
    DISCLOSURE = "DISCLOSURE"
    COMBINATION = "COMBINATION"
    ERASURE = "ERASURE"
    # Not an act of processing but an attempt refused: who tried, and why they were refused.
    REFUSAL = "REFUSAL"


def audit_entry(principal: Principal, action: AuditAction, at: datetime,
                targets: Iterable[str] = (), justification: str | None = None,
                recipient: str | None = None, operation: str | None = None) -> AuditEntry:
    """The entry for `principal` doing `action` at `at` on `targets` (case and report
    references)."""
    return AuditEntry(id=str(uuid.uuid4()), at=at, actor=principal.subject,
                      role=principal.role.value, action=action.value, force=principal.force,
                      targets=tuple(targets), justification=justification,
                      recipient=recipient, operation=operation)


def refusal_entry(subject: str | None, role: str | None, force: str | None, reason: str,
                  at: datetime, operation: str | None = None,
                  targets: Iterable[str] = ()) -> AuditEntry:
    """The entry for an attempt refused at `at`: the actor as claimed (there is no principal),
    why, and what was asked for when it names records (another force's cases)."""
    return AuditEntry(id=str(uuid.uuid4()), at=at, actor=subject or "unknown",
                      role=role or "unknown", action=AuditAction.REFUSAL.value, force=force,
                      targets=tuple(targets), reason=reason, operation=operation)


def operation_label(name: str | None, document: str | None) -> str:
    """The operation's name; for an anonymous one, a digest of its document, so that a reader
    of the log can match it to the document without the log holding the text (which may hold
    personal data as literals)."""
    if name:
        return name
    digest = hashlib.sha256((document or "").encode()).hexdigest()
    return f"anonymous:sha256:{digest[:16]}"
