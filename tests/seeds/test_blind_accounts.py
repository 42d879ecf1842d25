"""The blind account generator: reproducible per seed, a different world per seed, and the
handle habits the linker is judged on actually present in what it writes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from bench.blind_accounts import generate, read, write

PEOPLE = 600


def test_the_same_seed_gives_the_same_accounts_and_seeds_differ() -> None:
    assert generate(7, PEOPLE) == generate(7, PEOPLE)
    assert generate(7, PEOPLE)[0] != generate(8, PEOPLE)[0]


def test_the_truth_names_every_account_once_and_people_hold_skewed_numbers_of_them() -> None:
    records, truth = generate(11, PEOPLE)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == len(truth)
    assert set(ids) == set(truth)
    held = Counter(Counter(truth.values()).values())
    assert len(set(truth.values())) == PEOPLE
    assert held[1] > held[2] > held[3] > 0
    assert max(held) >= 5


def test_handles_are_unique_per_platform_and_show_the_habits_judged() -> None:
    records, truth = generate(12, PEOPLE)
    keys = [(r["platform"], r["handle"].lower()) for r in records]
    assert len(keys) == len(set(keys))
    handles = [r["handle"] for r in records]
    assert any(re.fullmatch(r"[a-z]+(19|20)\d\d", h) for h in handles)  # name + birth year
    assert any(re.fullmatch(r"\d+_\w+", h) for h in handles)            # leading number
    assert any("." in h for h in handles)
    assert any(re.search(r"[a-z][0-9][a-z]", h.lower()) for h in handles)  # look-alike swap
    assert any(h != h.lower() for h in handles)
    assert len({r["platform"] for r in records}) == 7
    mentions = [r for r in records if "@" in r.get("bio", "")]
    owners = {r["handle"]: truth[r["id"]] for r in records}
    assert any(owners.get(re.findall(r"@(\w+)", r["bio"])[0]) == truth[r["id"]]
               for r in mentions if re.findall(r"@(\w+)", r["bio"]))


def test_people_share_names_and_personal_fields_are_sparse_and_varied() -> None:
    records, truth = generate(13, PEOPLE)
    holders = Counter(name for name, _ in {(r["given_name"], truth[r["id"]]) for r in records
                                           if "given_name" in r})
    assert holders.most_common(1)[0][1] >= 8  # one first name, many people
    phones = [r["phone"] for r in records if "phone" in r]
    assert 0 < len(phones) < len(records) / 4
    assert any(p.startswith("+44") for p in phones)
    assert any(p.startswith("07") for p in phones)
    assert any(" " in p for p in phones)
    dobs = [r["dob"] for r in records if "dob" in r]
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dobs)
    assert any("/" in d for d in dobs)
    assert sum("family_name" in r for r in records) < len(records) * 0.6


def test_written_files_read_back_as_the_generated_records(tmp_path: Path) -> None:
    accounts, answers = write(14, tmp_path, PEOPLE)
    assert read(accounts, answers) == generate(14, PEOPLE)
