"""Styled account files: each seed draws its own habits, within the ranges, reproducibly."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from seeds.demo.synthetic.styled import styled_accounts, write_styled
from seeds.demo.synthetic.styles import RANGES, draw_style


def test_each_seed_draws_a_style_within_the_ranges_and_seeds_differ() -> None:
    styles = [draw_style(seed) for seed in range(1, 6)]
    for style in styles:
        for name, (low, high) in RANGES.items():
            assert low <= getattr(style, name) <= high
    assert len({style.keeps_digits for style in styles}) == len(styles)


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    write_styled(7, 200, tmp_path / "one")
    write_styled(7, 200, tmp_path / "two")
    for name in ("accounts.jsonl", "accounts.truth.jsonl", "style.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    style = json.loads((tmp_path / "one" / "style.json").read_text(encoding="utf-8"))
    assert style["keeps_digits"] == draw_style(7).keeps_digits


def test_people_share_first_names_and_number_their_handles() -> None:
    """The handles the linker has to read: many people per first name, most with digits, some
    written with the digits first."""
    _, records, truth = styled_accounts(1, 1500)
    assert {row["id"] for row in truth} == {record["id"] for record in records}
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    people = Counter(row["person"] for row in truth)
    assert 1.5 <= len(records) / len(people) <= 2.6
    handles = [r["handle"] for r in records]
    assert sum(bool(re.search(r"\d", h)) for h in handles) > len(handles) / 2
    assert any(re.match(r"\d+[._]", h) for h in handles)
    owners = {r["id"]: row["person"] for r, row in zip(records, truth, strict=True)}
    daniels = {owners[r["id"]] for r in records if "daniel" in r["handle"].lower()}
    assert len(daniels) > 10
