"""The offences online hate is assessed against, versioned by the date of the conduct.

The law changed under the hub's feet: from 31 January 2024 the Online Safety Act 2023 repealed
the threat and false-information limbs of the Malicious Communications Act 1988 s.1 and the
false-message limbs of the Communications Act 2003 s.127(2), and created the false (s.179) and
threatening (s.181) communications offences. A message sent on 30 January 2024 is judged by the
old law, one sent on 31 January by the new, so every limb carries the dates between which
conduct can amount to it. The date of conduct is the day the message was sent (for a course of
conduct, its last act).

This table is law, not policy: it changes with legislation, in a reviewed commit, and
`TABLE_VERSION` is stored with every assessment so that old decisions can be read against the
table they were made with.

Sources: CPS guidance on communications offences (https://www.cps.gov.uk/node/5627), OSA 2023
Part 10 and Schedule 7 (legislation.gov.uk). Commencement dates before 2024 come from the
commencement orders as recalled by the author, not from the domain brief: check them before
relying on them for conduct that old.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from casework.errors import RuleViolation, UserError
from casework.strands import Strand

TABLE_VERSION = "2026-05-1"
OSA_COMMUNICATIONS_OFFENCES = date(2024, 1, 31)
_LAST_DAY_BEFORE_OSA = date(2024, 1, 30)


class Mode(StrEnum):
    """Where the offence is tried: magistrates only, or either court."""

    SUMMARY = "SUMMARY"
    EITHER_WAY = "EITHER_WAY"


@dataclass(frozen=True, slots=True)
class Offence:
    """One offence or limb; `in_force_to` is the last date of conduct it covers (None: still)."""

    code: str
    title: str
    provision: str
    legislation: str
    in_force_from: date
    in_force_to: date | None
    schedule7_priority: bool
    strands: frozenset[Strand]
    mode: Mode
    note: str = ""

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


_ANY = frozenset(Strand)
_RACE = frozenset({Strand.RACE})
_PART_3A = frozenset({Strand.RELIGION, Strand.SEXUAL_ORIENTATION})
_AGGRAVATED = frozenset({Strand.RACE, Strand.RELIGION})
_POA = "https://www.legislation.gov.uk/ukpga/1986/64/section/"
_PHA = "https://www.legislation.gov.uk/ukpga/1997/40/section/"
_CDA = "https://www.legislation.gov.uk/ukpga/1998/37/section/"
_MCA = "https://www.legislation.gov.uk/ukpga/1988/27/section/1"
_CA = "https://www.legislation.gov.uk/ukpga/2003/21/section/127"
_OSA = "https://www.legislation.gov.uk/ukpga/2023/50/section/"
_STIRRING_UP_3A = ("Threatening material only, and intent is required. Sexual orientation "
                   "covered from 23 March 2010. Free-speech savings in ss.29J and 29JA.")
_RELIGIOUS_AGGRAVATION = "Religious aggravation covered from 14 December 2001."

OFFENCES: tuple[Offence, ...] = (
    Offence("POA1986-s4", "Fear or provocation of violence", "Public Order Act 1986 s.4",
            _POA + "4", date(1987, 4, 1), None, True, _ANY, Mode.SUMMARY),
    Offence("POA1986-s4A", "Intentional harassment, alarm or distress",
            "Public Order Act 1986 s.4A", _POA + "4A", date(1995, 2, 3), None, True, _ANY,
            Mode.SUMMARY),
    Offence("POA1986-s5", "Harassment, alarm or distress", "Public Order Act 1986 s.5",
            _POA + "5", date(1987, 4, 1), None, True, _ANY, Mode.SUMMARY),
    Offence("POA1986-s18", "Words, behaviour or written material stirring up racial hatred",
            "Public Order Act 1986 s.18", _POA + "18", date(1987, 4, 1), None, True, _RACE,
            Mode.EITHER_WAY, "Intent or likelihood; Attorney General's consent to prosecute."),
    Offence("POA1986-s19", "Publishing or distributing written material stirring up racial "
            "hatred", "Public Order Act 1986 s.19", _POA + "19", date(1987, 4, 1), None, True,
            _RACE, Mode.EITHER_WAY,
            "Intent or likelihood; Attorney General's consent to prosecute."),
    Offence("POA1986-s21", "Distributing, showing or playing a recording stirring up racial "
            "hatred", "Public Order Act 1986 s.21", _POA + "21", date(1987, 4, 1), None, True,
            _RACE, Mode.EITHER_WAY,
            "Intent or likelihood; Attorney General's consent to prosecute."),
    Offence("POA1986-s29B", "Words, behaviour or written material stirring up religious or "
            "sexual-orientation hatred", "Public Order Act 1986 s.29B", _POA + "29B",
            date(2007, 10, 1), None, True, _PART_3A, Mode.EITHER_WAY, _STIRRING_UP_3A),
    Offence("POA1986-s29C", "Publishing or distributing written material stirring up "
            "religious or sexual-orientation hatred", "Public Order Act 1986 s.29C",
            _POA + "29C", date(2007, 10, 1), None, True, _PART_3A, Mode.EITHER_WAY,
            _STIRRING_UP_3A),
    Offence("POA1986-s29E", "Distributing, showing or playing a recording stirring up "
            "religious or sexual-orientation hatred", "Public Order Act 1986 s.29E",
            _POA + "29E", date(2007, 10, 1), None, True, _PART_3A, Mode.EITHER_WAY,
            _STIRRING_UP_3A),
    Offence("MCA1988-s1-grossly-offensive", "Sending an indecent or grossly offensive "
            "communication to cause distress or anxiety", "Malicious Communications Act 1988 "
            "s.1(1)(a)(i) and (b)", _MCA, date(1988, 9, 29), None, False, _ANY,
            Mode.EITHER_WAY),
    Offence("MCA1988-s1-threat", "Sending a threatening communication to cause distress or "
            "anxiety", "Malicious Communications Act 1988 s.1(1)(a)(ii)", _MCA,
            date(1988, 9, 29), _LAST_DAY_BEFORE_OSA, False, _ANY, Mode.EITHER_WAY,
            "Repealed by the Online Safety Act 2023: for conduct from 31 January 2024 see "
            "OSA2023-s181."),
    Offence("MCA1988-s1-false-information", "Sending information known or believed to be "
            "false to cause distress or anxiety", "Malicious Communications Act 1988 "
            "s.1(1)(a)(iii)", _MCA, date(1988, 9, 29), _LAST_DAY_BEFORE_OSA, False, _ANY,
            Mode.EITHER_WAY, "Repealed by the Online Safety Act 2023: for conduct from "
            "31 January 2024 see OSA2023-s179."),
    Offence("CA2003-s127-1", "Sending a grossly offensive, indecent, obscene or menacing "
            "message over a public electronic communications network",
            "Communications Act 2003 s.127(1)", _CA, date(2003, 7, 25), None, False, _ANY,
            Mode.SUMMARY),
    Offence("CA2003-s127-2-false-message", "Sending a message known to be false to cause "
            "annoyance, inconvenience or needless anxiety", "Communications Act 2003 "
            "s.127(2)(a) and (b)", _CA, date(2003, 7, 25), _LAST_DAY_BEFORE_OSA, False, _ANY,
            Mode.SUMMARY, "Repealed by the Online Safety Act 2023: for conduct from "
            "31 January 2024 see OSA2023-s179."),
    Offence("CA2003-s127-2-persistent-use", "Persistent use of a public electronic "
            "communications network to cause annoyance, inconvenience or needless anxiety",
            "Communications Act 2003 s.127(2)(c)", _CA, date(2003, 7, 25), None, False, _ANY,
            Mode.SUMMARY),
    Offence("OSA2023-s179", "False communications", "Online Safety Act 2023 s.179",
            _OSA + "179", OSA_COMMUNICATIONS_OFFENCES, None, False, _ANY, Mode.SUMMARY,
            "Reaches senders abroad only if habitually resident in England, Wales or Northern "
            "Ireland. News publisher and broadcaster exemptions in s.180."),
    Offence("OSA2023-s181", "Threatening communications", "Online Safety Act 2023 s.181",
            _OSA + "181", OSA_COMMUNICATIONS_OFFENCES, None, False, _ANY, Mode.EITHER_WAY),
    Offence("PHA1997-s2", "Harassment", "Protection from Harassment Act 1997 s.2",
            _PHA + "2", date(1997, 6, 16), None, True, _ANY, Mode.SUMMARY,
            "Course of conduct: at least two occasions."),
    Offence("PHA1997-s2A", "Stalking", "Protection from Harassment Act 1997 s.2A",
            _PHA + "2A", date(2012, 11, 25), None, True, _ANY, Mode.SUMMARY,
            "Course of conduct: at least two occasions."),
    Offence("PHA1997-s4", "Putting people in fear of violence",
            "Protection from Harassment Act 1997 s.4", _PHA + "4", date(1997, 6, 16), None,
            True, _ANY, Mode.EITHER_WAY, "Course of conduct: at least two occasions."),
    Offence("PHA1997-s4A", "Stalking involving fear of violence or serious alarm or distress",
            "Protection from Harassment Act 1997 s.4A", _PHA + "4A", date(2012, 11, 25), None,
            True, _ANY, Mode.EITHER_WAY, "Course of conduct: at least two occasions."),
    Offence("CDA1998-s31-1-a", "Racially or religiously aggravated fear or provocation of "
            "violence", "Crime and Disorder Act 1998 s.31(1)(a)", _CDA + "31",
            date(1998, 9, 30), None, True, _AGGRAVATED, Mode.EITHER_WAY,
            _RELIGIOUS_AGGRAVATION),
    Offence("CDA1998-s31-1-b", "Racially or religiously aggravated intentional harassment, "
            "alarm or distress", "Crime and Disorder Act 1998 s.31(1)(b)", _CDA + "31",
            date(1998, 9, 30), None, True, _AGGRAVATED, Mode.EITHER_WAY,
            _RELIGIOUS_AGGRAVATION),
    Offence("CDA1998-s31-1-c", "Racially or religiously aggravated harassment, alarm or "
            "distress", "Crime and Disorder Act 1998 s.31(1)(c)", _CDA + "31",
            date(1998, 9, 30), None, True, _AGGRAVATED, Mode.SUMMARY, _RELIGIOUS_AGGRAVATION),
    Offence("CDA1998-s32-1-a", "Racially or religiously aggravated harassment or stalking",
            "Crime and Disorder Act 1998 s.32(1)(a)", _CDA + "32", date(1998, 9, 30), None,
            True, _AGGRAVATED, Mode.EITHER_WAY,
            _RELIGIOUS_AGGRAVATION + " Stalking (s.2A) from 25 November 2012."),
    Offence("CDA1998-s32-1-b", "Racially or religiously aggravated putting people in fear of "
            "violence, or stalking involving fear of violence or serious alarm or distress",
            "Crime and Disorder Act 1998 s.32(1)(b)", _CDA + "32", date(1998, 9, 30), None,
            True, _AGGRAVATED, Mode.EITHER_WAY,
            _RELIGIOUS_AGGRAVATION + " Stalking (s.4A) from 25 November 2012."),
)

_BY_CODE = {offence.code: offence for offence in OFFENCES}


def offence_by_code(code: str) -> Offence | None:
    return _BY_CODE.get(code)


def offences_in_force(conduct_date: date,
                      strands: Collection[Strand] | None = None) -> list[Offence]:
    """The offences conduct on that date can amount to; with `strands`, only those that can
    apply to at least one of them (the assessment form's pick list)."""
    return [o for o in OFFENCES if o.in_force_on(conduct_date)
            and (not strands or o.strands & set(strands))]


def _not_in_force(offence: Offence, conduct_date: date) -> str:
    said = f"{offence.provision} does not cover conduct on {conduct_date.isoformat()}: "
    if conduct_date < offence.in_force_from:
        return said + f"it covers conduct from {offence.in_force_from.isoformat()}"
    assert offence.in_force_to is not None
    return said + f"it covers conduct up to {offence.in_force_to.isoformat()}. {offence.note}"


def offence_problems(codes: Sequence[str], conduct_date: date,
                     field: tuple[str, ...]) -> tuple[list[Offence], list[UserError]]:
    """The offences named, and a problem for each code unknown or not in force at that date."""
    found: list[Offence] = []
    problems: list[UserError] = []
    for index, code in enumerate(codes):
        at = (*field, str(index))
        offence = _BY_CODE.get(code)
        if offence is None:
            problems.append(UserError(at, f"{code!r} is not in the offence table "
                                          f"(version {TABLE_VERSION})", "UNKNOWN_OFFENCE"))
        elif not offence.in_force_on(conduct_date):
            problems.append(UserError(at, _not_in_force(offence, conduct_date),
                                      "OFFENCE_NOT_IN_FORCE"))
        else:
            found.append(offence)
    return found, problems


def check_offences(codes: Sequence[str], conduct_date: date,
                   field: tuple[str, ...] = ("input", "offences")) -> list[Offence]:
    """The offences named, or RuleViolation listing every code not in force at that date."""
    found, problems = offence_problems(codes, conduct_date, field)
    if problems:
        raise RuleViolation(problems)
    return found
