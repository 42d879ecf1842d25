"""The five centrally monitored hate crime strands, and the words reporters use for them."""

from __future__ import annotations

from enum import StrEnum


class Strand(StrEnum):
    """Hostility towards a characteristic counted in the Home Office annual return."""

    RACE = "race"
    RELIGION = "religion"
    SEXUAL_ORIENTATION = "sexual_orientation"
    DISABILITY = "disability"
    TRANSGENDER = "transgender"


_SYNONYMS: dict[str, Strand] = {
    "race": Strand.RACE, "racial": Strand.RACE, "racism": Strand.RACE,
    "ethnicity": Strand.RACE, "nationality": Strand.RACE,
    "religion": Strand.RELIGION, "religious": Strand.RELIGION, "faith": Strand.RELIGION,
    "sexual orientation": Strand.SEXUAL_ORIENTATION, "homophobia": Strand.SEXUAL_ORIENTATION,
    "homophobic": Strand.SEXUAL_ORIENTATION,
    "disability": Strand.DISABILITY, "disabled": Strand.DISABILITY,
    "transgender": Strand.TRANSGENDER, "transgender identity": Strand.TRANSGENDER,
    "transphobia": Strand.TRANSGENDER, "transphobic": Strand.TRANSGENDER,
}


def parse_strand(text: str) -> Strand | None:
    """Map a reporter's free-text strand to a monitored strand, or None for anything else."""
    words = " ".join(text.lower().replace("_", " ").replace("-", " ").split())
    return _SYNONYMS.get(words)
