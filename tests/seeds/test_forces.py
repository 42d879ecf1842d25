"""The force reference table that every allocation points at."""

from __future__ import annotations

from seeds.reference.forces import FORCES, Force, force_by_code


def force(code: str) -> Force:
    found = force_by_code(code)
    assert found is not None, code
    return found


def test_all_46_forces_have_unique_codes() -> None:
    codes = [f.code for f in FORCES]
    assert len(codes) == 46
    assert len(set(codes)) == 46


def test_england_and_wales_have_43_territorial_forces() -> None:
    home = [f for f in FORCES if f.country in ("England", "Wales") and f.kind == "territorial"]
    assert len(home) == 43
    assert sum(f.country == "Wales" for f in home) == 4


def test_the_three_forces_outside_the_43() -> None:
    assert force("btp").kind == "special"
    assert force("btp").country == "Great Britain"
    assert force("police-scotland").country == "Scotland"
    assert force("northern-ireland").country == "Northern Ireland"


def test_codes_are_data_police_uk_slugs() -> None:
    assert force("metropolitan").name == "Metropolitan Police Service"
    assert force("city-of-london").name == "City of London Police"
    assert force_by_code("Metropolitan") is None
