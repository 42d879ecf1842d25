"""How referrals land, counted for the metrics (`/metrics`): intake's outcomes over time are
what an operator watches during a surge around a viral post."""

from __future__ import annotations

from prometheus_client import Counter

INTAKE = Counter("hub_intake_total",
                 "Referrals taken in: a new case, joined to an existing case, or a repeat.",
                 ["outcome"])


def intake_outcome(created: bool, report_count: int) -> str:
    """A repeat of a referral already held, the first report of a new case, or one more report
    joining an existing case."""
    if not created:
        return "repeat"
    return "new_case" if report_count <= 1 else "joined"
