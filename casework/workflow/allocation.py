"""Which force answers for a case, and why.

The hub exists partly to say clearly which force owns an online case when victim and suspect
live in different areas. The England and Wales rule (HOCR Section G) is unconfirmed, so the
rules are an ordered, editable list in rules.toml; each allocation stores the victim's force,
the suspect's force, the chosen force, the rule that chose it and a sentence a force can read.

Moving a case to the chosen force (override, transfer, dispute) is `casework.handover.transfer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from casework.decided import Decided, decided
from seeds.reference.forces import force_by_code

if TYPE_CHECKING:
    from casework.config import CaseworkRules

HUB = "HUB"
POLICE_SCOTLAND = "police-scotland"
PSNI = "northern-ireland"


class AllocationRule(StrEnum):
    SUSPECT_LOCATED = "SUSPECT_LOCATED"
    VICTIM_IN_SCOTLAND = "VICTIM_IN_SCOTLAND"
    VICTIM_IN_NORTHERN_IRELAND = "VICTIM_IN_NORTHERN_IRELAND"
    VICTIM_FORCE = "VICTIM_FORCE"
    HUB_KEEPS = "HUB_KEEPS"


class Country(StrEnum):
    ENGLAND = "England"
    WALES = "Wales"
    SCOTLAND = "Scotland"
    NORTHERN_IRELAND = "Northern Ireland"
    ABROAD = "Abroad"


_COUNTRIES = {country.value: country for country in Country}


@dataclass(frozen=True, slots=True)
class AllocationFacts:
    """What is known when allocating; force codes are data.police.uk slugs, already resolved
    (e.g. from a postcode by `seeds.postcodes.force_for_postcode`)."""

    victim_force: str | None = None
    victim_country: Country | None = None
    suspect_identified: bool = False
    suspect_force: str | None = None
    suspect_abroad: bool = False

    @property
    def country(self) -> Country | None:
        """The victim's country, given or implied by their force."""
        if self.victim_country is not None:
            return self.victim_country
        force = force_by_code(self.victim_force) if self.victim_force else None
        return _COUNTRIES.get(force.country) if force else None


@dataclass(frozen=True, slots=True)
class Allocation:
    """The responsible force with its working; `rule` is an AllocationRule value or OVERRIDE."""

    victim_force: str | None
    suspect_force: str | None
    force: str
    rule: str
    decided: Decided
    previous_force: str | None = None

    @property
    def reason(self) -> str:
        return self.decided.reason


def force_name(code: str) -> str:
    if code == HUB:
        return "the hub"
    force = force_by_code(code)
    return force.name if force else code


def _suspect_said(facts: AllocationFacts) -> str:
    if facts.suspect_abroad:
        return "the suspect is abroad, outside any UK force area"
    if facts.suspect_identified:
        return "the suspect is identified but not located"
    return "the suspect is not identified"


def _suspect_located(facts: AllocationFacts) -> tuple[str, str] | None:
    if not (facts.suspect_identified and facts.suspect_force and not facts.suspect_abroad):
        return None
    return facts.suspect_force, (f"The suspect is identified and located in the "
                                 f"{force_name(facts.suspect_force)} area, so that force "
                                 "investigates.")


def _victim_in_scotland(facts: AllocationFacts) -> tuple[str, str] | None:
    if facts.country is not Country.SCOTLAND:
        return None
    return POLICE_SCOTLAND, ("The victim is in Scotland, which has its own crime recording "
                             "standard and hate crime law: Police Scotland.")


def _victim_in_northern_ireland(facts: AllocationFacts) -> tuple[str, str] | None:
    if facts.country is not Country.NORTHERN_IRELAND:
        return None
    return PSNI, "The victim is in Northern Ireland: the Police Service of Northern Ireland."


def _victim_force(facts: AllocationFacts) -> tuple[str, str] | None:
    if not facts.victim_force:
        return None
    said = _suspect_said(facts)
    return facts.victim_force, (f"{said[0].upper()}{said[1:]}, so the victim's force "
                                f"({force_name(facts.victim_force)}) takes the case.")


def _hub_keeps(facts: AllocationFacts) -> tuple[str, str]:
    where = ("The victim is abroad" if facts.country is Country.ABROAD
             else "The victim's location is not known")
    return HUB, (f"{where} and {_suspect_said(facts)}, so the "
                 "hub keeps the case until the victim's or the suspect's force is known.")


_RULES: dict[AllocationRule, Callable[[AllocationFacts], tuple[str, str] | None]] = {
    AllocationRule.SUSPECT_LOCATED: _suspect_located,
    AllocationRule.VICTIM_IN_SCOTLAND: _victim_in_scotland,
    AllocationRule.VICTIM_IN_NORTHERN_IRELAND: _victim_in_northern_ireland,
    AllocationRule.VICTIM_FORCE: _victim_force,
    AllocationRule.HUB_KEEPS: _hub_keeps,
}


def allocate(facts: AllocationFacts, rules: CaseworkRules, *, by: str,
             at: datetime) -> Allocation:
    """The first enabled rule, in configured order, that applies to the facts chooses."""
    for rule in rules.allocation.order:
        chosen = _RULES[rule](facts)
        if chosen is not None:
            force, reason = chosen
            return Allocation(facts.victim_force, facts.suspect_force, force, rule.value,
                              decided(by, at, reason, rules))
    raise AssertionError("HUB_KEEPS always applies and configuration keeps it enabled")
