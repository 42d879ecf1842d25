"""The explanation every link carries: which evidence moved the score, and by how much.

Analysts must be able to see why the hub put two reports in one case or two accounts under one
suspect, so a score never travels without its evidence.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    """One comparison outcome and its weight.

    `weight` is a log2 Bayes factor (Fellegi–Sunter match weight): positive pushes towards
    "same", negative towards "different", zero is neutral.
    """

    feature: str
    value: str
    weight: float


@dataclass(frozen=True, slots=True)
class Match:
    """A scored pair with its explanation; `probability` is calibrated (0..1)."""

    left: str
    right: str
    probability: float
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def weight(self) -> float:
        """Total match weight (log2 odds), the sum the probability was made from."""
        return sum(e.weight for e in self.evidence)


def probability_from_weight(weight: float, prior_log2_odds: float = 0.0) -> float:
    """Turn a summed log2 Bayes factor plus the prior log2 odds into a probability."""
    z = weight + prior_log2_odds
    if z > 60:
        return 1.0
    if z < -60:
        return 0.0
    return 1.0 / (1.0 + math.pow(2.0, -z))


def evidence_json(evidence: Iterable[Evidence]) -> str:
    """Evidence as it is stored on a link (a JSON list, weights to 3 places) and shown again."""
    return json.dumps([{"feature": e.feature, "value": e.value, "weight": round(e.weight, 3)}
                       for e in evidence])
