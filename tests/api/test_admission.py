"""How many requests a process lets work at once (`api.admission`), as a pure rule: after an
outage only a few, then more as they succeed; beyond the limit, refused at once."""

from __future__ import annotations

from api.admission import Admission


def admitted(admission: Admission, asking: int) -> int:
    return sum(admission.enter() for _ in range(asking))


def test_after_an_outage_a_few_requests_are_let_in_and_more_as_they_succeed() -> None:
    admission = Admission(floor=4, ceiling=80)
    assert admitted(admission, 100) == 80  # a process starts open
    for _ in range(80):  # the database goes: every one is told to retry
        admission.left(overloaded=True)
    assert admitted(admission, 100) == 4  # the other 96 are refused at once, not queued
    for _ in range(4):  # the database is back, and answers them
        admission.left(overloaded=False)
    assert admitted(admission, 100) == 8
    for _ in range(8):
        admission.left(overloaded=False)
    assert admitted(admission, 100) == 16


def test_one_request_told_to_retry_halves_the_limit() -> None:
    admission = Admission(floor=4, ceiling=80)
    assert admitted(admission, 1) == 1
    admission.left(overloaded=True)
    assert admitted(admission, 100) == 40


def test_it_never_opens_beyond_the_ceiling() -> None:
    admission = Admission(floor=4, ceiling=10)
    admission.limit = 4.0
    for _ in range(50):
        assert admission.enter()
        admission.left(overloaded=False)
    assert admitted(admission, 100) == 10


def test_a_request_whose_sender_left_gives_its_place_back_and_says_nothing_more() -> None:
    admission = Admission(floor=2, ceiling=10)
    admission.limit = 2.0
    assert admitted(admission, 2) == 2
    admission.left(overloaded=None)
    assert admitted(admission, 5) == 1  # its place, and no more
