"""Suspect account linking: each kind of evidence moves the score the right way."""

from __future__ import annotations

from typing import Any

from linking.accounts import (
    THRESHOLD,
    blocking_keys,
    compare,
    link_accounts,
    normalise_account,
    train,
)
from linking.contacts import email_key, phone_key


def population(extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Background accounts: many people, a few sharing contact details, many common names."""
    people = []
    for n in range(400):
        first = ["John", "Mike", "Sarah", "Aisha", "Tom"][n % 5]
        people.append({"id": f"bg{n}a", "platform": "x", "handle": f"user{n}abc",
                       "display_name": f"{first} Smith", "email": f"user{n}@example.org"})
        if n % 2:  # a second account: sometimes a new handle, sometimes only the email kept
            handle = f"user{n}abc_" if n % 4 == 1 else f"alt{n}zz"
            people.append({"id": f"bg{n}b", "platform": "tiktok", "handle": handle,
                           "display_name": f"{first} Smith", "email": f"USER{n}@example.org"})
    return people + extra


def scored(extra: list[dict[str, Any]], left: str, right: str) -> float:
    records = population(extra)
    features = [normalise_account(r) for r in records]
    model = train(features)
    by_id = {f.id: f for f in features}
    return compare(by_id[left], by_id[right], model).probability


def test_contact_identifiers_fold_to_one_form() -> None:
    assert phone_key("+44 7700 900123") == phone_key("07700900123") == "7700900123"
    assert phone_key("0044 (0)7700-900123") == "7700900123"
    assert email_key("Jo.Bloggs@Example.COM") == "jo.bloggs@example.com"


def test_the_same_email_links_despite_different_handles() -> None:
    pair = [{"id": "a", "platform": "x", "handle": "qwerty_zz", "email": "zed@example.org"},
            {"id": "b", "platform": "gab", "handle": "other_name", "email": "ZED@example.org"}]
    assert scored(pair, "a", "b") >= THRESHOLD


def test_a_different_date_of_birth_counts_against() -> None:
    same = [{"id": "a", "handle": "kestrel_9", "given_name": "Ann", "family_name": "Lee",
             "dob": "1990-01-02"},
            {"id": "b", "handle": "kestrel_9x", "given_name": "Ann", "family_name": "Lee",
             "dob": "1990-01-02"}]
    different = [dict(same[0]), {**same[1], "dob": "1971-05-06"}]
    assert scored(different, "a", "b") < scored(same, "a", "b")


def test_a_common_name_alone_does_not_link() -> None:
    pair = [{"id": "a", "platform": "x", "handle": "aaaa1", "display_name": "John Smith"},
            {"id": "b", "platform": "reddit", "handle": "bbbb2", "display_name": "John Smith"}]
    assert scored(pair, "a", "b") < THRESHOLD


def test_a_rare_name_weighs_more_than_a_common_one() -> None:
    rare = [{"id": "a", "handle": "aaaa1", "display_name": "Zebedee Quartermaine"},
            {"id": "b", "handle": "bbbb2", "display_name": "Zebedee Quartermaine"}]
    common = [{"id": "a", "handle": "aaaa1", "display_name": "John Smith"},
              {"id": "b", "handle": "bbbb2", "display_name": "John Smith"}]
    assert scored(rare, "a", "b") > scored(common, "a", "b")


def test_handle_variants_share_a_blocking_key() -> None:
    variants = ["@Mike_Sm1th", "mike.smith", "MIKESMITH", "m1ke5m1th88"]
    keys = [blocking_keys(normalise_account({"id": str(n), "handle": h}))
            for n, h in enumerate(variants)]
    common = set.intersection(*(set(k) for k in keys))
    assert common


def test_a_bio_naming_another_account_is_evidence() -> None:
    pair = [{"id": "a", "platform": "x", "handle": "northern_voice"},
            {"id": "b", "platform": "tiktok", "handle": "nv_backup",
             "bio": "backup acct @northern_voice"}]
    features = [normalise_account(r) for r in pair]
    assert "h:northernvolce" in blocking_keys(features[1])
    records = population(pair)
    model = train([normalise_account(r) for r in records])
    match = compare(features[0], features[1], model)
    assert ("mention", "names the other") in {(e.feature, e.value) for e in match.evidence}


def test_analysts_decisions_bind_the_clustering() -> None:
    pair = [{"id": "a", "platform": "x", "handle": "qwerty_zz", "email": "zed@example.org"},
            {"id": "b", "platform": "gab", "handle": "other_name", "email": "zed@example.org"},
            {"id": "c", "platform": "gab", "handle": "unrelated_c"}]
    records = population(pair)
    assert link_accounts(records).clusters["a"] == link_accounts(records).clusters["b"]
    split = link_accounts(records, cannot_link=[("a", "b")]).clusters
    assert split["a"] != split["b"]
    joined = link_accounts(records, must_link=[("a", "c")]).clusters
    assert joined["a"] == joined["c"]


def test_every_link_carries_its_evidence() -> None:
    linkage = link_accounts(population([]))
    assert linkage.links
    assert all(link.evidence for link in linkage.links)
