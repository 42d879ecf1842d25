"""The hand-shake that moves a case to another force, and the hub's own choice of force.

A transfer is not done until the receiving force accepts it and gives its own reference, so
that both records cross-reference. Until then the sender (normally the hub) keeps the victim
update duty and evidence preservation; a dispute goes to the Force Crime Registrar. This mirrors
the Scottish crime recording standard, the nearest published rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from casework.decided import Decided, decided
from casework.errors import RuleViolation
from casework.workflow.allocation import HUB, Allocation, force_name
from seeds.reference.forces import force_by_code

if TYPE_CHECKING:
    from casework.config import CaseworkRules

OVERRIDE = "OVERRIDE"
FORCE_CRIME_REGISTRAR = "FORCE_CRIME_REGISTRAR"


def override_allocation(current: Allocation, force: str, *, by: str, at: datetime,
                        reason: str | None, rules: CaseworkRules) -> Allocation:
    """A hub officer's own choice of force; the reason is required and kept."""
    if force != HUB and force_by_code(force) is None:
        raise RuleViolation.one(("input", "force"), f"{force!r} is not a force code",
                                "UNKNOWN_FORCE")
    if force == current.force:
        raise RuleViolation.one(("input", "force"), f"the case is already with "
                                f"{force_name(force)}", "SAME_FORCE")
    return Allocation(current.victim_force, current.suspect_force, force, OVERRIDE,
                      decided(by, at, reason, rules), previous_force=current.force)


class TransferState(StrEnum):
    PROPOSED = "PROPOSED"
    ACCEPTED = "ACCEPTED"
    DISPUTED = "DISPUTED"
    WITHDRAWN = "WITHDRAWN"


@dataclass(frozen=True, slots=True)
class Transfer:
    """A case moving between forces: both references, each step's who/when/why."""

    from_force: str
    to_force: str
    sending_reference: str
    state: TransferState
    proposed: Decided
    receiving_reference: str | None = None
    answered: Decided | None = None
    escalated_to: str | None = None
    resolved: Decided | None = None


def _expect(transfer: Transfer, state: TransferState, target: TransferState) -> None:
    if transfer.state is not state:
        raise RuleViolation.one(("input",), f"a {transfer.state.value.lower()} transfer cannot "
                                f"become {target.value.lower()}", "FORBIDDEN_TRANSITION")


def _reference(reference: str | None, field: str) -> str:
    if not (reference or "").strip():
        raise RuleViolation.one(("input", field), "give the force's reference so that both "
                                "records cross-reference", "REFERENCE_REQUIRED")
    return (reference or "").strip()


def propose_transfer(allocation: Allocation, sending_reference: str | None, *, by: str,
                     at: datetime, rules: CaseworkRules, from_force: str = HUB) -> Transfer:
    """Offer the case to the allocated force, citing the allocation's reason."""
    if allocation.force in (HUB, from_force):
        raise RuleViolation.one(("input",), "the case is not allocated to another force",
                                "NOTHING_TO_TRANSFER")
    return Transfer(from_force, allocation.force,
                    _reference(sending_reference, "sendingReference"), TransferState.PROPOSED,
                    decided(by, at, allocation.reason, rules))


def accept_transfer(transfer: Transfer, receiving_reference: str | None, *, by: str,
                    at: datetime, rules: CaseworkRules) -> Transfer:
    """The receiving force takes the case and gives its crime or incident reference."""
    _expect(transfer, TransferState.PROPOSED, TransferState.ACCEPTED)
    return replace(transfer, state=TransferState.ACCEPTED,
                   receiving_reference=_reference(receiving_reference, "receivingReference"),
                   answered=decided(by, at, "Accepted by the receiving force.", rules))


def dispute_transfer(transfer: Transfer, *, by: str, at: datetime, reason: str | None,
                     rules: CaseworkRules) -> Transfer:
    """The receiving force refuses with a reason; the Force Crime Registrar decides."""
    _expect(transfer, TransferState.PROPOSED, TransferState.DISPUTED)
    return replace(transfer, state=TransferState.DISPUTED,
                   answered=decided(by, at, reason, rules),
                   escalated_to=FORCE_CRIME_REGISTRAR)


def resolve_dispute(transfer: Transfer, upheld: bool, *, receiving_reference: str | None,
                    by: str, at: datetime, reason: str | None,
                    rules: CaseworkRules) -> Transfer:
    """The registrar's decision: the transfer stands (the receiving force must give its
    reference) or is withdrawn (the sender keeps the case and reallocates)."""
    target = TransferState.ACCEPTED if upheld else TransferState.WITHDRAWN
    _expect(transfer, TransferState.DISPUTED, target)
    record = decided(by, at, reason, rules)
    if not upheld:
        return replace(transfer, state=target, resolved=record)
    return replace(transfer, state=target, resolved=record,
                   receiving_reference=_reference(receiving_reference, "receivingReference"))


def victim_update_owner(transfer: Transfer) -> str:
    """Who owes the victim updates: the sender (the hub) until the receiving force accepts."""
    return transfer.to_force if transfer.state is TransferState.ACCEPTED else transfer.from_force
