"""Which force a victim's postcode points at: the first answer to "whose case is this?"."""

from __future__ import annotations

import pytest

from seeds.reference.forces import FORCES, force_by_code
from seeds.reference.postcodes import (
    DISTRICT_RULES,
    POSTCODE_AREAS,
    POSTCODE_DISTRICT,
    area_by_code,
    force_for_postcode,
    normalise_postcode,
)


@pytest.mark.parametrize(("typed", "expected"), [
    ("ls6 2ab", "LS6 2AB"), ("LS62AB", "LS6 2AB"), ("  w1a1aa ", "W1A 1AA"),
    ("EC1A 1BB", "EC1A 1BB"), ("LS6", "LS6"), ("ls", "LS"), ("LS6 2", "LS6 2"),
    ("B62", "B62"), ("LS 2AB", None), ("LS6-2AB", None), ("GIR 0AA", None), ("", None),
    ("123", None),
])
def test_normalise_postcode(typed: str, expected: str | None) -> None:
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize(("typed", "force", "rule"), [
    ("LS6 2AB", "west-yorkshire", "POSTCODE_AREA"),
    ("LS24 9AA", "north-yorkshire", "POSTCODE_DISTRICT"),       # Tadcaster
    ("S1 2HE", "south-yorkshire", "POSTCODE_AREA"),
    ("S40 1LE", "derbyshire", "POSTCODE_DISTRICT"),             # Chesterfield
    ("s81 7aa", "nottinghamshire", "POSTCODE_DISTRICT"),        # Worksop
    ("EC4M 7AA", "city-of-london", "POSTCODE_AREA"),
    ("EC1V 9AA", "metropolitan", "POSTCODE_DISTRICT"),          # Finsbury, Islington
    ("KT1 1AA", "metropolitan", "POSTCODE_DISTRICT"),           # Kingston
    ("KT13 8AA", "surrey", "POSTCODE_AREA"),                    # Weybridge
    ("CF83 1AA", "gwent", "POSTCODE_DISTRICT"),                 # Caerphilly
    ("CF10 1AA", "south-wales", "POSTCODE_AREA"),
    ("WA8 7AA", "cheshire", "POSTCODE_AREA"),                   # Widnes
    ("WA10 1AA", "merseyside", "POSTCODE_DISTRICT"),            # St Helens
    ("EH1 1YZ", "police-scotland", "POSTCODE_AREA"),
    ("ZE1 0AA", "police-scotland", "POSTCODE_AREA"),
    ("TD15 1AA", "northumbria", "POSTCODE_DISTRICT"),           # Berwick-upon-Tweed
    ("TD1 1AA", "police-scotland", "POSTCODE_AREA"),
    ("BT1 5GS", "northern-ireland", "POSTCODE_AREA"),
    ("PO30 1AA", "hampshire", "POSTCODE_AREA"),                 # Isle of Wight
    ("PO19 1AA", "sussex", "POSTCODE_DISTRICT"),                # Chichester
    ("ls", "west-yorkshire", "POSTCODE_AREA"),
])
def test_force_for_postcode(typed: str, force: str, rule: str) -> None:
    found = force_for_postcode(typed)
    assert found is not None
    assert (found.force_code, found.rule) == (force, rule)


def test_reason_names_the_district_area_and_force() -> None:
    found = force_for_postcode("LS6 2AB")
    assert found is not None
    assert found.reason == "LS6 is in postcode area LS (Leeds), policed by West Yorkshire Police"


def test_an_assumed_split_says_so_in_the_reason() -> None:
    found = force_for_postcode("B78 2AA")
    assert found is not None
    assert found.rule == POSTCODE_DISTRICT
    assert "assumed" in found.reason
    assert "Warwickshire Police" in found.reason


@pytest.mark.parametrize("typed", ["JE2 3AA", "GY1 1AA", "IM1 1AA", "BF1 1AA", "QQ1 1AA",
                                   "hello", "SW1A 1AA 1AA"])
def test_unknown_or_invalid_postcodes_have_no_force(typed: str) -> None:
    assert force_for_postcode(typed) is None


def test_121_areas_each_with_known_forces() -> None:
    assert len(POSTCODE_AREAS) == len({a.code for a in POSTCODE_AREAS}) == 121
    for area in POSTCODE_AREAS:
        assert area.primary_force == area.forces[0]
        assert all(force_by_code(code) for code in area.forces), area.code


def test_split_areas_list_every_force_they_touch() -> None:
    sheffield = area_by_code("S")
    assert sheffield is not None
    assert set(sheffield.forces) == {"south-yorkshire", "derbyshire", "nottinghamshire"}
    assert "S40" in sheffield.resolution


def test_district_rules_belong_to_known_areas() -> None:
    for district, rule in DISTRICT_RULES.items():
        found = force_for_postcode(district)
        assert found is not None, district
        assert found.force_code == rule.force, district


def test_every_territorial_force_can_be_reached_from_a_postcode() -> None:
    reachable = {code for area in POSTCODE_AREAS for code in area.forces}
    assert reachable == {f.code for f in FORCES if f.kind == "territorial"}
