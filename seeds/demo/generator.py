"""A synthetic world with ground truth, for the demo, the tests and the linking benchmarks.

Suspects run accounts on several platforms, post, get banned and come back; victims and
complainants report the posts to Truevision, each in their own way. The truth files say which
post each referral reports, which raid it belongs to, who is behind every account, and which
account replaced a banned one, so that de-duplication and identity linking can be scored.

Everything follows from the seed: the same seed gives byte-identical files. Big worlds stream:
accounts are written one person at a time (and sorted by id through on-disk buckets, so that
file order says nothing about who owns what), referrals one at a time in arrival order.

    python -m seeds.demo.generator --seed 7 --referrals 10000 --accounts 20000 --out DIR
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import numpy as np

from seeds.demo.synthetic.dice import Dice
from seeds.demo.synthetic.params import Noise
from seeds.demo.synthetic.people import AccountWriter, Author, Population, plan_population
from seeds.demo.synthetic.posts import STRANDS, PostPlan, plan_posts
from seeds.demo.synthetic.referral_styles import draw_referral_style
from seeds.demo.synthetic.referrals import ReferralWriter
from seeds.demo.synthetic.urls import Post, new_post
from seeds.demo.synthetic.wording import post_text, voice_of

Record = dict[str, Any]
ACCOUNTS_PER_REFERRAL = 2
_BUCKET_SIZE = 50_000


@dataclass(slots=True)
class World:
    """A planned world; records are produced on demand (`accounts()`, `referrals()`)."""

    seed: int
    noise: Noise
    population: Population
    plan: PostPlan
    _authors: dict[int, Author] | None = field(default=None, repr=False)
    _posts: list[Post] | None = field(default=None, repr=False)

    @property
    def referral_count(self) -> int:
        return len(self.plan.report_post)

    @property
    def account_count(self) -> int:
        return len(self.population.person_of)

    def account_stream(self) -> Iterator[tuple[Record, Record]]:
        """(account, truth) in the order people were generated: owners come in runs.

        Use `accounts()` or `write_world` for anything a linker will read.
        """
        writer = AccountWriter(self.population, self.seed, self.noise)
        wanted = set(self.plan.author.tolist())
        authors: dict[int, Author] = {}
        for person in range(self.population.persons):
            for index, record, truth, author in writer.person_accounts(person, wanted):
                if author is not None:
                    authors[index] = author
                yield record, truth
        self._authors = authors

    def accounts(self) -> list[tuple[Record, Record]]:
        """Every (account, truth) in memory, sorted by account id; for small worlds."""
        return sorted(self.account_stream(), key=lambda pair: pair[0]["id"])

    def _authors_known(self) -> dict[int, Author]:
        if self._authors is None:
            for _ in self.account_stream():
                pass
        assert self._authors is not None
        return self._authors

    def posts(self) -> list[Post]:
        """Every post with its platform ID and original text, numbered as in the truth."""
        if self._posts is None:
            authors = self._authors_known()
            rng = Dice(f"posts:{self.seed}")
            raid_text: dict[int, str] = {}
            posts = []
            for number, (account, posted, raid) in enumerate(zip(
                    self.plan.author.tolist(), self.plan.posted.tolist(),
                    self.plan.raid.tolist(), strict=True)):
                author = authors[account]
                if raid >= 0 and raid in raid_text:
                    text = raid_text[raid]
                else:
                    text = post_text(voice_of(self.seed, author.person), rng)
                    if raid >= 0:
                        raid_text[raid] = text
                posts.append(new_post(number, author.platform, author.handle, author.numeric_id,
                                      posted, text, rng))
            self._posts = posts
        return self._posts

    def referrals(self) -> Iterator[tuple[Record, Record]]:
        """(referral, truth) in the order Truevision received them."""
        authors = self._authors_known()
        posts = self.posts()
        accounts = self.plan.author.tolist()
        unrelated = sorted({a.handle for a in authors.values() if a.handle})
        writer = ReferralWriter(self.seed, self.noise, unrelated)
        strands = self.plan.strand.tolist()
        raids = self.plan.raid.tolist()
        for number, (post_number, received) in enumerate(zip(
                self.plan.report_post.tolist(), self.plan.report_time.tolist(), strict=True),
                start=1):
            author = authors[accounts[post_number]]
            record = writer.referral(number, posts[post_number], author,
                                     STRANDS[strands[post_number]], received)
            raid = raids[post_number]
            yield record, {"id": record["id"], "content": f"content-{post_number:07d}",
                           "raid": f"raid-{raid:04d}" if raid >= 0 else None,
                           "author_person": f"person-{author.person:07d}"}


def generate_world(seed: int, referrals: int, accounts: int | None = None,
                   noise: Noise | None = None) -> World:
    """Plan a world: who owns which account, which posts exist and when each is reported."""
    if referrals < 0 or (accounts is not None and accounts < 1):
        raise ValueError("referrals must be >= 0 and accounts >= 1")
    noise = noise or Noise()
    rng = np.random.default_rng(seed)
    population = plan_population(accounts or max(20, ACCOUNTS_PER_REFERRAL * referrals), noise,
                                 rng)
    return World(seed, noise, population, plan_posts(referrals, population, rng))


def _dumps(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False)


def _write_accounts(world: World, out_dir: Path) -> None:
    """Accounts sorted by id, through on-disk buckets by id prefix: memory stays flat."""
    buckets = 1 + world.account_count // _BUCKET_SIZE
    with TemporaryDirectory(dir=out_dir, prefix=".accounts-") as scratch:
        paths = [Path(scratch) / f"{n:03d}" for n in range(buckets)]
        files = [path.open("w", encoding="utf-8") for path in paths]
        try:
            for record, truth in world.account_stream():
                bucket = int(record["id"][5:9], 16) * buckets >> 16
                files[bucket].write(f"{_dumps(record)}\t{_dumps(truth)}\n")
        finally:
            for handle in files:
                handle.close()
        with (out_dir / "accounts.jsonl").open("w", encoding="utf-8") as records, \
                (out_dir / "accounts.truth.jsonl").open("w", encoding="utf-8") as truths:
            for path in paths:
                for line in sorted(path.read_text(encoding="utf-8").splitlines()):
                    record_line, truth_line = line.split("\t")
                    records.write(record_line + "\n")
                    truths.write(truth_line + "\n")


def write_world(world: World, out_dir: Path) -> None:
    """referrals.jsonl, accounts.jsonl and their .truth.jsonl files (one line per record)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_accounts(world, out_dir)
    with (out_dir / "referrals.jsonl").open("w", encoding="utf-8") as records, \
            (out_dir / "referrals.truth.jsonl").open("w", encoding="utf-8") as truths:
        for record, truth in world.referrals():
            records.write(_dumps(record) + "\n")
            truths.write(_dumps(truth) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seeds.demo.generator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--accounts", type=int, default=None,
                        help=f"default: {ACCOUNTS_PER_REFERRAL} per referral")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--referral-style", action="store_true",
                        help="draw the reporters' habits from the seed "
                             "(seeds.demo.synthetic.referral_styles); writes referral_style.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    noise = None
    if args.referral_style:
        style = draw_referral_style(args.seed)
        noise = style.noise()
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "referral_style.json").write_text(json.dumps(style.to_dict(), indent=1),
                                                      encoding="utf-8")
    world = generate_world(args.seed, args.referrals, args.accounts, noise)
    write_world(world, args.out)
    print(f"{world.referral_count} referrals about {len(world.plan.author)} posts, "
          f"{world.account_count} accounts of {world.population.persons} people, "
          f"written to {args.out} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
