"""Which force polices a UK postcode: the first answer to "whose case is this?".

Postcode areas (the letters: LS, S, BT...) do not follow force boundaries, so an area alone can be
wrong: S40 (Chesterfield) is Derbyshire's although S is Sheffield's area. The tables in
`seeds/reference/data/` therefore hold, for each of the 121 UK postcode areas, the force covering
most of it, plus a district-level table for the splits. Where one district is itself split between
forces, the table names the force assumed to cover most of it and says so in a note, and the note
travels into the allocation reason so that an officer can see the assumption.

Guernsey, Jersey and the Isle of Man (GY, JE, IM) have their own police services outside the hub's
reach and are treated as unknown, as are non-geographic codes (BF, BX, GIR).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from graph.reference import PostcodeArea
from seeds.reference.forces import force_by_code

_DATA = Path(__file__).parent / "data"
_OUTWARD = re.compile(r"^([A-Z]{1,2})([0-9][A-Z0-9]?)?$")
_INWARD = re.compile(r"^[0-9](?:[A-Z]{2})?$")
_FULL = re.compile(r"^([A-Z0-9]{2,4})([0-9][A-Z]{2})$")
POSTCODE_DISTRICT = "POSTCODE_DISTRICT"
POSTCODE_AREA = "POSTCODE_AREA"


@dataclass(frozen=True, slots=True)
class DistrictRule:
    """A district policed by a force other than its area's primary one, or itself split.

    `shared_with` lists the other forces policing part of the district; `note` says where,
    and is shown whenever the rule decides an allocation.
    """

    district: str
    force: str
    shared_with: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class PostcodeForce:
    """The answer with its working: `rule` is POSTCODE_DISTRICT or POSTCODE_AREA."""

    force_code: str
    area_code: str
    district: str | None
    rule: str
    reason: str


def _force_name(code: str) -> str:
    force = force_by_code(code)
    if force is None:
        raise ValueError(f"unknown force code {code!r} in the postcode tables")
    return force.name


def _read(name: str) -> list[dict[str, str]]:
    with (_DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _load_rules() -> dict[str, DistrictRule]:
    rules = {}
    for row in _read("postcode_districts.csv"):
        rule = DistrictRule(row["district"], row["force"], tuple(row["shared_with"].split()),
                            row["note"])
        for code in (rule.force, *rule.shared_with):
            _force_name(code)
        rules[rule.district] = rule
    return rules


def _area_letters(district: str) -> str:
    match = _OUTWARD.match(district)
    if match is None:
        raise ValueError(f"{district!r} in the district table is not a postcode district")
    return match.group(1)


def _resolution(primary: str, rules: list[DistrictRule]) -> str:
    if not rules:
        return f"Whole area policed by {_force_name(primary)}."
    moved: dict[str, list[str]] = {}
    for rule in rules:
        if rule.force != primary:
            moved.setdefault(rule.force, []).append(rule.district)
    parts = [f"{', '.join(districts)} → {_force_name(force)}"
             for force, districts in moved.items()]
    text = (f"District overrides: {'; '.join(parts)}. " if parts else "") + \
        f"Elsewhere {_force_name(primary)}, which covers most of the area."
    assumptions = [f"{rule.district} ({rule.note})" for rule in rules if rule.shared_with]
    if assumptions:
        text += (" Assumed for split districts, each allocated to the force covering most of "
                 "it: " + "; ".join(assumptions) + ".")
    return text


def _load_areas(rules: Mapping[str, DistrictRule]) -> tuple[PostcodeArea, ...]:
    by_area: dict[str, list[DistrictRule]] = {}
    for rule in rules.values():
        by_area.setdefault(_area_letters(rule.district), []).append(rule)
    areas = []
    for row in _read("postcode_areas.csv"):
        code, primary = row["code"], row["primary_force"]
        _force_name(primary)
        own = by_area.get(code, [])
        forces = dict.fromkeys([primary, *(r.force for r in own),
                                *(f for r in own for f in r.shared_with)])
        areas.append(PostcodeArea(code, row["name"], tuple(forces), primary,
                                  _resolution(primary, own)))
    return tuple(areas)


DISTRICT_RULES: Mapping[str, DistrictRule] = MappingProxyType(_load_rules())
POSTCODE_AREAS: tuple[PostcodeArea, ...] = _load_areas(DISTRICT_RULES)
_AREAS = {area.code: area for area in POSTCODE_AREAS}


def area_by_code(code: str) -> PostcodeArea | None:
    return _AREAS.get(code.upper())


# Real postcode areas that no force of the hub polices: the Crown Dependencies (their own police
# services) and the non-geographic BF (British Forces) and BX.
OUTSIDE_THE_HUB = frozenset({"GY", "JE", "IM", "BF", "BX"})


def in_a_real_area(postcode: str) -> bool:
    """Whether a postcode names a postcode area that exists, the hub's or one outside its
    reach; "XX1 1XX" has the shape of a postcode but no area."""
    parts = _split(postcode)
    match = _OUTWARD.match(parts[0]) if parts else None
    return match is not None and (match.group(1) in _AREAS or match.group(1) in OUTSIDE_THE_HUB)


def _split(text: str) -> tuple[str, str] | None:
    """Outward and inward parts ("" when there is no inward part), or None if malformed.

    A sector without a space ("LS62") is read as a district: only "LS6 2" means the sector.
    """
    tokens = text.upper().split()
    if len(tokens) == 2 and _INWARD.match(tokens[1]):
        outward, inward = tokens
    else:
        compact = "".join(tokens)
        full = _FULL.match(compact)
        outward, inward = (full.group(1), full.group(2)) if full else (compact, "")
    match = _OUTWARD.match(outward)
    if match is None or (inward and match.group(2) is None):
        return None
    return outward, inward


def normalise_postcode(text: str) -> str | None:
    """Upper case, one space before the inward code; partial codes ("LS6", "ls", "LS6 2") kept.

    Only the shape is checked here, not whether the area exists.
    """
    parts = _split(text)
    if parts is None:
        return None
    outward, inward = parts
    return f"{outward} {inward}" if inward else outward


def _district_rule(outward: str) -> DistrictRule | None:
    """The exact district first (EC1A), then without its sub-district letter (EC1V → EC1)."""
    rule = DISTRICT_RULES.get(outward)
    if rule is None and outward[-1].isalpha():
        rule = DISTRICT_RULES.get(outward[:-1])
    return rule


def force_for_postcode(text: str) -> PostcodeForce | None:
    """The force for a full or partial postcode, with a sentence saying why; None if unknown."""
    parts = _split(text)
    if parts is None:
        return None
    outward = parts[0]
    area = _AREAS.get(_area_letters(outward))
    if area is None:
        return None
    where = f"postcode area {area.code} ({area.name})"
    if outward == area.code:
        return PostcodeForce(area.primary_force, area.code, None, POSTCODE_AREA,
                             _area_reason(area))
    rule = _district_rule(outward)
    if rule is None:
        return PostcodeForce(area.primary_force, area.code, outward, POSTCODE_AREA,
                             f"{outward} is in {where}, policed by "
                             f"{_force_name(area.primary_force)}")
    reason = f"{outward} is in {where}; district {rule.district} is policed by " \
             f"{_force_name(rule.force)}"
    if rule.shared_with:
        reason += (f" (assumed: the district is shared with {_names(rule.shared_with)}; "
                   f"{rule.note})")
    return PostcodeForce(rule.force, area.code, outward, POSTCODE_DISTRICT, reason)


def _names(codes: tuple[str, ...] | list[str]) -> str:
    names = [_force_name(code) for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _area_reason(area: PostcodeArea) -> str:
    reason = f"Postcode area {area.code} ({area.name}) is policed by " \
             f"{_force_name(area.primary_force)}"
    others = [f for f in area.forces if f != area.primary_force]
    if others:
        reason += (f" for the most part; without a district, parts policed by {_names(others)}"
                   " cannot be told apart")
    return reason
