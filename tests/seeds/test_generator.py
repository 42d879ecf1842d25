"""The synthetic world: reproducible, coherent, and with ground truth for every record."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from casework.intake.referral import referral_from_record
from seeds.demo.generator import World, generate_world, main, write_world
from seeds.reference.postcodes import force_for_postcode

Record = dict[str, Any]
FILES = ("referrals.jsonl", "referrals.truth.jsonl", "accounts.jsonl", "accounts.truth.jsonl")


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(seed=11, referrals=3000)


@pytest.fixture(scope="module")
def referrals(world: World) -> list[tuple[Record, Record]]:
    return list(world.referrals())


@pytest.fixture(scope="module")
def accounts(world: World) -> list[tuple[Record, Record]]:
    return world.accounts()


def lines(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    write_world(generate_world(5, 400), tmp_path / "one")
    write_world(generate_world(5, 400), tmp_path / "two")
    write_world(generate_world(6, 400), tmp_path / "three")
    for name in FILES:
        first = (tmp_path / "one" / name).read_bytes()
        assert first == (tmp_path / "two" / name).read_bytes(), name
        assert first != (tmp_path / "three" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == sorted(FILES)


def test_truth_files_cover_every_record_line_by_line(tmp_path: Path) -> None:
    write_world(generate_world(3, 300, accounts=900), tmp_path)
    for kind in ("referrals", "accounts"):
        records = [r["id"] for r in lines(tmp_path / f"{kind}.jsonl")]
        truths = [t["id"] for t in lines(tmp_path / f"{kind}.truth.jsonl")]
        assert records == truths
        assert len(set(records)) == len(records)
    assert len(truths) == 900
    assert truths == sorted(truths), "accounts are written in id order, not owner order"


def test_command_line_writes_the_world(tmp_path: Path) -> None:
    assert main(["--seed", "1", "--referrals", "50", "--accounts", "80", "--out",
                 str(tmp_path)]) == 0
    assert sum(1 for _ in lines(tmp_path / "referrals.jsonl")) == 50
    assert sum(1 for _ in lines(tmp_path / "accounts.jsonl")) == 80


def test_every_referral_passes_intake_validation(referrals: list[tuple[Record, Record]]) -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    for record, _ in referrals:
        referral_from_record(record, now)


def test_referrals_arrive_in_order_with_sequential_references(
        referrals: list[tuple[Record, Record]]) -> None:
    received = [r["received_at"] for r, _ in referrals]
    assert received == sorted(received)
    assert [r["id"] for r, _ in referrals[:2]] == ["TV-2026-0000001", "TV-2026-0000002"]


def test_every_victim_and_complainant_postcode_resolves_to_a_force(
        referrals: list[tuple[Record, Record]]) -> None:
    postcodes = [party["postcode"] for record, _ in referrals
                 for party in (record.get("victim"), record.get("complainant"))
                 if party and "postcode" in party]
    assert len(postcodes) > len(referrals) * 0.7
    forces: Counter[str] = Counter()
    for postcode in postcodes:
        found = force_for_postcode(postcode)
        assert found is not None, postcode
        forces[found.force_code] += 1
    assert forces["police-scotland"]
    assert forces["northern-ireland"]


def test_about_a_quarter_of_referrals_have_no_url(referrals: list[tuple[Record, Record]]) -> None:
    without = sum(1 for r, _ in referrals if not r.get("content_urls")) / len(referrals)
    assert 0.2 <= without <= 0.35
    complainants = sum(1 for r, _ in referrals if "complainant" in r) / len(referrals)
    assert 0.25 <= complainants <= 0.35


def test_raids_share_text_but_not_content(world: World,
                                          referrals: list[tuple[Record, Record]]) -> None:
    posts = world.posts()
    raids: dict[str, set[str]] = defaultdict(set)
    authors: dict[str, set[str]] = defaultdict(set)
    for _, truth in referrals:
        if truth["raid"]:
            raids[truth["raid"]].add(truth["content"])
            authors[truth["raid"]].add(truth["author_person"])
    assert raids
    for raid, contents in raids.items():
        assert len(contents) >= 2
        assert len(authors[raid]) == len(contents), "one post per person in a raid"
        texts = {posts[int(content.split("-")[1])].text for content in contents}
        assert len(texts) == 1, raid
        times = [posts[int(content.split("-")[1])].posted for content in contents]
        assert max(times) - min(times) <= 3600


def test_reports_per_post_are_long_tailed(referrals: list[tuple[Record, Record]]) -> None:
    per_post = Counter(truth["content"] for _, truth in referrals)
    counts = sorted(per_post.values())
    assert counts[len(counts) // 2] <= 2
    assert counts[-1] >= 30


def test_a_big_world_has_a_post_with_over_a_thousand_reports() -> None:
    # Planning is cheap: no record is generated until asked for.
    assert int(generate_world(7, 100_000).plan.reports.max()) > 1000


def test_reports_spike_day_on_day(referrals: list[tuple[Record, Record]]) -> None:
    per_day = Counter(record["received_at"][:10] for record, _ in referrals)
    assert max(per_day.values()) >= 5 * statistics.median(per_day.values())


def test_pasted_urls_keep_case_sensitive_ids_intact(
        world: World, referrals: list[tuple[Record, Record]]) -> None:
    posts = world.posts()
    checked = 0
    for record, truth in referrals:
        post = posts[int(truth["content"].split("-")[1])]
        if post.platform in ("instagram", "youtube", "threads") and "content_urls" in record:
            for url in record["content_urls"]:
                assert post.ident in url, (post.ident, url)
                checked += 1
    assert checked > 50


def test_unresolvable_short_links_are_fixed_per_post(
        world: World, referrals: list[tuple[Record, Record]]) -> None:
    codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    short = re.compile(r"(t\.co|vm\.tiktok\.com|fb\.watch)/([A-Za-z0-9]+)", re.IGNORECASE)
    for record, truth in referrals:
        for url in record.get("content_urls", []):
            match = short.search(url)
            if match:
                codes[(truth["content"], match.group(1).lower())].add(match.group(2))
    assert codes
    assert all(len(found) == 1 for found in codes.values())


def test_handles_are_unique_per_platform(accounts: list[tuple[Record, Record]]) -> None:
    seen = Counter((a["platform"], a["handle"].lower()) for a, _ in accounts if "handle" in a)
    assert max(seen.values()) == 1


def test_handles_follow_platform_rules(accounts: list[tuple[Record, Record]]) -> None:
    rules = {"x": r"[A-Za-z0-9_]{4,15}", "bluesky": r"[a-z0-9\-]{3,18}\.bsky\.social",
             "telegram": r"[A-Za-z0-9_]{5,32}", "discord": r"[a-z0-9_.]{2,32}"}
    for account, _ in accounts:
        rule = rules.get(account["platform"])
        if rule:
            assert re.fullmatch(rule, account["handle"]), account
        if account["platform"] == "whatsapp":
            assert "handle" not in account


def test_people_run_one_to_five_accounts_and_share_names(
        accounts: list[tuple[Record, Record]]) -> None:
    per_person = Counter(truth["person"] for _, truth in accounts)
    assert set(per_person.values()) == {1, 2, 3, 4, 5}
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for account, truth in accounts:
        if "family_name" in account:
            owners[(account["given_name"], account["family_name"].title())].add(truth["person"])
    assert any(len(people) > 1 for people in owners.values()), "common names are shared"


def test_comebacks_replace_a_banned_account_of_the_same_person(
        accounts: list[tuple[Record, Record]]) -> None:
    by_id = {account["id"]: (account, truth) for account, truth in accounts}
    comebacks = [(a, t) for a, t in accounts if t["returned_from"]]
    assert comebacks
    for account, truth in comebacks:
        old_account, old_truth = by_id[truth["returned_from"]]
        assert old_truth["banned"]
        assert old_truth["person"] == truth["person"]
        assert old_account["platform"] == account["platform"]
        if "handle" in old_account:
            assert old_account["handle"] != account.get("handle")


def test_contact_details_are_fictional(accounts: list[tuple[Record, Record]],
                                       referrals: list[tuple[Record, Record]]) -> None:
    parties = [p for r, _ in referrals for p in (r.get("victim"), r.get("complainant")) if p]
    emails = [a["email"] for a, _ in accounts if "email" in a] + \
        [p["email"] for p in parties if "email" in p]
    phones = [a["phone"] for a, _ in accounts if "phone" in a] + \
        [p["phone"] for p in parties if "phone" in p]
    assert emails
    assert phones
    assert all(e.lower().endswith(("@example.com", "@example.org", "@example.net"))
               for e in emails)
    drama = re.compile(r"^0(7700900|1[1-6][1-8]4960|2079460|1914980|2920180|1632960)\d{3}$")
    for phone in phones:
        national = re.sub(r"[^0-9]", "", phone)
        national = "0" + national.removeprefix("0044").removeprefix("44").removeprefix("0")
        assert drama.match(national), phone
