"""Suspect account linking: each kind of evidence moves the score the right way."""

from __future__ import annotations

import json
import random
from itertools import combinations
from typing import Any

import pytest

from linking.accounts import (
    BLOCK_CAP,
    THRESHOLD,
    AccountModel,
    _block_pairs,
    _Columns,
    blocking_keys,
    compare,
    link_accounts,
    normalise_account,
    train,
)
from linking.evidence import probability_from_weight

Record = dict[str, Any]


# A few very common names and handle words, and many rarer ones.
FIRST = ["John", "Mike", "Sarah", "Aisha", "Tom", "Priya", "Gareth", "Zofia", "Kwame", "Eilidh",
         "Oluwaseun", "Siobhan", "Dariusz", "Anjali", "Callum", "Ffion", "Tariq", "Ngozi"]
LAST = ["Smith", "Jones", "Khan", "Patel", "Evans", "Nowak", "Mensah", "Campbell", "Brown",
        "Okonkwo", "Fitzgerald", "Wiśniewski", "MacLeod", "Abernethy", "Chaudhry"]
WORDS = ["proud", "angry", "northern", "quiet", "lone", "free", "true", "urban", "plain",
         "salty", "grumpy", "honest", "rural", "tired", "loud"]
THINGS = ["patriot", "lad", "observer", "punter", "voice", "gaffer", "walker", "sparky",
          "cabbie", "brummie", "geordie", "nan", "builder", "trucker"]


def person(n: int, rng: random.Random) -> list[Record]:
    """One person's accounts, each showing some of what the person is: the ways people vary
    their handles and what platforms disclose, drawn at random."""
    first = rng.choice(FIRST[:3] if rng.random() < 0.3 else FIRST)
    last = rng.choice(LAST[:2] if rng.random() < 0.3 else LAST)
    if rng.random() < 0.5:
        handle = f"{rng.choice(WORDS)}_{rng.choice(THINGS)}"
    else:
        handle = rng.choice([f"{first}{last}", f"{first[0]}{last}", f"{first}_{last[0]}"])
    email = f"{first}.{last}{n}@example.org".lower()
    phone = f"07700 9{n:05d}"
    dob = f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    accounts: list[Record] = []
    for k in range(rng.choice([1, 1, 2, 2, 3])):
        variant = handle + rng.choice(["", str(rng.randint(1, 99)), "_uk", "x"])
        record: Record = {"id": f"p{n}a{k}", "platform": rng.choice(["x", "tiktok", "gab"]),
                          "handle": variant.replace("a", rng.choice(["a", "4"]), 1)}
        if rng.random() < 0.6:
            record["display_name"] = rng.choice([f"{first} {last}", first, f"{first} {last[0]}"])
        if rng.random() < 0.4:
            record["email"] = email.upper() if rng.random() < 0.5 else email
        if rng.random() < 0.3:
            record["phone"] = rng.choice([phone, "+44 " + phone[1:]])
        if rng.random() < 0.2:
            record.update(given_name=first, family_name=last, dob=dob)
        if k and rng.random() < 0.2:
            record["bio"] = f"backup of @{accounts[0]['handle']}"
        accounts.append(record)
    return accounts


def population(extra: list[Record], people: int = 700) -> list[Record]:
    rng = random.Random(7)
    return [r for n in range(people) for r in person(n, rng)] + extra


@pytest.fixture(scope="module")
def model() -> AccountModel:
    return train([normalise_account(r) for r in population([])])


def score(model: AccountModel, left: Record, right: Record) -> float:
    return compare(normalise_account(left), normalise_account(right), model).probability


def test_the_same_email_links_despite_different_handles(model: AccountModel) -> None:
    assert score(model, {"id": "a", "platform": "x", "handle": "qwerty_zz",
                         "email": "zed@example.org"},
                 {"id": "b", "platform": "gab", "handle": "other_name",
                  "email": "ZED@example.org "}) >= THRESHOLD


def test_one_phone_written_two_ways_links(model: AccountModel) -> None:
    left = {"id": "a", "handle": "qwerty_zz", "phone": "+44 7700 900123"}
    assert score(model, left, {"id": "b", "handle": "asdfgh", "phone": "07700900123"}) > score(
        model, left, {"id": "b", "handle": "asdfgh", "phone": "07700900999"})


def test_a_different_date_of_birth_counts_against(model: AccountModel) -> None:
    left = {"id": "a", "handle": "kestrel_9", "given_name": "Ann", "family_name": "Lee",
            "dob": "1990-01-02"}
    same = score(model, left, {**left, "id": "b", "handle": "kestrel_9x", "dob": "02/01/1990"})
    different = score(model, left, {**left, "id": "b", "handle": "kestrel_9x",
                                    "dob": "1971-05-06"})
    assert different < same
    match = compare(normalise_account(left), normalise_account(
        {**left, "id": "b", "dob": "1971-05-06"}), model)
    assert {(e.feature, e.value) for e in match.evidence if e.weight < 0} >= {
        ("date of birth", "different")}


def test_a_common_name_alone_does_not_link(model: AccountModel) -> None:
    assert score(model, {"id": "a", "platform": "x", "handle": "aaaa1",
                         "display_name": "John Smith"},
                 {"id": "b", "platform": "reddit", "handle": "bbbb2",
                  "display_name": "John Smith"}) < THRESHOLD


def test_a_rare_name_weighs_more_than_a_common_one(model: AccountModel) -> None:
    def named(name: str) -> float:
        return score(model, {"id": "a", "handle": "aaaa1", "display_name": name},
                     {"id": "b", "handle": "bbbb2", "display_name": name})

    assert named("Zebedee Quartermaine") > named("John Smith")


def test_a_look_alike_handle_counts_for(model: AccountModel) -> None:
    left = {"id": "a", "platform": "x", "handle": "Proud_Patriot"}
    assert score(model, left, {"id": "b", "platform": "gab", "handle": "Pr0ud_P4tri0t_88"}) > (
        score(model, left, {"id": "b", "platform": "gab", "handle": "quiet_kestrel"}))


@pytest.mark.parametrize("variant", ["@Mike_Sm1th", "mike.smith", "MIKESMITH", "m1ke5m1th88",
                                     "real_mike_smith_tv", "MikeSmit"])
def test_handle_variants_are_found_by_blocking(variant: str) -> None:
    records = population([{"id": "a", "handle": "mike_smith"}, {"id": "b", "handle": variant}])
    columns = _Columns(normalise_account(r) for r in records)
    at = {name: i for i, name in enumerate(columns.ids)}
    found = {tuple(p) for p in _block_pairs(columns).tolist()}
    assert tuple(sorted((at["a"], at["b"]))) in found


def test_batch_blocking_finds_exactly_the_pairs_the_stored_keys_find() -> None:
    records = population([{"id": "z1", "handle": "LDean1979", "email": "ld@example.org"},
                          {"id": "z2", "display_name": "Lisa Dean", "dob": "1979-06-09"},
                          {"id": "z3", "given_name": "Lisa", "family_name": "Dean",
                           "dob": "09/06/1979", "bio": "also @LDean_79"}])
    features = [normalise_account(r) for r in records]
    keys = [blocking_keys(f) for f in features]
    holders: dict[str, list[int]] = {}
    for index, owned in enumerate(keys):
        for key in owned:
            holders.setdefault(key, []).append(index)
    expected = {frozenset((features[a].id, features[b].id)) for members in holders.values()
                if len(members) <= BLOCK_CAP for a, b in combinations(members, 2)}
    columns = _Columns(features)
    found = {frozenset((columns.ids[a], columns.ids[b]))
             for a, b in _block_pairs(columns).tolist()}
    assert found == expected


def test_a_bio_naming_another_account_is_evidence(model: AccountModel) -> None:
    left = normalise_account({"id": "a", "platform": "x", "handle": "northern_voice"})
    right = normalise_account({"id": "b", "platform": "tiktok", "handle": "nv_backup",
                               "bio": "backup acct @northern_voice"})
    assert "h:northernvolce" in blocking_keys(right)
    match = compare(left, right, model)
    assert ("bio", "names the other account") in {(e.feature, e.value) for e in match.evidence}
    silent = normalise_account({"id": "b", "platform": "tiktok", "handle": "nv_backup"})
    assert match.probability > compare(left, silent, model).probability


def test_every_link_carries_its_evidence_and_adds_up() -> None:
    linkage = link_accounts(population([]))
    assert linkage.links
    for link in linkage.links:
        assert link.evidence
        assert linkage.clusters[link.left] == linkage.clusters[link.right]
        assert link.probability == pytest.approx(probability_from_weight(link.weight), abs=1e-3)


def test_cluster_ids_are_the_smallest_account_id_and_stable() -> None:
    records = population([])
    first, second = link_accounts(records).clusters, link_accounts(records[::-1]).clusters
    assert first == second
    assert all(cluster == min(a for a, c in first.items() if c == cluster)
               for cluster in set(first.values()))


def test_analysts_decisions_bind_the_clustering_and_survive_relinking() -> None:
    pair = [{"id": "a", "platform": "x", "handle": "qwerty_zz", "email": "zed@example.org"},
            {"id": "b", "platform": "gab", "handle": "other_name", "email": "zed@example.org"},
            {"id": "c", "platform": "gab", "handle": "unrelated_c"}]
    records = population(pair)
    plain = link_accounts(records)
    assert plain.clusters["a"] == plain.clusters["b"] != plain.clusters["c"]
    decided = link_accounts(records, must_link=[("a", "c")], cannot_link=[("a", "b")])
    assert decided.clusters["a"] == decided.clusters["c"] != decided.clusters["b"]
    stored = AccountModel.from_dict(json.loads(json.dumps(decided.model.to_dict())))
    again = link_accounts(records, model=stored, must_link=[("a", "c")],
                          cannot_link=[("a", "b")])
    assert again.clusters["a"] == again.clusters["c"] != again.clusters["b"]


def test_analysts_confirmations_teach_the_model() -> None:
    """Confirmed pairs that share little but a full name make a shared name weigh more."""
    records = population([])
    features = [normalise_account(r) for r in records]
    by_name: dict[str, list[str]] = {}
    for f in features:
        if f.name and " " in f.name:
            by_name.setdefault(f.name, []).append(f.id)
    confirmed = [(ids[0], other, True) for ids in by_name.values() for other in ids[1:]]
    plain, taught = train(features), train(features, labelled=confirmed)
    assert taught.weights()["name"][-1] > plain.weights()["name"][-1]
