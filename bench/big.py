"""Big graphs, imported offline: networks and intake with a million accounts and referrals stored.

Loading millions of referrals through intake, one transaction each, would take hours; loading
them with UNWIND batches (graph/bulk.py) half an hour per million. Here a generated world is
written as CSV in the shape intake and identity linking leave (cases, reports with their
`PART_OF` keys, block keys with their recent lists, the relations between cases their intake
would have written, victims and complainants, content, accounts with their linking keys,
suspects, same-person links) and loaded with Neo4j's offline importer
(`neo4j-admin database import full`, from the same Maven jars), then migrated as the app would.
The imported store is kept under var/bench-big-cache, named by the arguments (the same seed
gives the same world), and each run serves a copy of it: writing and importing 2M referrals
takes from ten minutes on a quiet machine to hours on a busy one.
Cases are the generator's true posts and suspects its true persons (a perfect linker), so the
graph has the fan-out the real one would.

Two measurements, each against a baseline in the same run:
- `network(around: <suspect>, depth: 3, first: 200)` through the GraphQL stack in process, for
  random suspects, beside depth 1 and 2;
- `submitReport` (casework intake) at 1, 8 and 32 clients on the big graph and on a small one
  holding the last `--small` of the same referrals, beside the same writes without linking.
  Both servers run side by side and take the same fresh referrals, level by level, so the two
  graphs differ only in how much they hold.

    .venv/bin/python -m bench.big --referrals 2000000 --accounts 1000000 --small 10000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import csv
import io
import itertools
import logging
import multiprocessing
import os
import pickle
import random
import shutil
import statistics
import subprocess
import time
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import SecretStr
from strawberry import relay

from api.app import create_app
from api.auth import mint_development_token
from bench.intake import CLIENT, LEVELS, block_key, p99, plain_intake, summary, timed
from bench.load import API_SETTINGS, free_port
from bench.profile import hot_frames, hot_functions, recording
from casework.access import Role
from casework.identity.service import account_id, account_keys
from casework.intake.referral import Party, referral_from_record
from casework.intake.service import party_key, plan_intake, related_cases, submit_referral
from casework.network.analysis import NetworkEdge, analyse
from casework.statistics.trends import percentile
from graph.driver import Graph, create_driver
from graph.migrations import migrate
from graph.network import neighbourhood
from graph.settings import PROJECT_ROOT, Neo4jSettings
from linking.normalise.handles import handle_key
from linking.referrals import (
    BANDS_ALONE,
    ReferralFeatures,
    blocking_keys,
    collector_paused,
    lookup_keys,
    normalise_referral,
    post_keys,
    post_of,
    remembered,
)
from linking.urls import canonical_content
from seeds.demo.generator import generate_world
from seeds.reference.load import load_reference_data
from seeds.reference.postcodes import force_for_postcode
from servers.neo4j import LocalServer, fetch_jars

PASSWORD = "bench-big-password"
T = TypeVar("T")
ARRAY = "¦"
# Page cache for the large graph: its store (7.6 GiB for 2M referrals) must fit, as Neo4j's
# sizing guidance has it for a production server; one that does not fit reads from disk.
PAGE_CACHE = "10g"
# Linked referrals are timed in ROUNDS rounds of SAMPLES per level and graph (p99 is then the
# tenth slowest of a thousand), plain ones in one round.
ROUNDS = 4
SAMPLES = 250
FRESH = (ROUNDS + 1) * SAMPLES * len(LEVELS) + 40
NETWORK_ROUNDS = 300

NETWORK = """query($id: ID!, $depth: Int!) { network(around: $id, depth: $depth, first: 200) {
  truncated nodes { id kind degree pagerank community } edges { source target kind } } }"""


def _cells(values: tuple[Any, ...]) -> list[Any]:
    return [ARRAY.join(v) if isinstance(v, list | tuple) else ("" if v is None else v)
            for v in values]


class _Line:
    """A CSV row as text, formatted as `Csv.row` writes it: worker processes format the rows
    of their share of the world, and the writing process writes them as they are."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def __call__(self, *values: Any) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(_cells(values))
        return self._buffer.getvalue()


_line = _Line()


class Csv:
    """One CSV file per node label or relationship type, with its neo4j-admin header."""

    def __init__(self, folder: Path, name: str, header: list[str]) -> None:
        self.path = folder / f"{name}.csv"
        self._file = self.path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(header)

    def row(self, *values: Any) -> None:
        self._writer.writerow(_cells(values))

    def strings(self, *values: str) -> None:
        """A row of strings alone (most rows: ids and keys), without `row`'s conversions."""
        self._writer.writerow(values)

    def line(self, text: str) -> None:
        """A row formatted by `_line`."""
        self._file.write(text)

    def close(self) -> None:
        self._file.close()


def _iso(value: str) -> str:
    return value.replace("Z", "+00:00")


# One CSV file per node label and relationship type: (file name, neo4j-admin header).
_FILES: dict[str, tuple[str, list[str]]] = {
    "Case": ("case", ["reference:ID(Case)", "id", "status", "openedAt:datetime", "priority",
                      "force", "strands:string[]", ":LABEL"]),
    "Report": ("report", ["truevisionRef:ID(Report)", "id", "receivedAt:datetime",
                          "contentUrls:string[]", "contentText", "platformAsTyped", "platform",
                          "suspectHandles:string[]", "strands:string[]", "status", ":LABEL"]),
    "Person": ("person", ["id:ID(Person)", "name", "postcode", "partyKey", ":LABEL"]),
    "Account": ("account", ["id:ID(Account)", "platform", "handle", "handleKey", "displayName",
                            "email", "recordId", ":LABEL"]),
    "AccountKey": ("account_key", ["key:ID(AccountKey)", ":LABEL"]),
    "BlockKey": ("block_key", ["key:ID(BlockKey)", "recent:string[]", "posts:string[]",
                               ":LABEL"]),
    "Content": ("content", ["key:ID(Content)", "platform", "url", "kind", ":LABEL"]),
    "PART_OF": ("part_of", [":START_ID(Report)", ":END_ID(Case)", "caseRef",
                            "receivedAt:datetime", "reportRef", "at:datetime", "method",
                            ":TYPE"]),
    "PARTY": ("party", [":START_ID(Report)", ":END_ID(Person)", ":TYPE"]),
    "NAMES": ("names", [":START_ID(Report)", ":END_ID(Account)", ":TYPE"]),
    "KEYED": ("keyed", [":START_ID(Account)", ":END_ID(AccountKey)", ":TYPE"]),
    "CONCERNS": ("concerns", [":START_ID(Report)", ":END_ID(Content)", ":TYPE"]),
    "ATTRIBUTED_TO": ("attributed", [":START_ID(Account)", ":END_ID(Person)",
                                     "probability:float", ":TYPE"]),
    "SAME_PERSON_AS": ("same_person", [":START_ID(Account)", ":END_ID(Account)",
                                       "probability:float", "status", "method", "evidence",
                                       ":TYPE"]),
    "RELATED_TO": ("related", [":START_ID(Case)", ":END_ID(Case)", "kind", "at:datetime", "via",
                               ":TYPE"]),
}


# An account as a worker prepared it: its id, its Account row, its linking keys.
Account = tuple[str, str, list[str]]


def _account(record: dict[str, Any]) -> Account:
    key = account_id(record.get("platform"), str(record.get("handle") or record["id"]))
    handle = record.get("handle") or ""
    return key, _line(key, record.get("platform"), handle, handle_key(handle),
                      record.get("display_name"), record.get("email"), record.get("id"),
                      "Account"), account_keys({**record, "id": key})


def _accounts(records: list[dict[str, Any]]) -> list[Account]:
    return [_account(record) for record in records]


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a referral's rows need that depends on the referral alone, worked out in a worker
    process: its features (and as a later referral's candidate, without bands), its Report
    row, its victim's Person row, the force its postcode is in, the accounts it names and the
    contents it concerns (key and Content row)."""

    features: ReferralFeatures
    compared: ReferralFeatures
    report: str
    victim: str | None
    force: str
    named: list[Account]
    contents: list[tuple[str, str]]


def _prepared(record: dict[str, Any]) -> Prepared:
    ref, features = record["id"], normalise_referral(record)
    victim = record.get("victim") or {}
    located = force_for_postcode(victim.get("postcode") or "")
    contents = [(content.key, _line(content.key, content.platform, url, content.kind,
                                    "Content"))
                for url in record.get("content_urls") or []
                if (content := canonical_content(url)) is not None]
    return Prepared(
        features=features, compared=replace(features, bands=frozenset()),
        report=_line(ref, ref, _iso(record["received_at"]), record.get("content_urls") or [],
                     record.get("content_text"), record.get("platform"), features.platform,
                     record.get("suspect_handles") or [], [], "RECEIVED", "Report"),
        victim=_line(f"V-{ref}", victim.get("name"), victim.get("postcode"),
                     party_key(Party(name=victim.get("name"), postcode=victim.get("postcode"),
                                     email=victim.get("email"), phone=None)),
                     ARRAY.join(("Person", "Victim", "Complainant"))) if victim else None,
        force=located.force_code if located else "HUB",
        named=[_account({"id": ref, "platform": features.platform, "handle": handle})
               for handle in record.get("suspect_handles") or [] if handle_key(handle)],
        contents=contents)


def _referrals(records: list[dict[str, Any]]) -> list[Prepared]:
    return [_prepared(record) for record in records]


# The CSV files of one graph, node files and relationship files, for the importer.
Files = dict[str, list[str]]


class Target:
    """The CSV files of one graph to import, and the state needed to write them in one pass."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, Csv] = {
            name: Csv(folder, file, header) for name, (file, header) in _FILES.items()}
        self._accounts: set[str] = set()
        self._keys: set[str] = set()
        self._persons: dict[str, list[str]] = defaultdict(list)
        self._cases: dict[str, str] = {}
        self._recent: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._stored: dict[str, tuple[str, ReferralFeatures]] = {}
        self._related: set[tuple[frozenset[str], str]] = set()
        self._contents: set[str] = set()
        self.suspects: list[str] = []

    def account(self, account: Account, person: str | None) -> str:
        key, line, keys = account
        if key in self._accounts:
            return key
        self._accounts.add(key)
        self.files["Account"].line(line)
        for linking_key in keys:
            if linking_key not in self._keys:
                self._keys.add(linking_key)
                self.files["AccountKey"].strings(linking_key, "AccountKey")
            self.files["KEYED"].strings(key, linking_key, "KEYED")
        if person:
            self._persons[person].append(key)
        return key

    def referral(self, record: dict[str, Any], truth: dict[str, Any], ready: Prepared) -> None:
        """Write a referral as intake leaves it, from what a worker prepared of it."""
        files, ref, features = self.files, record["id"], ready.features
        received = _iso(record["received_at"])
        case = self._cases.get(truth["content"])
        if case is None:
            case = self._cases[truth["content"]] = f"HUB-BIG-{len(self._cases) + 1:07d}"
            files["Case"].row(case, case, "RECEIVED", received, "NORMAL", ready.force, [],
                              "Case")
        files["Report"].line(ready.report)
        files["PART_OF"].strings(ref, case, case, received, ref, received, "BULK", "PART_OF")
        if ready.victim:
            files["Person"].line(ready.victim)
            files["PARTY"].strings(ref, f"V-{ref}", "AGAINST")
            files["PARTY"].strings(ref, f"V-{ref}", "REPORTED_BY")
        for account in ready.named:
            files["NAMES"].strings(ref, self.account(account, truth.get("author_person")),
                                  "NAMES")
        for key, content in ready.contents:
            if key not in self._contents:
                self._contents.add(key)
                files["Content"].line(content)
            files["CONCERNS"].strings(ref, key, "CONCERNS")
        self._relate(features, case, received)
        self._stored[ref] = (case, ready.compared)
        post = post_of(features)
        for block in blocking_keys(features):
            self._recent[block] = remembered(block, self._recent[block], ref, post)

    def _relate(self, features: ReferralFeatures, case: str, received: str) -> None:
        """The relations intake would write for this referral, as `graph.intake` reads its
        candidates (every report its post keys hold, and those met in `BANDS_ALONE` of its text
        bands) and `casework.intake.related_cases` relates them: a graph holding referrals intake
        took in holds the relations they brought, which later referrals then find written."""
        posts = post_keys(features)
        candidates = [ref for key in sorted(posts) for ref, _ in self._recent.get(key, ())]
        bands = Counter(ref for key in lookup_keys(features) - posts
                        for ref, _ in self._recent.get(key, ()))
        candidates += [ref for ref, met in bands.items() if met >= BANDS_ALONE]
        reports = [self._stored[ref] for ref in dict.fromkeys(candidates)]
        for rel in related_cases(features, reports, case):
            if (pair := (frozenset((case, rel["case"])), rel["kind"])) not in self._related:
                self._related.add(pair)
                self.files["RELATED_TO"].row(case, rel["case"], rel["kind"], received,
                                             rel["report"], "RELATED_TO")

    def finish(self) -> Files:
        """Close the files and return them per kind, for the importer; `suspects` are then the
        suspects' ids."""
        files = self.files
        for key, held in self._recent.items():
            block = block_key(key, held)
            files["BlockKey"].strings(key, ARRAY.join(block.recent), ARRAY.join(block.posts or ()),
                                      "BlockKey")
        for person, members in self._persons.items():
            suspect = f"S-{person}"
            self.suspects.append(suspect)
            files["Person"].row(suspect, None, None, None, ARRAY.join(("Person", "Suspect")))
            members = sorted(set(members))
            for member in members:
                files["ATTRIBUTED_TO"].row(member, suspect, 0.97, "ATTRIBUTED_TO")
            for low, high in itertools.pairwise(members):
                files["SAME_PERSON_AS"].row(low, high, 0.97, "SUGGESTED", "LINKER", "[]",
                                            "SAME_PERSON_AS")
        for file in files.values():
            file.close()
        return {"nodes": [str(files[k].path) for k in _FILES if not k.isupper()],
                 "relationships": [str(files[k].path) for k in _FILES if k.isupper()]}


# Records handed to a worker at a time, and chunks in flight beyond the one being written.
CHUNK = 500
AHEAD = 6


def _in_workers(pool: ProcessPoolExecutor, work: Callable[[list[dict[str, Any]]], list[T]],
                pairs: Iterator[tuple[dict[str, Any], dict[str, Any]]]
                ) -> Iterator[tuple[dict[str, Any], dict[str, Any], T]]:
    """(record, truth, `work` of the record) in the order of `pairs`, `work` done in `pool`'s
    processes a few chunks ahead, so that neither records nor results pile up."""
    pending: deque[tuple[list[tuple[dict[str, Any], dict[str, Any]]], Future[list[T]]]] = deque()

    def done() -> Iterator[tuple[dict[str, Any], dict[str, Any], T]]:
        chunk, future = pending.popleft()
        for (record, truth), result in zip(chunk, future.result(), strict=True):
            yield record, truth, result

    while chunk := list(itertools.islice(pairs, CHUNK)):
        pending.append((chunk, pool.submit(work, [record for record, _ in chunk])))
        if len(pending) > AHEAD:
            yield from done()
    while pending:
        yield from done()


def write_worlds(large: Path, small: Path, referrals: int, accounts: int, kept: int, seed: int
                 ) -> tuple[Files, Files, list[str], list[dict[str, Any]]]:
    """The CSV files of two graphs of one generated world, in one pass: the large one holds
    `referrals` and every account, the small one the last `kept` of those referrals and the
    accounts they name. Returns both graphs' files, the large one's suspects, and the fresh
    referrals that follow both.

    Run in a process of its own (`main`): writing keeps every referral's features, gigabytes
    that the measuring process would otherwise hold beside two servers' page caches. The world
    is generated and the graphs' state kept in this process, one record after another as the
    seed has them; what depends on one record alone (its features, keys and most of its rows,
    about half the work) is done in worker processes, one per core."""
    world = generate_world(seed=seed, referrals=referrals + FRESH, accounts=accounts)
    big, few = Target(large), Target(small)
    with collector_paused(), ProcessPoolExecutor(
            os.cpu_count(), mp_context=multiprocessing.get_context("spawn")) as pool:
        for _, truth, account in _in_workers(pool, _accounts, iter(world.accounts())):
            big.account(account, truth.get("person"))
        stream = world.referrals()
        for n, (record, truth, ready) in enumerate(
                _in_workers(pool, _referrals, itertools.islice(stream, referrals))):
            big.referral(record, truth, ready)
            if n >= referrals - kept:
                few.referral(record, truth, ready)
        fresh = [record for record, _ in stream]
    large_files, small_files = big.finish(), few.finish()
    return large_files, small_files, big.suspects, fresh


def offline_import(home: Path, files: Files) -> float:
    """neo4j-admin database import full, into `home`'s (empty) data folder."""
    lib = fetch_jars()
    conf = LocalServer(home=home, bolt_port=0, password=PASSWORD).write_conf()
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    started = time.perf_counter()
    result = subprocess.run(
        ["nice", "-n", str(NICE), "java", "-Xmx4g", "-cp", f"{lib}/*",
         "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j",
         "--overwrite-destination=true", f"--array-delimiter={ARRAY}",
         f"--report-file={home / 'import.report'}",
         "--multiline-fields=true", "--skip-duplicate-nodes=true",
         "--skip-bad-relationships=true", "--bad-tolerance=100000000",
         *[f"--nodes={path}" for path in files["nodes"]],
         *[f"--relationships={path}" for path in files["relationships"]]],
        env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stdout[-3000:] + result.stderr[-3000:])
    return time.perf_counter() - started


# Imported worlds are kept here, one folder per world, so that a second bench on the same world
# starts from its store instead of writing and importing it again (an hour for 2M under load).
# `rm -r var/bench-big-cache` frees the disk.
CACHE = PROJECT_ROOT / "var" / "bench-big-cache"
# Part of every cached world's name: bump it when what `Target` writes changes, so that no
# bench reads a world written by other code.
WORLD_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Imported:
    """A generated world imported offline: each graph's store (a Neo4j data folder, copied for
    each run, never started in place), the large graph's suspects and the fresh referrals that
    follow every stored one."""

    stores: dict[str, Path]
    suspects: list[str]
    fresh: list[dict[str, Any]]


# Writing and importing a world takes minutes of both cores; on a machine shared with others'
# work it yields to theirs (the servers measured later run at normal priority).
NICE = 10


@contextlib.contextmanager
def _hash_seed() -> Iterator[None]:
    """Processes started inside hash strings with one fixed seed. Sets of strings iterate in an
    order each process draws at start, and the writer follows set order in places (which
    report a relation names as the one it was found through): with the seed fixed, the same
    arguments write the same files byte for byte."""
    before = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = before


def _niced(work: Callable[..., T], *arguments: Any) -> T:
    os.nice(NICE)
    return work(*arguments)


async def imported_world(referrals: int, accounts: int, kept: int, seed: int) -> Imported:
    """The world of these arguments imported into a large graph and, if `kept`, a small one
    holding its last `kept` referrals: from the cache, or written and imported into it. The same
    arguments give the same world, so the cache is keyed by them alone."""
    folder = CACHE / f"r{referrals}-a{accounts}-k{kept}-s{seed}-f{WORLD_FORMAT}"
    names = ("large", "small") if kept else ("large",)
    described = folder / "world.pickle"  # written last: a world without it is incomplete
    if described.exists():
        print(f"world reused from {folder}", flush=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        written = folder / "csv"
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
            with _hash_seed():  # the writer process starts in run_in_executor, not later
                writing = asyncio.get_running_loop().run_in_executor(
                    child, _niced, write_worlds, written / "large", written / "small",
                    referrals, accounts, kept, seed)
            large, small, suspects, fresh = await writing
        print(f"CSV written in {time.perf_counter() - started:.0f} s", flush=True)
        for name, files in zip(names, (large, small), strict=False):
            took = await asyncio.to_thread(offline_import, folder / name, files)
            started = time.perf_counter()
            await _migrated(folder / name)
            print(f"{name}: imported in {took:.0f} s, migrated and indexed in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        shutil.rmtree(written)
        partial = described.with_suffix(".partial")
        partial.write_bytes(pickle.dumps((suspects, fresh)))
        partial.rename(described)
    suspects, fresh = pickle.loads(described.read_bytes())
    return Imported({name: folder / name / "data" for name in names}, suspects, fresh)


@asynccontextmanager
async def _running(home: Path, heap: str, pagecache: str
                   ) -> AsyncIterator[tuple[Neo4jSettings, Graph, int]]:
    """A server on the store in `home`, migrated as the app would, its indexes online and the
    reference data loaded; stopped afterwards."""
    server = LocalServer(home=home, bolt_port=free_port(), password=PASSWORD, heap=heap,
                         pagecache=pagecache)
    # A big store on a busy machine can take longer than the usual three minutes to start.
    await asyncio.to_thread(server.start, 900.0)
    settings = Neo4jSettings(uri=server.uri, password=SecretStr(PASSWORD))
    driver = create_driver(settings)
    graph = Graph(driver, settings.database)
    try:
        await migrate(graph)
        await graph.rows("CALL db.awaitIndexes(3600) RETURN 1 AS ok")
        await load_reference_data(graph)
        pid = server.pid()
        assert pid is not None, "the server started but wrote no pid"
        yield settings, graph, pid
    finally:
        await driver.close()
        await asyncio.to_thread(server.stop)


async def _migrated(home: Path) -> None:
    """Migrate an imported store, so that each run's copy starts with its indexes built."""
    async with _running(home, "2g", "2g"):
        pass


async def _warmed(graph: Graph) -> None:
    """A server that has run for a while holds its working set in the page cache (the whole
    store fits in it here); one just started has read nothing. Touch the records and the
    indexes that intake and networks read before timing them."""
    for label, prop in (("Report", "contentText"), ("BlockKey", "recent"),
                        ("Account", "handle"), ("AccountKey", "key"), ("Case", "force")):
        await graph.rows(f"MATCH (n:{label}) RETURN count(n.{prop}) AS n")
    for label, key in (("Report", "truevisionRef"), ("BlockKey", "key"), ("Case", "reference"),
                       ("Account", "id"), ("AccountKey", "key"), ("Content", "key")):
        await graph.rows(f"MATCH (n:{label}) WHERE n.{key} IS NOT NULL RETURN count(*) AS n")
    # Joining a case and naming an account add to relationship chains: read them too.
    for row in await graph.rows("CALL db.relationshipTypes() YIELD relationshipType "
                                "RETURN relationshipType AS type"):
        await graph.rows(f"MATCH ()-[r:`{row['type']}`]->() RETURN count(r.at) AS n")
    for label in ("Case", "Report", "Account", "Content"):
        await graph.rows(f"MATCH (n:{label}) RETURN sum(COUNT {{ (n)--() }}) AS n")


@asynccontextmanager
async def served(name: str, store: Path, heap: str, pagecache: str
                 ) -> AsyncIterator[tuple[Neo4jSettings, Graph, int]]:
    """A server of its own holding a copy of the imported `store`, migrated and with reference
    data, its working set read into the page cache."""
    home = PROJECT_ROOT / "var" / f"bench-big-{name}"
    shutil.rmtree(home, ignore_errors=True)
    started = time.perf_counter()
    await asyncio.to_thread(shutil.copytree, store, home / "data")
    copied = time.perf_counter() - started
    try:
        started = time.perf_counter()
        async with _running(home, heap, pagecache) as (settings, graph, pid):
            await _warmed(graph)
            counts = (await graph.rows("MATCH (r:Report) WITH count(r) AS reports MATCH "
                                       "(a:Account) RETURN reports, count(a) AS accounts"))[0]
            print(f"{name}: {counts['reports']:,} reports, {counts['accounts']:,} accounts; "
                  f"store copied in {copied:.0f} s, started and read in "
                  f"{time.perf_counter() - started:.0f} s, store "
                  f"{_size(home / 'data') / 2**30:.1f} GiB, page cache {pagecache}", flush=True)
            yield settings, graph, pid
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _quantiles(times: list[float]) -> str:
    return " | ".join(f"{percentile(times, share):.1f}" for share in (0.5, 0.95, 0.99))


async def networks(settings: Neo4jSettings, graph: Graph, suspects: list[str]) -> list[str]:
    """`network` through the GraphQL stack, and beside it in the same run the raw walk
    (`graph.network.neighbourhood`, the Cypher alone) and the analysis of what it found
    (`casework.network.analysis.analyse`), for the same suspects, taking turns to go first so
    that neither profits from the other's reads. The slowest depth-3 calls are listed with the
    time each part took, which is where a tail is looked for first."""
    app = create_app(API_SETTINGS.model_copy(update={"rate_per_second": 1e6,
                                                     "rate_burst": 1_000_000}), settings)
    analyst = {"Authorization": "Bearer " + mint_development_token(API_SETTINGS, "bench",
                                                                    Role.ANALYST),
               "X-Hub-Justification": "benchmark: network reads on a big graph"}
    rows, slowest = [], []
    picked = random.Random(7).sample(suspects, min(len(suspects), NETWORK_ROUNDS + 20))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub") as client:

        async def served_call(suspect: str, depth: int) -> tuple[float, int]:
            started = time.perf_counter()
            body = (await client.post("/graphql", headers=analyst, json={
                "query": NETWORK, "variables": {"id": relay.to_base64("Suspect", suspect),
                                                "depth": depth}})).json()
            elapsed = (time.perf_counter() - started) * 1000
            assert "errors" not in body, body
            return elapsed, len(body["data"]["network"]["nodes"])

        async def raw_call(suspect: str, depth: int) -> tuple[float, float, int]:
            started = time.perf_counter()
            sub = await neighbourhood(graph, f"Suspect:{suspect}", depth, 0.5, 200, None)
            walked = time.perf_counter()
            analyse({key: node.properties() for key, node in sub.nodes.items()},
                    [NetworkEdge(e.source, e.target, e.kind, e.probability) for e in sub.edges])
            return ((walked - started) * 1000, (time.perf_counter() - walked) * 1000,
                    len(sub.edges))

        for depth in (1, 2, 3):
            times, walks, analyses, sizes = [], [], [], []
            for n, suspect in enumerate(picked):
                if n % 2:
                    (elapsed, size), (walk, analysis, edges) = (
                        await served_call(suspect, depth), await raw_call(suspect, depth))
                else:
                    (walk, analysis, edges), (elapsed, size) = (
                        await raw_call(suspect, depth), await served_call(suspect, depth))
                if n >= 20:  # the first plan the queries
                    times.append(elapsed)
                    walks.append(walk)
                    analyses.append(analysis)
                    sizes.append(size)
                    if depth == 3:
                        slowest.append((elapsed, walk, analysis, size, edges, suspect))
            rows.append(f"| {depth} | {_quantiles(times)} | {_quantiles(walks)} | "
                        f"{_quantiles(analyses)} | {percentile(sizes, 0.5):.0f} | "
                        f"{max(sizes)} |")
            print(rows[-1], flush=True)
    for elapsed, walk, analysis, size, edges, suspect in sorted(slowest, reverse=True)[:5]:
        print(f"slow depth 3: {elapsed:.1f} ms served, walk {walk:.1f} ms, analysis "
              f"{analysis:.1f} ms, {size} nodes, {edges} edges ({suspect})", flush=True)
    return rows


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time used so far by a process (this one without a pid), from /proc."""
    if pid is None:
        return time.process_time()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_BLOCKED = ("SHOW TRANSACTIONS YIELD currentQuery, status WHERE status STARTS WITH 'Blocked' "
            "RETURN currentQuery AS query")


@asynccontextmanager
async def blocked_statements(graph: Graph, seen: Counter[str]) -> AsyncIterator[None]:
    """Count, ten times a second while the body runs, the statements transactions are seen
    blocked in (waiting for a lock), by their first two lines."""

    async def sample() -> None:
        while True:
            for row in await graph.rows(_BLOCKED):
                lines = [line.strip() for line in row["query"].splitlines() if line.strip()]
                seen[" / ".join(lines[:2])[:90]] += 1
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    try:
        yield
    finally:
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler


async def intake(graphs: dict[int, Graph], pids: dict[int, int], fresh: list[dict[str, Any]],
                 took: dict[int, dict[int, dict[str, float]]], profile: Path | None = None
                 ) -> list[str]:
    """The same fresh referrals into each graph, so that the graphs differ only in what they
    hold. Each level runs in `ROUNDS` rounds, the graphs taking turns to go first, so that the
    machine's moods (a checkpoint, a pause) fall on both alike; p99 is over the rounds pooled.
    The CPU each server and this process spend per linked referral says whether a slower graph
    works harder or waits (for locks, for the disk); with `profile`, a flight recording of each
    server and Python's profiler on this process during the busiest level say in what.
    `took` gets each linked referral's latency, by graph, level and reference."""
    now = datetime.now(UTC)
    for record in fresh:  # normalising caches its text work: warm it for every graph alike
        plan_intake(referral_from_record(record, now), CLIENT, now)
    warm = fresh[-40:]
    for graph in graphs.values():
        await timed(warm[:20], 1, lambda r, g=graph: submit_referral(g, r, CLIENT))
        await timed(warm[20:], 1, lambda r, g=graph: plain_intake(g, r))
    rows: dict[int, list[str]] = defaultdict(list)
    for level, clients in enumerate(LEVELS):
        recorded = {stored: profile / f"{stored}-{clients}.jfr" for stored in graphs
                    } if profile is not None and clients == max(LEVELS) else {}
        with contextlib.ExitStack() as recordings:
            for stored, path in recorded.items():
                recordings.enter_context(recording(pids[stored], path))
            profilers = {stored: cProfile.Profile() for stored in recorded}
            linked, cpu, blocked = await _linked_level(graphs, pids, fresh, level, clients,
                                                       profilers, took)
        batch = fresh[(len(LEVELS) * ROUNDS + level) * SAMPLES:][:SAMPLES]
        plain = {stored: await timed(batch, clients, lambda r, g=graph: plain_intake(g, r))
                 for stored, graph in graphs.items()}
        for stored in graphs:
            ratio = p99(linked[stored][0]) / p99(plain[stored][0])
            rows[stored].append(f"| {stored:,} | {clients} | {summary(*linked[stored])} | "
                                f"{summary(*plain[stored])} | {ratio:.2f} |")
            print(rows[stored][-1], flush=True)
        for stored, (server, client) in cpu.items():
            count, seconds = len(linked[stored][0]), linked[stored][1]
            print(f"{clients} client(s), {stored:,} stored: CPU per linked referral "
                  f"{server / count * 1000:.1f} ms server, {client / count * 1000:.1f} ms client;"
                  f" both busy {(server + client) / seconds:.2f} of {os.cpu_count()} cores",
                  flush=True)
            for statement, samples in blocked[stored].most_common(4):
                print(f"    blocked in {samples} samples: {statement}", flush=True)
            if stored in recorded:
                print("\n".join(hot_frames(recorded[stored])), flush=True)
                print("\n".join(hot_functions(profilers[stored])), flush=True)
        small, large = min(graphs), max(graphs)
        print(f"{clients} client(s): linked p99 with {large:,} stored / with {small:,}: "
              f"{p99(linked[large][0]) / p99(linked[small][0]):.2f}", flush=True)
    return [row for stored in sorted(rows) for row in rows[stored]]


async def _linked_level(graphs: dict[int, Graph], pids: dict[int, int],
                        fresh: list[dict[str, Any]], level: int, clients: int,
                        profilers: dict[int, cProfile.Profile],
                        took: dict[int, dict[int, dict[str, float]]]
                        ) -> tuple[dict[int, tuple[list[float], float]],
                                   dict[int, tuple[float, float]], dict[int, Counter[str]]]:
    """One level's linked referrals into each graph, round by round: the latencies and time
    taken, the CPU its server and this process spent, and the statements seen blocked; the
    graphs' `profilers` run while their own rounds do."""
    linked: dict[int, tuple[list[float], float]] = {n: ([], 0.0) for n in graphs}
    cpu: dict[int, tuple[float, float]] = dict.fromkeys(graphs, (0.0, 0.0))
    blocked: dict[int, Counter[str]] = {n: Counter() for n in graphs}
    for turn in range(ROUNDS):
        batch = fresh[(level * ROUNDS + turn) * SAMPLES:][:SAMPLES]
        for stored in sorted(graphs, reverse=turn % 2 == 1):
            before = cpu_seconds(pids[stored]), cpu_seconds()
            async with blocked_statements(graphs[stored], blocked[stored]):
                with profilers.get(stored) or contextlib.nullcontext():
                    latencies, seconds = await timed(
                        batch, clients,
                        lambda r, g=graphs[stored]: submit_referral(g, r, CLIENT),
                        took.setdefault(stored, {}).setdefault(clients, {}))
            linked[stored] = (linked[stored][0] + latencies, linked[stored][1] + seconds)
            cpu[stored] = (cpu[stored][0] + cpu_seconds(pids[stored]) - before[0],
                           cpu[stored][1] + cpu_seconds() - before[1])
    return linked, cpu, blocked


_HISTORY_MET = """
UNWIND $refs AS ref
MATCH (:Report {truevisionRef: ref})-[p:PART_OF]->(c:Case)
WITH count(*) AS linked, sum(CASE p.method WHEN 'DUPLICATE' THEN 1 ELSE 0 END) AS joined,
     collect(DISTINCT c) AS cases
UNWIND cases AS c
RETURN linked, joined, avg(COUNT { (c)<-[:PART_OF]-() }) AS size,
       avg(COUNT { (c)-[:RELATED_TO]-() }) AS relations
"""

# What each referral did: joined a case or opened one, and the relations it wrote (a relation
# is dated with the referral that wrote it).
_WORK_DONE = """
UNWIND $refs AS ref
MATCH (r:Report {truevisionRef: ref})-[p:PART_OF]->(c:Case)
RETURN ref, p.method AS method, COUNT { (c)-[x:RELATED_TO]-() WHERE x.at = r.receivedAt } > 0
       AS related
"""


async def tail_by_work(graph: Graph, took: dict[int, dict[str, float]]) -> list[str]:
    """Each level's latencies split by what the referral did, to say what the slowest were."""
    refs = [ref for level in took.values() for ref in level]
    work = {row["ref"]: ("relating" if row["related"] else
                         "joining" if row["method"] == "DUPLICATE" else "opening")
            for row in await graph.rows(_WORK_DONE, refs=refs)}
    lines = []
    for clients, latencies in sorted(took.items()):
        slowest = sorted(latencies, key=latencies.__getitem__)[-max(1, len(latencies) // 100):]
        groups: dict[str, list[float]] = defaultdict(list)
        for ref, seconds in latencies.items():
            groups[work[ref]].append(seconds)
        lines.append(f"    {clients} client(s): " + "; ".join(
            f"{kind} {len(times):,}, p50 {statistics.median(times) * 1000:.1f} ms, p99 "
            f"{p99(times) * 1000:.1f} ms" for kind, times in sorted(groups.items()))
            + f"; slowest 1%: {dict(Counter(work[ref] for ref in slowest))}")
    return lines


_RELATIONS_WRITTEN = """
MATCH ()-[x:RELATED_TO]->() WHERE x.at >= datetime($since)
RETURN count(x) AS written
"""


async def history_met(graph: Graph, fresh: list[dict[str, Any]]) -> str:
    """How much history the same fresh referrals met in a graph: the share that joined an
    existing case, the size and relations of the cases they ended in, and the relations they
    wrote (those they found written cost no write)."""
    row = (await graph.rows(_HISTORY_MET, refs=[record["id"] for record in fresh]))[0]
    since = min(_iso(record["received_at"]) for record in fresh)
    written = (await graph.rows(_RELATIONS_WRITTEN, since=since))[0]["written"]
    return (f"{row['joined'] / row['linked']:.0%} of {row['linked']:,} linked referrals joined a "
            f"case; their cases hold {row['size']:.1f} reports and {row['relations']:.1f} "
            f"relations on average; {written:,} relations written")


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _lines(title: str, header: str, rows: list[str]) -> Iterator[str]:
    yield f"\n{title}\n{header}"
    yield from rows


NETWORK_HEADER = ("| depth | served p50 ms | p95 | p99 | raw walk p50 ms | p95 | p99 | "
                  "analysis p50 ms | p95 | p99 | nodes p50 | nodes max |\n"
                  "|---|---|---|---|---|---|---|---|---|---|---|---|")


def _network_title(referrals: int, accounts: int) -> str:
    return (f"network around a suspect ({referrals:,} referrals, {accounts:,} accounts): "
            "through GraphQL (served), the walk's Cypher alone, and the analysis alone")


async def main(referrals: int, accounts: int, small: int, seed: int, profile: bool,
               networks_only: bool) -> None:
    world = await imported_world(referrals, accounts, small, seed)
    if networks_only:
        async with served("large", world.stores["large"], "3g", PAGE_CACHE) as (settings, many,
                                                                                   _):
            network_rows = await networks(settings, many, world.suspects)
        print("\n".join(_lines(_network_title(referrals, accounts), NETWORK_HEADER,
                               network_rows)))
        return
    fresh = world.fresh
    async with (served("small", world.stores["small"], "1g", "1g") as (_, few, few_pid),
                served("large", world.stores["large"], "3g", PAGE_CACHE) as (settings, many,
                                                                               pid)):
        network_rows = await networks(settings, many, world.suspects)
        recordings = PROJECT_ROOT / "var" / "bench-big-profile" if profile else None
        if recordings is not None:
            recordings.mkdir(parents=True, exist_ok=True)
        took: dict[int, dict[int, dict[str, float]]] = {}
        intake_rows = await intake({small: few, referrals: many},
                                   {small: few_pid, referrals: pid}, fresh, took, recordings)
        linked = fresh[:len(LEVELS) * ROUNDS * SAMPLES]
        for stored, graph in ((small, few), (referrals, many)):
            print(f"{stored:,} stored: {await history_met(graph, linked)}", flush=True)
            print("\n".join(await tail_by_work(graph, took[stored])), flush=True)
    intake_header = ("| stored | clients | linked p50 ms | linked p99 ms | linked /s | "
                     "plain p50 ms | plain p99 ms | plain /s | p99 ratio |\n"
                     "|---|---|---|---|---|---|---|---|---|")
    out = [*_lines(_network_title(referrals, accounts), NETWORK_HEADER, network_rows),
           *_lines(f"submitReport, {ROUNDS * SAMPLES} linked and {SAMPLES} plain referrals per "
                   "level", intake_header, intake_rows)]
    print("\n".join(out))


if __name__ == "__main__":
    # The driver's retries (a deadlock, a lost connection) and intake's warnings, with the time.
    logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s",
                        level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=2_000_000)
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--profile", action="store_true",
                        help="at the busiest level, record each server (JFR) and profile the "
                             "client, and print where each spent its CPU")
    parser.add_argument("--networks-only", action="store_true",
                        help="import the large graph only and measure networks, not intake")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.referrals, arguments.accounts, arguments.small, arguments.seed,
                     arguments.profile, arguments.networks_only))
