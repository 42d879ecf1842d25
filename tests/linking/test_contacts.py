"""Contact identifiers fold to one form; anything that is not one is dropped, not guessed."""

from __future__ import annotations

import pytest

from linking.normalise.contacts import email_key, phone_key


@pytest.mark.parametrize("written", ["+44 7700 900123", "07700 900123", "0044 7700 900123",
                                     "+44 (0)7700-900123", "(07700) 900123", "+447700900123",
                                     "447700900123", "44 7700 900123"])
def test_one_uk_mobile_written_eight_ways_is_one_phone(written: str) -> None:
    assert phone_key(written) == "7700900123"


def test_a_landline_keeps_its_area_code() -> None:
    assert phone_key("(0113) 496 0198") == phone_key("+44 113 4960198") == phone_key(
        "441134960198") == "1134960198"


@pytest.mark.parametrize("junk", ["", None, "12345", "call me", "07700 9001234567"])
def test_what_is_not_a_phone_number_has_no_key(junk: str | None) -> None:
    assert phone_key(junk) is None


def test_emails_fold_case_and_spaces() -> None:
    assert email_key("  Jo.Bloggs@Example.COM ") == email_key("jo.bloggs@example.com")


@pytest.mark.parametrize("junk", ["", None, "jo.bloggs", "@example.com", "jo@localhost"])
def test_what_is_not_an_email_has_no_key(junk: str | None) -> None:
    assert email_key(junk) is None
