"""Handle keys and parts: spellings of one handle fold together, a person's digits stay theirs."""

from __future__ import annotations

import pytest

from linking.normalise.handles import handle_key, handle_parts


@pytest.mark.parametrize("variant", ["@Mike_Smith", "mike.smith", "MIKE SMITH", "m1ke_5m1th",
                                     "Mike-Smith"])
def test_spellings_of_one_handle_share_a_key(variant: str) -> None:
    assert handle_key(variant) == handle_key("mikesmith")


def test_different_handles_keep_different_keys() -> None:
    assert handle_key("mike_smith") != handle_key("mike_smyth")


@pytest.mark.parametrize("variant", ["Danieltaylor_8172", "daniel_taylor8172", "DANIEL.TAYLOR.8172",
                                     "d4nieltay1or_8172"])
def test_one_handle_written_many_ways_folds_to_one(variant: str) -> None:
    assert handle_parts(variant) == handle_parts("danieltaylor8172")


def test_digits_added_to_a_name_are_kept_apart_from_look_alikes() -> None:
    # `1` inside `tay1or` is a letter; `8172` after the name is the person's number.
    parts = handle_parts("danieltay1or_81725")
    assert parts is not None
    assert (parts.letters, parts.digits) == ("danleltaylor", "81725")
    assert handle_parts("1439_daniel") != handle_parts("2527_daniel")


def test_a_handle_of_nothing_foldable_has_no_parts() -> None:
    assert handle_parts("_.-") is None


@pytest.mark.parametrize(("handle", "letters", "digits"), [
    ("5arah2803", "sarah", "2803"), ("4my_wright", "amywrlght", ""), ("0liver", "ollver", "")])
def test_a_look_alike_starting_a_name_is_its_first_letter(handle: str, letters: str,
                                                          digits: str) -> None:
    # `5arah2803` is Sarah's handle: read as `arah` with the number `52803`, two Sarahs with
    # numbers of their own looked like a rare name whose digits differ.
    parts = handle_parts(handle)
    assert parts is not None
    assert (parts.letters, parts.digits) == (letters, digits)


@pytest.mark.parametrize("handle", ["1439_daniel", "1439daniel", "1_daniel", "7daniel"])
def test_a_number_before_a_name_stays_a_number(handle: str) -> None:
    parts = handle_parts(handle)
    assert parts is not None
    assert parts.letters == "danlel"
