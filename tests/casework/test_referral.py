"""Plausibility of a referral: a postcode in a real area, a receipt time while the hub existed.

The clock is the test's: `now` is passed in, never read from the machine.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from casework.errors import RuleViolation
from casework.intake.referral import CLOCK_SKEW, HUB_OPENED, referral_from_record

NOW = datetime(2026, 11, 20, 10, 15, tzinfo=UTC)


def problems(**fields: Any) -> set[tuple[tuple[str, ...], str]]:
    record = {"id": "TV-1", "content_text": "a post", **fields}
    try:
        referral_from_record(record, NOW)
    except RuleViolation as violation:
        return {(error.field, error.code) for error in violation.errors}
    return set()


@pytest.mark.parametrize("postcode", ["XX1 1XX", "QQ9 9ZZ", "xx1"])
def test_a_postcode_in_no_area_is_a_user_error_at_its_field(postcode: str) -> None:
    assert problems(victim={"postcode": postcode}) == {
        (("input", "victim", "postcode"), "UNKNOWN_POSTCODE_AREA")}
    assert problems(complainant={"name": "A", "postcode": postcode}) == {
        (("input", "complainant", "postcode"), "UNKNOWN_POSTCODE_AREA")}


@pytest.mark.parametrize("postcode", ["LS6 2AB", "se1 7pb", "BT1 5GS", "ZE1 0AA", "LS6",
                                      "JE2 3AB", "GY1 1AA", "IM1 1AA", "BF1 4FB"])
def test_a_postcode_in_a_real_area_passes_even_outside_the_hubs_forces(postcode: str) -> None:
    """A Jersey or Isle of Man victim is real: the case stays with the hub to decide."""
    assert problems(victim={"postcode": postcode}) == set()


@pytest.mark.parametrize("received", [
    datetime(1900, 1, 1, tzinfo=UTC), HUB_OPENED - timedelta(seconds=1),
    NOW + CLOCK_SKEW + timedelta(seconds=1), datetime(2099, 1, 1, tzinfo=UTC)],
    ids=["1900", "the-day-before-the-hub", "just-beyond-clock-skew", "2099"])
def test_a_receipt_time_outside_the_hubs_life_is_a_user_error(received: datetime) -> None:
    assert problems(received_at=received.isoformat()) == {
        (("input", "receivedAt"), "INVALID_DATETIME")}


@pytest.mark.parametrize("received", [HUB_OPENED, NOW - timedelta(days=400), NOW,
                                      NOW + CLOCK_SKEW])
def test_a_receipt_time_within_the_hubs_life_passes(received: datetime) -> None:
    assert problems(received_at=received.isoformat()) == set()
