"""Handle keys and stems: the spellings of one handle fold together, different handles do not."""

from __future__ import annotations

import pytest

from linking.normalise.handles import handle_key, handle_stem, name_spellings


@pytest.mark.parametrize("variant", ["@Mike_Smith", "mike.smith", "MIKE SMITH", "m1ke_5m1th",
                                     "Mike-Smith"])
def test_spellings_of_one_handle_share_a_key(variant: str) -> None:
    assert handle_key(variant) == handle_key("mikesmith")


def test_different_handles_keep_different_keys() -> None:
    assert handle_key("mike_smith") != handle_key("mike_smyth")


@pytest.mark.parametrize("variant", ["TheFreeLad974x", "The_FreeL4d974", "freelad",
                                     "real_free_lad_tv", "FREELAD_88"])
def test_a_returning_evader_keeps_the_stem(variant: str) -> None:
    assert handle_stem(variant) == handle_stem("FreeLad")


def test_digits_at_the_end_are_dropped_not_read_as_letters() -> None:
    # `88` is a number added to a taken handle, not `bb`.
    assert handle_stem("gaz_88") == "gaz"
    assert handle_stem("P4tr10t") == handle_stem("Patriot")


def test_a_stem_too_short_to_mean_anything_is_none() -> None:
    assert handle_stem("x_99") is None


def test_names_are_spelt_the_ways_people_use_them_in_handles() -> None:
    spellings = name_spellings(["lisa", "dean"])
    assert handle_stem("LDean1979") in spellings
    assert handle_stem("lisa_dean") in spellings
    assert name_spellings(["lisa"]) == ()
