"""Why the caller needs what they ask for: stated before anything about suspects is read.

DPA 2018 s.62 asks that a consultation's log carry its justification, and the hub's policy
(shared/domain.md, requirement 13) keeps it mandatory even where the Data (Use and Access) Act
2025 may have lifted the duty. The hub requires it, in the `X-Hub-Justification` header, for
what it holds on people who are not charged with anything: the reads the `READ_NETWORKS`
permission grants, that is the perpetrator network around a case, account or suspect
(`network`), suspects ranked by their reach (`suspects`), accounts back after a ban
(`returnedAfterBan`), accounts found by handle (`accounts`), an `Account` or `Suspect`
fetched by its id (`node`, `nodes`), and the accounts and suspects a case names
(`Case.accounts`, `Case.suspects` and their connections): the same people, by another path,
need the same reason.
Disclosures (evidence packages, intelligence exports) state theirs in their input instead. A
case read needs none: it is the officer's own caseload, logged with the header when given.
"""

from __future__ import annotations

from casework.config import current_rules
from casework.errors import RuleViolation, UserError

JUSTIFICATION_HEADER = "x-hub-justification"
MAX_CHARACTERS = 500  # a sentence and a case number; the log is not the place for an essay
JUSTIFIED_FIELDS = frozenset({("Query", "network"), ("Query", "suspects"),
                              ("Query", "returnedAfterBan"), ("Query", "accounts"),
                              ("Case", "accounts"), ("Case", "suspects"),
                              ("Case", "accountsConnection"), ("Case", "suspectsConnection")})
JUSTIFIED_NODES = frozenset({"Account", "Suspect"})


def justification_problem(justification: str | None,
                          field: tuple[str, ...]) -> UserError | None:
    """What is wrong with a stated justification, if anything: too short to be reviewed (the
    same minimum as a decision's reason), or too long for a log entry."""
    minimum = current_rules().decisions.minimum_reason_characters
    stated = (justification or "").strip()
    if len(stated) < minimum:
        return UserError(field, f"say why you need this, in at least {minimum} characters, in "
                                f"the X-Hub-Justification header", "JUSTIFICATION_REQUIRED")
    if len(stated) > MAX_CHARACTERS:
        return UserError(field, f"a justification holds at most {MAX_CHARACTERS} characters",
                         "TOO_LONG")
    return None


def require_justification(justification: str | None, field: tuple[str, ...]) -> None:
    problem = justification_problem(justification, field)
    if problem is not None:
        raise RuleViolation([problem])
