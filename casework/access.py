"""Who may do what, decided in one place.

Every read of case data passes a `Principal` down to the graph layer, which turns
`case_scope()` into a predicate on the case's responsible force. Resolvers never decide scope by
hand, so a new path cannot forget it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    INTAKE = "INTAKE"
    HUB_OFFICER = "HUB_OFFICER"
    ANALYST = "ANALYST"
    SUPERVISOR = "SUPERVISOR"
    FORCE_OFFICER = "FORCE_OFFICER"


class Permission(StrEnum):
    SUBMIT_REFERRAL = "submit a referral"
    READ_CASES = "read cases"
    READ_CONTACT_DETAILS = "read victim and complainant contact details"
    READ_NETWORKS = "explore perpetrator networks"
    DECIDE_CASEWORK = "record casework decisions"
    DECIDE_LINKS = "confirm, reject, merge or split links"
    RELINK = "start and follow a relink of every account"
    READ_AUDIT = "read the audit log"
    DISCLOSE = "generate evidence packages and export intelligence"
    ANSWER_TRANSFER = "accept or dispute a case transferred to their force"
    WRITE_ADVICE = "write advice notes and best-practice entries"
    READ_ADVICE = "read advice and the best-practice library"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.INTAKE: frozenset({Permission.SUBMIT_REFERRAL}),
    Role.HUB_OFFICER: frozenset({Permission.READ_CASES, Permission.READ_CONTACT_DETAILS,
                                 Permission.DECIDE_CASEWORK, Permission.DECIDE_LINKS,
                                 Permission.READ_NETWORKS, Permission.DISCLOSE,
                                 Permission.ANSWER_TRANSFER, Permission.WRITE_ADVICE,
                                 Permission.READ_ADVICE}),
    Role.ANALYST: frozenset({Permission.READ_CASES, Permission.READ_NETWORKS,
                             Permission.DECIDE_LINKS, Permission.RELINK,
                             Permission.READ_ADVICE}),
    Role.SUPERVISOR: frozenset({Permission.READ_CASES, Permission.READ_CONTACT_DETAILS,
                                Permission.DECIDE_CASEWORK, Permission.DECIDE_LINKS,
                                Permission.RELINK, Permission.READ_NETWORKS,
                                Permission.READ_AUDIT,
                                Permission.DISCLOSE, Permission.ANSWER_TRANSFER,
                                Permission.WRITE_ADVICE, Permission.READ_ADVICE}),
    Role.FORCE_OFFICER: frozenset({Permission.READ_CASES, Permission.READ_CONTACT_DETAILS,
                                   Permission.READ_NETWORKS, Permission.ANSWER_TRANSFER,
                                   Permission.READ_ADVICE}),
}


class Forbidden(Exception):
    """The principal lacks a permission; shown to the caller without detail about the data."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: a subject, one role, and a force for force roles."""

    subject: str
    role: Role
    force: str | None = None

    def __post_init__(self) -> None:
        if self.role is Role.FORCE_OFFICER and not self.force:
            raise ValueError("a force officer must belong to a force")

    def can(self, permission: Permission) -> bool:
        return permission in _GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise Forbidden(f"role {self.role.value} may not {permission.value}")

    def case_scope(self) -> str | None:
        """The force whose cases this principal may read; None means every force (hub roles)."""
        self.require(Permission.READ_CASES)
        return self.force if self.role is Role.FORCE_OFFICER else None
