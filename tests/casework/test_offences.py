"""The offence table by date of conduct: the Online Safety Act boundary of 31 January 2024."""

from __future__ import annotations

from datetime import date

import pytest

from casework.errors import RuleViolation
from casework.offences import (
    OFFENCES,
    Mode,
    check_offences,
    offence_by_code,
    offences_in_force,
)
from casework.strands import Strand

BEFORE = date(2024, 1, 30)
FROM = date(2024, 1, 31)
REPEALED = {"MCA1988-s1-threat", "MCA1988-s1-false-information", "CA2003-s127-2-false-message"}
NEW = {"OSA2023-s179", "OSA2023-s181"}


def codes(day: date) -> set[str]:
    return {o.code for o in offences_in_force(day)}


def test_conduct_on_30_january_2024_is_judged_by_the_old_limbs() -> None:
    assert codes(BEFORE) >= REPEALED
    assert not NEW & codes(BEFORE)


def test_conduct_on_31_january_2024_is_judged_by_the_online_safety_act() -> None:
    assert codes(FROM) >= NEW
    assert not REPEALED & codes(FROM)


def test_the_limbs_that_survive_are_in_force_on_both_sides() -> None:
    kept = {"MCA1988-s1-grossly-offensive", "CA2003-s127-1", "CA2003-s127-2-persistent-use",
            "POA1986-s4A", "PHA1997-s2", "CDA1998-s31-1-c"}
    assert kept <= codes(BEFORE)
    assert kept <= codes(FROM)


def test_a_repealed_limb_is_refused_for_later_conduct_with_its_replacement_named() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_offences(["POA1986-s5", "MCA1988-s1-threat"], FROM)
    [error] = refused.value.errors
    assert error.field == ("input", "offences", "1")
    assert error.code == "OFFENCE_NOT_IN_FORCE"
    assert "OSA2023-s181" in error.message


def test_a_new_offence_is_refused_for_earlier_conduct() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_offences(["OSA2023-s179"], BEFORE)
    assert "from 2024-01-31" in refused.value.errors[0].message


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(RuleViolation) as refused:
        check_offences(["MCA1988-s1-false-information", "NO-SUCH-OFFENCE",
                        "CA2003-s127-2-false-message"], FROM)
    assert [(e.field[-1], e.code) for e in refused.value.errors] == [
        ("0", "OFFENCE_NOT_IN_FORCE"), ("1", "UNKNOWN_OFFENCE"), ("2", "OFFENCE_NOT_IN_FORCE")]


def test_offences_in_force_are_returned_as_checked() -> None:
    found = check_offences(["OSA2023-s181", "POA1986-s18"], FROM)
    assert [o.code for o in found] == ["OSA2023-s181", "POA1986-s18"]


def test_schedule_7_priority_offences_are_flagged() -> None:
    priority = {o.code for o in OFFENCES if o.schedule7_priority}
    for code in ("POA1986-s4", "POA1986-s4A", "POA1986-s5", "POA1986-s18", "POA1986-s19",
                 "POA1986-s21", "POA1986-s29B", "POA1986-s29C", "POA1986-s29E", "PHA1997-s2",
                 "PHA1997-s2A", "PHA1997-s4", "PHA1997-s4A"):
        assert code in priority
    assert not {"MCA1988-s1-grossly-offensive", "CA2003-s127-1", "OSA2023-s179"} & priority


def test_the_pick_list_narrows_to_offences_that_fit_the_strand() -> None:
    religion = {o.code for o in offences_in_force(FROM, [Strand.RELIGION])}
    assert "POA1986-s29B" in religion
    assert "POA1986-s18" not in religion  # racial hatred only
    disability = {o.code for o in offences_in_force(FROM, [Strand.DISABILITY])}
    assert "CDA1998-s31-1-a" not in disability  # racially or religiously aggravated only
    assert "PHA1997-s2" in disability


def test_offences_are_tried_summarily_or_either_way() -> None:
    modes = {code: getattr(offence_by_code(code), "mode", None)
             for code in ("CA2003-s127-1", "POA1986-s19", "NO-SUCH-OFFENCE")}
    assert modes == {"CA2003-s127-1": Mode.SUMMARY, "POA1986-s19": Mode.EITHER_WAY,
                     "NO-SUCH-OFFENCE": None}


def test_codes_are_unique() -> None:
    assert len({o.code for o in OFFENCES}) == len(OFFENCES)
