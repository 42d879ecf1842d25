"""Account files drawn blind: an independent generator for judging the account linker.

Written without reading the linker, the project's own generator (`seeds/`) or the linker's
benchmarks, so that the linker is judged on handles its authors never tuned on. It follows only
general knowledge of how people name their accounts: a name with or without a personal number,
a bare first name with a number, hobby words, a platform's length limit, a slip of one
character, look-alike swaps (a→4, o→0), case and separators. Each seed first draws its world's
habits (how many use their name, keep their number, swap look-alikes, name their other account
in a bio...), so different seeds are different worlds; each person then draws their own habits
within it. Names come from short UK first-name and surname lists with Zipf weights, so that
many people share the common names, as they do.

Records use the fields the hub's account records carry (`id`, `platform`, `handle`,
`display_name`, `given_name`, `family_name`, `email`, `phone`, `dob`, `bio`) plus `created_at`;
a blank field is left out. The truth maps each account id to its person id.

    python -m bench.blind_accounts SEED OUT_DIR [--people 3000]
        writes OUT_DIR/blind-SEED.csv and OUT_DIR/blind-SEED.truth.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

Record = dict[str, Any]

FIELDS = ("id", "platform", "handle", "display_name", "given_name", "family_name", "email",
          "phone", "dob", "bio", "created_at")

# Platform ids as the hub names them, each with its handle length limit, the year it opened
# and how often an account is on it (tiktok and instagram most common among the people seen).
PLATFORMS: dict[str, tuple[int, int, float]] = {
    "x": (15, 2007, 0.22), "instagram": (30, 2010, 0.22), "tiktok": (24, 2016, 0.18),
    "facebook": (50, 2006, 0.15), "youtube": (30, 2006, 0.07), "reddit": (20, 2006, 0.08),
    "telegram": (32, 2014, 0.08)}

def _words(text: str) -> list[str]:
    return text.split()


# Rough order of frequency among UK adults and teenagers; the weights are Zipf over the order.
MALE = _words("""David John Paul Michael James Mark Andrew Daniel Richard Thomas Christopher Matthew
Peter Robert Stephen Jack Oliver Harry George William Joshua Ryan Luke Adam Liam Jamie Lewis
Connor Callum Jordan Kieran Nathan Samuel Benjamin Joseph Alexander Charlie Jacob Alfie
Mohammed Muhammad Ahmed Ali Tyler Dylan Ethan Kyle Scott Craig Gary Lee Dean Wayne Darren
Shaun Jason Carl Simon Neil Ian Kevin Anthony Martin Steven Graham Keith Alan Brian Kenneth
Colin Philip Tony Jake Aaron Reece Bradley Max Oscar Leo Archie Freddie Henry Theo Noah Toby
Edward Sean Patrick Owen Rhys Gareth Dafydd Jamal Tariq Imran Bilal Hassan Omar Yusuf Arjun
Rohan Piotr Kacper Nicholas Jonathan Stuart""")
FEMALE = _words("""Sarah Emma Laura Rebecca Claire Nicola Lisa Michelle Karen Susan Helen Julie
Amanda Rachel Jessica Sophie Charlotte Emily Hannah Lauren Amy Chloe Megan Olivia Amelia Isla Ava
Mia Grace Ella Lucy Holly Katie Jade Stacey Kelly Gemma Samantha Danielle Natalie Victoria
Elizabeth Jennifer Louise Kirsty Leanne Zoe Abigail Ellie Freya Poppy Evie Ruby Lily Jasmine
Aisha Fatima Zara Ayesha Maryam Priya Sian Bethan Caitlin Niamh Erin Siobhan Eilidh Alice Anna
Maria Joanne Tracey Dawn Deborah Angela Linda Margaret Patricia Jane Mary Catherine Kathryn
Alison Fiona Shannon Courtney Paige Bethany Georgia Phoebe Millie Daisy Florence Esme Layla
Hollie Tia Kayleigh Chelsea Demi Eleanor Naomi""")
SURNAMES = _words("""Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts
Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel
Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan
Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly
Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall
Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason
Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell
Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur
Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West
Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry
Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory
Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter
Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates
Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren
Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper
Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne
Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis
Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson
Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin Barton
Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood Jennings Holt Kemp
Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman Middleton Banks Nixon Metcalfe
Little Rahman Iqbal Okafor Mensah Nowak Kowalski Hargreaves Ashworth Whittaker Sykes Crossley
Pickering Fairclough Entwistle Bamford Oakley Thornton Lister Dobson Rowley Kirby Storey
Charlton Milburn Tait Forsyth Paterson Fraser MacLeod Duffy Flanagan McLaughlin Devlin""")
# The long tail of British surnames, which no short list holds: place-name compounds
# (Ashworth, Greenhalgh, Oakenshaw...), about 1,000 of them, each rare.
RARE_HEADS = _words("""Ash Green Hal Oaken Black White Brad Brom Crab Dun Fen Hazel Holl Kirk
Lang Marl Mid Nor Pen Rad Red Sal Shaw Stan Thorn Wal War Wes Whit Win Yar Ather Brier Cal Dal
Earn Hep Ing Kel Lid""")
RARE_TAILS = _words("""worth halgh shaw ley ton ford by combe field ham hurst stone well wood
bridge cliffe dale den gate thorpe wick more brook croft""")
NICKNAMES = {
    "Daniel": ["Dan", "Danny"], "Michael": ["Mike", "Mikey"], "Christopher": ["Chris"],
    "Matthew": ["Matt"], "Thomas": ["Tom", "Tommy"], "James": ["Jim", "Jamie", "Jimmy"],
    "William": ["Will", "Billy"], "Robert": ["Rob", "Robbie", "Bob"], "Richard": ["Rich", "Ricky"],
    "Joseph": ["Joe", "Joey"], "Benjamin": ["Ben"], "Samuel": ["Sam", "Sammy"],
    "Alexander": ["Alex", "Xander"], "Andrew": ["Andy", "Drew"], "Anthony": ["Tony", "Ant"],
    "Stephen": ["Steve", "Stevie"], "Steven": ["Steve"], "Edward": ["Ed", "Eddie"],
    "Joshua": ["Josh"], "Jacob": ["Jake"], "Nathan": ["Nath", "Nate"], "Callum": ["Cal"],
    "Kenneth": ["Ken", "Kenny"], "Philip": ["Phil"], "Peter": ["Pete"], "David": ["Dave", "Davey"],
    "Mohammed": ["Mo", "Moe"], "Muhammad": ["Mo"], "Nicholas": ["Nick", "Nicky"],
    "Jonathan": ["Jon", "Jonny"], "Frederick": ["Fred"], "Elizabeth": ["Liz", "Beth", "Lizzie"],
    "Rebecca": ["Becky", "Becca"], "Samantha": ["Sam", "Sammie"], "Jennifer": ["Jen", "Jenny"],
    "Victoria": ["Vicky", "Tori"], "Catherine": ["Cath", "Kate"], "Kathryn": ["Kate", "Kat"],
    "Charlotte": ["Lottie", "Charlie"], "Jessica": ["Jess", "Jessie"], "Abigail": ["Abbie", "Abi"],
    "Danielle": ["Dani"], "Natalie": ["Nat"], "Nicola": ["Nicky", "Nic"], "Margaret": ["Maggie"],
    "Patricia": ["Trish", "Pat"], "Deborah": ["Debbie", "Debs"], "Amanda": ["Mandy"],
    "Susan": ["Sue", "Susie"], "Alison": ["Ali"], "Olivia": ["Liv", "Livvy"], "Bethany": ["Beth"],
    "Megan": ["Meg"], "Hannah": ["Han"], "Lauren": ["Loz", "Laurie"], "Sophie": ["Soph"],
    "Emily": ["Em", "Emmy"], "Eleanor": ["Ellie", "Nell"], "Gemma": ["Gem"],
}
ADJECTIVES = _words("""silent dark lazy mad little big real true northern scouse geordie brummie
wild lost lone grumpy happy salty crazy cosmic mighty tiny angry sleepy chill savage""")
NOUNS = _words("""kestrel fox wolf hawk badger otter raven tiger pixel shadow storm ghost ninja
viking dragon legend king queen boss chef falcon panda bear lion phoenix rebel pilgrim""")
DOERS = _words("""walker runner gamer rider fisher biker baker lifter hiker angler climber drifter
surfer skater dreamer""")
CLUBS = _words("""gooner spurs lfc mufc villa toon blades wolves saints hammers leeds everton celtic
rangers citizen baggies""")
CLUB_TAILS = ["4life", "_4_life", "tilidie", "fan", "_army", "ultra", "loyal", ""]
BIO_WORDS = ["dad of 2", "mum of 3", "proud brit", "lad", "gym rat", "football mad",
             "music", "gaming", "memes", "banter only", "own views", "not a bot", "coffee",
             "dog mum", "cat dad", "travel", "UK", "London", "Manchester", "Leeds", "Brum",
             "Liverpool", "Newcastle", "Bristol", "no DMs", "just vibes", "living my best life",
             "retired", "nurse", "builder", "student", "RT ≠ endorsement", "he/him", "she/her",
             "est. 1990s", "say it how it is", "patriot", "sarcasm fluent"]
EMOJI = ["⚽", "🔥", "💯", "🇬🇧", "🏴", "👑", "😎", "✨", "🦅", "🍺"]
MAIL_HOSTS = [("gmail.com", 0.45), ("hotmail.co.uk", 0.15), ("outlook.com", 0.12),
              ("yahoo.co.uk", 0.1), ("icloud.com", 0.1), ("btinternet.com", 0.04),
              ("live.co.uk", 0.04)]
LOOKALIKE = {"a": "4", "e": "3", "i": "1", "o": "0", "l": "1", "s": "5"}
TODAY = date(2026, 11, 1)


def zipf(names: list[str], exponent: float) -> list[float]:
    """Cumulative Zipf weights over a list in frequency order."""
    return list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(len(names))))


@dataclass(frozen=True)
class World:
    """One seed's habits: each a rate or a centre that people then scatter around."""

    name_exponent: float      # Zipf exponent of first names and surnames
    rare_surname: float       # share of people whose surname is off the list (the long tail)
    accounts_p: float         # geometric parameter of accounts per person
    many_accounts: float      # share of people with 7 to 15 accounts
    name_based: float         # share of people whose handles come from their name
    keep_number: float        # chance a person keeps their number across accounts
    new_stem: float           # chance an account gets a fresh stem rather than the person's own
    lookalike: float          # share of people who swap look-alike characters
    slip: float               # chance of one added, dropped or changed character per account
    caps: float               # chance of a case change per account
    bio_mention: float        # chance a bio names another of the person's handles
    bio_stranger: float       # chance a bio names someone else's handle
    given_rate: float         # chance the given name is disclosed
    surname_rate: float       # chance the surname is disclosed
    email_rate: float
    phone_rate: float
    dob_rate: float


def draw_world(rng: random.Random) -> World:
    u = rng.uniform
    return World(name_exponent=u(0.45, 0.75), rare_surname=u(0.3, 0.5),
                 accounts_p=u(0.5, 0.6), many_accounts=u(0.005, 0.02),
                 name_based=u(0.35, 0.75), keep_number=u(0.3, 0.9), new_stem=u(0.1, 0.35),
                 lookalike=u(0.03, 0.2), slip=u(0.03, 0.15), caps=u(0.05, 0.3),
                 bio_mention=u(0.05, 0.25), bio_stranger=u(0.0, 0.05), given_rate=u(0.4, 0.9),
                 surname_rate=u(0.15, 0.5), email_rate=u(0.05, 0.2), phone_rate=u(0.03, 0.12),
                 dob_rate=u(0.05, 0.2))


@dataclass
class Person:
    id: str
    given: str
    surname: str
    dob: date
    number: str
    separator: str
    stem: str
    lookalike: bool
    emails: list[str] = field(default_factory=list)
    phone: str = ""
    handles: list[str] = field(default_factory=list)


def _number(rng: random.Random, dob: date) -> str:
    """A person's number: their birth year, its last two digits, or 2 to 5 digits they like."""
    kind = rng.random()
    if kind < 0.25:
        return str(dob.year)
    if kind < 0.4:
        return f"{dob.year % 100:02d}"
    if kind < 0.5:
        return f"{dob.day:02d}{dob.month:02d}"
    return str(rng.randint(1, 10 ** rng.randint(2, 5) - 1))


def _word_stem(rng: random.Random, given: str) -> str:
    """A handle stem from words rather than the person's name."""
    kind = rng.random()
    if kind < 0.35:
        return rng.choice(ADJECTIVES) + rng.choice(NOUNS)
    if kind < 0.55:
        return rng.choice(NOUNS) + rng.choice(DOERS)
    if kind < 0.75:
        return rng.choice(CLUBS) + rng.choice(CLUB_TAILS)
    if kind < 0.88:
        return "the" + rng.choice(NOUNS + DOERS)
    return given.lower() + rng.choice(["the", "_"]) + rng.choice(NOUNS)


def _name_stem(rng: random.Random, given: str, surname: str, sep: str) -> str:
    """A handle stem from the name: danieltaylor, d.taylor, taylordaniel, dtaylor, dan_t..."""
    g = rng.choice([given] * 3 + NICKNAMES.get(given, [])).lower()
    s = surname.lower().replace("'", "")
    kind = rng.random()
    if kind < 0.4:
        return g + sep + s
    if kind < 0.5:
        return s + sep + g
    if kind < 0.68:
        return g[0] + sep + s
    if kind < 0.78:
        return g + sep + s[0]
    if kind < 0.86:
        return g + sep + s[:3]
    return g  # a bare first name; a number usually follows


def _with_number(rng: random.Random, stem: str, number: str, sep: str) -> str:
    kind = rng.random()
    if kind < 0.1:
        return number + "_" + stem
    if kind < 0.3:
        return stem + "_" + number
    if kind < 0.4:
        return stem + sep + number
    return stem + number


def _slip(rng: random.Random, handle: str) -> str:
    """One character added, dropped or changed, digits as likely as letters to slip."""
    if len(handle) < 4:
        return handle
    at = rng.randrange(len(handle))
    char = rng.choice("0123456789" if handle[at].isdigit() else "abcdefghijklmnopqrstuvwxyz")
    kind = rng.random()
    if kind < 0.4:
        return handle[:at] + handle[at + 1:]
    if kind < 0.7:
        return handle[:at] + char + handle[at:]
    if kind < 0.85 and at + 1 < len(handle):
        return handle[:at] + handle[at + 1] + handle[at] + handle[at + 2:]
    return handle[:at] + char + handle[at + 1:]


def _lookalike(rng: random.Random, handle: str, rate: float) -> str:
    return "".join(LOOKALIKE[c] if c in LOOKALIKE and rng.random() < rate else c for c in handle)


def _case(rng: random.Random, handle: str, sep: str) -> str:
    kind = rng.random()
    if kind < 0.45:
        return "".join(part.capitalize() for part in handle.split(sep)) if sep else \
            handle.capitalize()
    if kind < 0.7:
        return handle.capitalize()
    if kind < 0.85:
        return handle.upper()
    return handle.swapcase() if rng.random() < 0.3 else handle


def _legal(handle: str, platform: str) -> str:
    """Characters the platform allows: no dots on x, tiktok or telegram; no dashes but reddit."""
    allowed = "_." if platform in ("instagram", "facebook", "youtube") else "_"
    if platform == "reddit":
        allowed = "_-"
    return "".join(c for c in handle if c.isalnum() or c in allowed)


def _handle(rng: random.Random, world: World, person: Person, platform: str,
            taken: dict[str, set[str]]) -> str:
    stem = person.stem
    if rng.random() < world.new_stem:
        stem = _word_stem(rng, person.given) if rng.random() < 0.6 else \
            _name_stem(rng, person.given, person.surname, person.separator)
    number = person.number if rng.random() < world.keep_number else _number(rng, person.dob)
    bare_name = stem == person.given.lower()
    if bare_name or rng.random() < 0.55:
        handle = _with_number(rng, stem, number, person.separator)
    else:
        handle = stem
    if rng.random() < world.slip:
        handle = _slip(rng, handle)
    if person.lookalike:
        handle = _lookalike(rng, handle, 0.6)
    if rng.random() < world.caps:
        handle = _case(rng, handle, person.separator)
    limit = PLATFORMS[platform][0]
    handle = _legal(handle, platform)[:limit].strip("._") or f"user{rng.randint(1000, 99999)}"
    while handle.lower() in taken[platform] or (platform == "telegram" and len(handle) < 5):
        # Taken (common names collide) or too short: people add digits or an underscore.
        tail = str(rng.randint(1, 999)) if rng.random() < 0.7 else "_"
        handle = (handle[:limit - len(tail)] + tail) if len(handle) + len(tail) > limit \
            else handle + tail
    taken[platform].add(handle.lower())
    return handle


def _display_name(rng: random.Random, person: Person, handle: str) -> str:
    nick = rng.choice(NICKNAMES.get(person.given, [person.given]))
    kind = rng.random()
    if kind < 0.3:
        shown = f"{person.given} {person.surname}"
    elif kind < 0.45:
        shown = person.given
    elif kind < 0.55:
        shown = nick
    elif kind < 0.63:
        shown = f"{nick} {person.surname[0]}"
    elif kind < 0.7:
        shown = handle
    elif kind < 0.78:
        shown = rng.choice(ADJECTIVES + NOUNS).capitalize()
    else:
        return ""
    if rng.random() < 0.15:
        shown += " " + rng.choice(EMOJI)
    return shown.upper() if rng.random() < 0.05 else shown


def _email(rng: random.Random, person: Person) -> str:
    hosts, weights = zip(*MAIL_HOSTS, strict=True)
    host = rng.choices(hosts, weights)[0]
    g, s = person.given.lower(), person.surname.lower().replace("'", "")
    local = rng.choice([f"{g}.{s}", f"{g}{s}", f"{g[0]}{s}", f"{g}.{s}{person.number}",
                        f"{g}{person.dob.year % 100:02d}", person.stem + person.number])
    return local + "@" + host


def _phone(rng: random.Random) -> str:
    return "7" + str(rng.randint(100000000, 999999999))


def _phone_shown(rng: random.Random, phone: str) -> str:
    """A UK mobile as people type it: +44 7…, 07…, 447…, with or without spaces."""
    rest = phone[1:]
    return rng.choice([f"0{phone}", f"+44{phone}", f"+44 {phone[:4]} {rest[3:]}",
                       f"0{phone[:4]} {rest[3:]}", f"0{phone[:4]} {rest[3:6]} {rest[6:]}",
                       f"44{phone}", f"+44 (0){phone[:4]} {rest[3:]}"])


def _dob_shown(rng: random.Random, dob: date) -> str:
    if rng.random() < 0.03:  # day and month swapped, as typed by someone else
        dob = date(dob.year, dob.day, dob.month) if dob.day <= 12 else dob
    return rng.choice([dob.isoformat(), dob.isoformat(), dob.strftime("%d/%m/%Y"),
                       f"{dob.day}/{dob.month}/{dob.year % 100:02d}", dob.strftime("%d-%m-%Y"),
                       f"{dob.day} {dob.strftime('%B %Y')}", dob.strftime("%d.%m.%Y")])


def _bio(rng: random.Random, mention: str | None, stranger: str | None) -> str:
    parts = rng.sample(BIO_WORDS, rng.randint(0, 3))
    if mention is not None:
        parts.append(rng.choice(["alt: @{}", "main acc @{}", "backup of @{}", "also @{}",
                                 "follow my main @{}", "IG: {}", "new acc, old one @{}",
                                 "(@{})"]).format(mention))
    if stranger is not None:
        parts.append(rng.choice(["my bro @{}", "❤️ @{}", "wifey @{}", "rip @{}"])
                     .format(stranger))
    rng.shuffle(parts)
    return " | ".join(parts) if rng.random() < 0.3 else " ".join(parts)


def _person(rng: random.Random, world: World, number: int, firsts: tuple[list[Any], ...],
            lasts: list[float]) -> Person:
    half = 2 if rng.random() < 0.5 else 0
    names, weights = firsts[half], firsts[half + 1]
    given = rng.choices(names, cum_weights=weights)[0]
    surname = rng.choice(RARE_HEADS) + rng.choice(RARE_TAILS) \
        if rng.random() < world.rare_surname else rng.choices(SURNAMES, cum_weights=lasts)[0]
    born = TODAY - timedelta(days=int(rng.triangular(14, 75, 24) * 365.25))
    separator = rng.choices(["", "_", "."], [0.55, 0.3, 0.15])[0]
    person = Person(id=f"p{number:05d}", given=given, surname=surname, dob=born,
                    number=_number(rng, born), separator=separator, stem="",
                    lookalike=rng.random() < world.lookalike)
    person.stem = _name_stem(rng, given, surname, separator) if rng.random() < world.name_based \
        else _word_stem(rng, given)
    person.emails = [_email(rng, person) for _ in range(rng.choice([1, 1, 1, 2]))]
    person.phone = _phone(rng)
    return person


def _account_count(rng: random.Random, world: World) -> int:
    if rng.random() < world.many_accounts:
        return rng.randint(7, 15)
    count = 1
    while rng.random() > world.accounts_p and count < 6:
        count += 1
    return count


def generate(seed: int, people: int = 3000) -> tuple[list[Record], dict[str, str]]:
    """Account records (blank fields left out, in shuffled order) and account id -> person id."""
    rng = random.Random(seed)
    world = draw_world(rng)
    firsts = (MALE, zipf(MALE, world.name_exponent), FEMALE, zipf(FEMALE, world.name_exponent))
    lasts = zipf(SURNAMES, world.name_exponent)
    platforms = list(PLATFORMS)
    shares = [PLATFORMS[p][2] for p in platforms]
    taken: dict[str, set[str]] = {p: set() for p in platforms}
    drafts: list[tuple[Person, Record]] = []
    for number in range(people):
        person = _person(rng, world, number, firsts, lasts)
        for _ in range(_account_count(rng, world)):
            platform = rng.choices(platforms, shares)[0]
            handle = _handle(rng, world, person, platform, taken)
            person.handles.append(handle)
            drafts.append((person, _account(rng, world, person, platform, handle)))
    handles = [record["handle"] for _, record in drafts]
    for person, record in drafts:
        others = [h for h in person.handles if h != record["handle"]]
        mention = rng.choice(others) if others and rng.random() < world.bio_mention else None
        stranger = rng.choice(handles) if rng.random() < world.bio_stranger else None
        record["bio"] = _bio(rng, mention, stranger)
    rng.shuffle(drafts)
    records, truth = [], {}
    for index, (person, record) in enumerate(drafts):
        record["id"] = f"b{seed}-{index:05d}"
        truth[record["id"]] = person.id
        records.append({key: record[key] for key in FIELDS if record.get(key)})
    return records, truth


def _account(rng: random.Random, world: World, person: Person, platform: str,
             handle: str) -> Record:
    opened = max(PLATFORMS[platform][1], person.dob.year + 13)
    start = datetime(opened, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 10, 1, tzinfo=UTC) - start).total_seconds()
    record: Record = {"platform": platform, "handle": handle,
                      "display_name": _display_name(rng, person, handle),
                      "created_at": (start + timedelta(seconds=rng.random() * max(span, 1)))
                      .isoformat(timespec="seconds")}
    if rng.random() < world.given_rate:
        record["given_name"] = person.given if rng.random() < 0.85 else \
            rng.choice(NICKNAMES.get(person.given, [person.given.lower()]))
    if rng.random() < world.surname_rate:
        record["family_name"] = person.surname
    if rng.random() < world.email_rate:
        record["email"] = rng.choice(person.emails)
    if rng.random() < world.phone_rate:
        record["phone"] = _phone_shown(rng, person.phone)
    if rng.random() < world.dob_rate:
        record["dob"] = _dob_shown(rng, person.dob)
    return record


def write(seed: int, folder: Path, people: int = 3000) -> tuple[Path, Path]:
    """The seed's accounts as CSV (all fields, blanks empty) and its truth as id,person CSV."""
    records, truth = generate(seed, people)
    folder.mkdir(parents=True, exist_ok=True)
    accounts, answers = folder / f"blind-{seed}.csv", folder / f"blind-{seed}.truth.csv"
    with accounts.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, FIELDS)
        writer.writeheader()
        writer.writerows(records)
    with answers.open("w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["id", "person"])
        rows.writerows(truth.items())
    return accounts, answers


def read(accounts: Path, answers: Path) -> tuple[list[Record], dict[str, str]]:
    """A CSV pair as `write` makes it, blank fields left out as the linker's records have them."""
    with accounts.open(encoding="utf-8", newline="") as lines:
        records = [{k: v for k, v in row.items() if v} for row in csv.DictReader(lines)]
    with answers.open(encoding="utf-8", newline="") as lines:
        truth = {row["id"]: row["person"] for row in csv.DictReader(lines)}
    return records, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seed", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--people", type=int, default=3000)
    args = parser.parse_args()
    for path in write(args.seed, args.out, args.people):
        print(path)


if __name__ == "__main__":
    main()
