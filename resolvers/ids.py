"""Global ids in mutation inputs: decoded once, and refused with a field path when wrong."""

from __future__ import annotations

from strawberry import relay

from casework.errors import RuleViolation


def business_key(global_id: str, type_name: str, field: str) -> str:
    """The business key inside a global id of `type_name`, e.g. a case reference."""
    try:
        parsed = relay.GlobalID.from_id(global_id)
    except ValueError:
        parsed = None
    if parsed is None or parsed.type_name != type_name:
        raise RuleViolation.one(("input", field), f"is not a {type_name.lower()} id",
                                "INVALID_ID")
    return parsed.node_id


def case_reference(global_id: str, field: str = "caseId") -> str:
    """The case reference inside a case's global id, given as input `field`."""
    return business_key(global_id, "Case", field)
