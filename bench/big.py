"""Big graphs, imported offline: networks and intake with a million accounts and referrals stored.

Loading millions of referrals through intake, one transaction each, would take hours; loading
them with UNWIND batches (graph/bulk.py) half an hour per million. Here a generated world is
written as CSV in the shape intake and identity linking leave (cases, reports with their
`PART_OF` keys, block keys with their recent lists, victims and complainants, content, accounts
with their linking keys, suspects, same-person links) and loaded with Neo4j's offline importer
(`neo4j-admin database import full`, from the same Maven jars), then migrated as the app would.
Cases are the generator's true posts and suspects its true persons (a perfect linker), so the
graph has the fan-out the real one would.

Two measurements, each against a baseline in the same run:
- `network(around: <suspect>, depth: 3, first: 200)` through the GraphQL stack in process, for
  random suspects, beside depth 1 and 2;
- `submitReport` (casework intake) at 1, 8 and 32 clients on the big graph and on a small one
  built the same way, beside the same writes without linking.

    .venv/bin/python -m bench.big --referrals 2000000 --accounts 1000000 --small 10000
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import os
import random
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from strawberry import relay

from api.app import create_app
from api.auth import mint_development_token
from bench.intake import CLIENT, LEVELS, PER_LEVEL, plain_intake, summary, timed
from bench.load import API_SETTINGS, free_port
from casework.access import Role
from casework.identity import account_id, account_keys
from casework.intake import party_key, submit_referral
from casework.referrals import Party
from casework.trends import percentile
from graph.driver import Graph, create_driver
from graph.migrations import migrate
from graph.server import LocalServer, fetch_jars
from graph.settings import PROJECT_ROOT, Neo4jSettings
from linking.handles import handle_key
from linking.referrals import blocking_keys, normalise_referral
from linking.urls import canonical_content
from seeds.generator import generate_world
from seeds.load import load_reference_data
from seeds.postcodes import force_for_postcode

PASSWORD = "bench-big-password"
ARRAY = "¦"
RECENT = 20
FRESH = PER_LEVEL * 2 * len(LEVELS) + 40
NETWORK_ROUNDS = 300
OPENED = "2026-01-01T00:00:00Z"

NETWORK = """query($id: ID!, $depth: Int!) { network(around: $id, depth: $depth, first: 200) {
  truncated nodes { id kind degree pagerank community } edges { source target kind } } }"""


class Csv:
    """One CSV file per node label or relationship type, with its neo4j-admin header."""

    def __init__(self, folder: Path, name: str, header: list[str]) -> None:
        self.path = folder / f"{name}.csv"
        self._file = self.path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(header)

    def row(self, *values: Any) -> None:
        self._writer.writerow([ARRAY.join(v) if isinstance(v, list) else
                               ("" if v is None else v) for v in values])

    def close(self) -> None:
        self._file.close()


def _iso(value: str) -> str:
    return value.replace("Z", "+00:00")


def write_world(folder: Path, referrals: int, accounts: int, seed: int
                ) -> tuple[dict[str, list[str]], list[dict[str, Any]], list[str]]:
    """The CSV files for a world of `referrals` (plus FRESH kept back for intake) and
    `accounts`; returns the files per kind, the fresh referrals and the suspects' ids."""
    world = generate_world(seed=seed, referrals=referrals + FRESH, accounts=accounts)
    files: dict[str, Csv] = {
        "Case": Csv(folder, "case", ["reference:ID(Case)", "id", "status", "openedAt:datetime",
                                     "priority", "force", "strands:string[]", ":LABEL"]),
        "Report": Csv(folder, "report", [
            "truevisionRef:ID(Report)", "id", "receivedAt:datetime", "contentUrls:string[]",
            "contentText", "platformAsTyped", "platform", "suspectHandles:string[]",
            "strands:string[]", "status", ":LABEL"]),
        "Person": Csv(folder, "person", ["id:ID(Person)", "name", "postcode", "partyKey",
                                         ":LABEL"]),
        "Account": Csv(folder, "account", [
            "id:ID(Account)", "platform", "handle", "handleKey", "displayName", "email",
            "recordId", ":LABEL"]),
        "AccountKey": Csv(folder, "account_key", ["key:ID(AccountKey)", ":LABEL"]),
        "BlockKey": Csv(folder, "block_key", ["key:ID(BlockKey)", "recent:string[]",
                                              ":LABEL"]),
        "Content": Csv(folder, "content", ["key:ID(Content)", "platform", "url", "kind",
                                           ":LABEL"]),
        "PART_OF": Csv(folder, "part_of", [":START_ID(Report)", ":END_ID(Case)", "caseRef",
                                           "receivedAt:datetime", "reportRef", "at:datetime",
                                           "method", ":TYPE"]),
        "PARTY": Csv(folder, "party", [":START_ID(Report)", ":END_ID(Person)", ":TYPE"]),
        "NAMES": Csv(folder, "names", [":START_ID(Report)", ":END_ID(Account)", ":TYPE"]),
        "KEYED": Csv(folder, "keyed", [":START_ID(Account)", ":END_ID(AccountKey)", ":TYPE"]),
        "CONCERNS": Csv(folder, "concerns", [":START_ID(Report)", ":END_ID(Content)", ":TYPE"]),
        "ATTRIBUTED_TO": Csv(folder, "attributed", [":START_ID(Account)", ":END_ID(Person)",
                                                    "probability:float", ":TYPE"]),
        "SAME_PERSON_AS": Csv(folder, "same_person", [
            ":START_ID(Account)", ":END_ID(Account)", "probability:float", "status", "method",
            "evidence", ":TYPE"]),
    }
    seen_accounts: set[str] = set()
    seen_keys: set[str] = set()
    persons: dict[str, list[str]] = defaultdict(list)

    def account(record: dict[str, Any], person: str | None) -> str:
        key = account_id(record.get("platform"), str(record.get("handle") or record["id"]))
        if key in seen_accounts:
            return key
        seen_accounts.add(key)
        handle = record.get("handle") or ""
        files["Account"].row(key, record.get("platform"), handle, handle_key(handle),
                             record.get("display_name"), record.get("email"),
                             record.get("id"), "Account")
        for linking_key in account_keys({**record, "id": key}):
            if linking_key not in seen_keys:
                seen_keys.add(linking_key)
                files["AccountKey"].row(linking_key, "AccountKey")
            files["KEYED"].row(key, linking_key, "KEYED")
        if person:
            persons[person].append(key)
        return key

    for record, truth in world.accounts():
        account(record, truth.get("person"))
    cases: dict[str, str] = {}
    recent: dict[str, list[str]] = defaultdict(list)
    contents: set[str] = set()
    fresh: list[dict[str, Any]] = []
    for n, (record, truth) in enumerate(world.referrals()):
        if n >= referrals:
            fresh.append(record)
            continue
        ref = record["id"]
        received = _iso(record["received_at"])
        victim = record.get("victim") or {}
        case = cases.get(truth["content"])
        if case is None:
            located = force_for_postcode(victim.get("postcode") or "")
            case = cases[truth["content"]] = f"HUB-BIG-{len(cases) + 1:07d}"
            files["Case"].row(case, case, "RECEIVED", received, "NORMAL",
                              located.force_code if located else "HUB", [], "Case")
        features = normalise_referral(record)
        platform = features.platform
        files["Report"].row(ref, ref, received, record.get("content_urls") or [],
                            record.get("content_text"), record.get("platform"), platform,
                            record.get("suspect_handles") or [], [], "RECEIVED", "Report")
        files["PART_OF"].row(ref, case, case, received, ref, received, "BULK", "PART_OF")
        if victim:
            person = f"V-{ref}"
            files["Person"].row(person, victim.get("name"), victim.get("postcode"),
                                party_key(Party(name=victim.get("name"),
                                                postcode=victim.get("postcode"),
                                                email=victim.get("email"), phone=None)),
                                ARRAY.join(("Person", "Victim", "Complainant")))
            files["PARTY"].row(ref, person, "AGAINST")
            files["PARTY"].row(ref, person, "REPORTED_BY")
        for handle in record.get("suspect_handles") or []:
            if handle_key(handle):
                named = account({"id": ref, "platform": platform, "handle": handle},
                                truth.get("author_person"))
                files["NAMES"].row(ref, named, "NAMES")
        for url in record.get("content_urls") or []:
            content = canonical_content(url)
            if content is None:
                continue
            if content.key not in contents:
                contents.add(content.key)
                files["Content"].row(content.key, content.platform, url, content.kind,
                                     "Content")
            files["CONCERNS"].row(ref, content.key, "CONCERNS")
        for block in blocking_keys(features):
            held = recent[block]
            held.append(ref)
            if len(held) > RECENT:
                del held[0]
    for key, refs in recent.items():
        files["BlockKey"].row(key, list(reversed(refs)), "BlockKey")
    suspects = []
    for person, members in persons.items():
        suspect = f"S-{person}"
        suspects.append(suspect)
        files["Person"].row(suspect, None, None, None, ARRAY.join(("Person", "Suspect")))
        members = sorted(set(members))
        for member in members:
            files["ATTRIBUTED_TO"].row(member, suspect, 0.97, "ATTRIBUTED_TO")
        for low, high in itertools.pairwise(members):
            files["SAME_PERSON_AS"].row(low, high, 0.97, "SUGGESTED", "LINKER", "[]",
                                        "SAME_PERSON_AS")
    for file in files.values():
        file.close()
    kinds = {"nodes": [str(files[k].path) for k in ("Case", "Report", "Person", "Account",
                                                     "AccountKey", "BlockKey", "Content")],
             "relationships": [str(files[k].path) for k in (
                 "PART_OF", "PARTY", "NAMES", "KEYED", "CONCERNS", "ATTRIBUTED_TO",
                 "SAME_PERSON_AS")]}
    return kinds, fresh, suspects


def offline_import(server: LocalServer, files: dict[str, list[str]]) -> float:
    """neo4j-admin database import full, into the server's (stopped, empty) home."""
    lib = fetch_jars()
    conf = server.write_conf()
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(conf)}
    started = time.perf_counter()
    result = subprocess.run(
        ["java", "-Xmx4g", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", "database", "import",
         "full", "neo4j", "--overwrite-destination=true", f"--array-delimiter={ARRAY}",
         f"--report-file={server.home / 'import.report'}",
         "--multiline-fields=true", "--skip-duplicate-nodes=true",
         "--skip-bad-relationships=true", "--bad-tolerance=100000000",
         *[f"--nodes={path}" for path in files["nodes"]],
         *[f"--relationships={path}" for path in files["relationships"]]],
        env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stdout[-3000:] + result.stderr[-3000:])
    return time.perf_counter() - started


@asynccontextmanager
async def imported(name: str, referrals: int, accounts: int, seed: int):  # type: ignore[no-untyped-def]
    """A server holding the imported world, migrated and with reference data."""
    home = PROJECT_ROOT / "var" / f"bench-big-{name}"
    shutil.rmtree(home, ignore_errors=True)
    csvs = home / "csv"
    csvs.mkdir(parents=True)
    started = time.perf_counter()
    files, fresh, suspects = await asyncio.to_thread(write_world, csvs, referrals, accounts, seed)
    written = time.perf_counter() - started
    server = LocalServer(home=home, bolt_port=free_port(), password=PASSWORD, heap="3g",
                         pagecache="6g")
    took = await asyncio.to_thread(offline_import, server, files)
    shutil.rmtree(csvs, ignore_errors=True)
    await asyncio.to_thread(server.start)
    settings = Neo4jSettings(uri=server.uri, password=SecretStr(PASSWORD))
    driver = create_driver(settings)
    try:
        graph = Graph(driver, settings.database)
        started = time.perf_counter()
        await migrate(graph)
        await graph.rows("CALL db.awaitIndexes(3600) RETURN 1 AS ok")
        await load_reference_data(graph)
        # A server that has run for a while holds its working set in the page cache; one just
        # imported has read nothing. Touch what intake and networks read before timing them.
        for label, prop in (("Report", "contentText"), ("BlockKey", "recent"),
                            ("Account", "handle"), ("AccountKey", "key"), ("Case", "force")):
            await graph.rows(f"MATCH (n:{label}) RETURN count(n.{prop}) AS n")
        counts = await graph.rows("MATCH (r:Report) WITH count(r) AS reports "
                                  "MATCH (a:Account) RETURN reports, count(a) AS accounts")
        print(f"{name}: {counts[0]['reports']:,} reports, {counts[0]['accounts']:,} accounts; "
              f"CSV {written:.0f} s, import {took:.0f} s, indexes "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        yield settings, graph, fresh, suspects
    finally:
        await driver.close()
        await asyncio.to_thread(server.stop)
        shutil.rmtree(home, ignore_errors=True)


async def networks(settings: Neo4jSettings, suspects: list[str]) -> list[str]:
    app = create_app(API_SETTINGS.model_copy(update={"rate_per_second": 1e6,
                                                     "rate_burst": 1_000_000}), settings)
    analyst = {"Authorization": "Bearer " + mint_development_token(API_SETTINGS, "bench",
                                                                    Role.ANALYST)}
    rows = []
    picked = random.Random(7).sample(suspects, min(len(suspects), NETWORK_ROUNDS + 20))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub") as client:
        for depth in (1, 2, 3):
            times, sizes = [], []
            for n, suspect in enumerate(picked):
                started = time.perf_counter()
                body = (await client.post("/graphql", headers=analyst, json={
                    "query": NETWORK, "variables": {"id": relay.to_base64("Suspect", suspect),
                                                    "depth": depth}})).json()
                elapsed = (time.perf_counter() - started) * 1000
                assert "errors" not in body, body
                if n >= 20:  # the first plan the queries
                    times.append(elapsed)
                    sizes.append(len(body["data"]["network"]["nodes"]))
            rows.append(f"| {depth} | {percentile(times, 0.5):.1f} | "
                        f"{percentile(times, 0.95):.1f} | {percentile(times, 0.99):.1f} | "
                        f"{percentile(sizes, 0.5):.0f} | {max(sizes)} |")
            print(rows[-1], flush=True)
    return rows


async def intake(graph: Graph, stored: int, fresh: list[dict[str, Any]]) -> list[str]:
    rows = []
    warm = fresh[-40:]
    await timed(warm[:20], 1, lambda r: submit_referral(graph, r, CLIENT))
    await timed(warm[20:], 1, lambda r: plain_intake(graph, r))
    for level, clients in enumerate(LEVELS):
        batch = fresh[level * PER_LEVEL * 2:(level + 1) * PER_LEVEL * 2]
        linked = await timed(batch[:PER_LEVEL], clients,
                             lambda r: submit_referral(graph, r, CLIENT))
        plain = await timed(batch[PER_LEVEL:], clients, lambda r: plain_intake(graph, r))
        ratio = (sorted(linked[0])[int(PER_LEVEL * 0.99)]
                 / sorted(plain[0])[int(PER_LEVEL * 0.99)])
        rows.append(f"| {stored:,} | {clients} | {summary(*linked)} | {summary(*plain)} "
                    f"| {ratio:.2f} |")
        print(rows[-1], flush=True)
    return rows


def _lines(title: str, header: str, rows: list[str]) -> Iterator[str]:
    yield f"\n{title}\n{header}"
    yield from rows


async def main(referrals: int, accounts: int, small: int, seed: int) -> None:
    out: list[str] = []
    intake_header = ("| stored | clients | linked p50 ms | linked p99 ms | linked /s | "
                     "plain p50 ms | plain p99 ms | plain /s | p99 ratio |\n"
                     "|---|---|---|---|---|---|---|---|---|")
    async with imported("small", small, max(small // 2, 1000), seed) as (_, graph, fresh, _s):
        small_rows = await intake(graph, small, fresh)
    async with imported("large", referrals, accounts, seed) as (settings, graph, fresh,
                                                                 suspects):
        network_rows = await networks(settings, suspects)
        large_rows = await intake(graph, referrals, fresh)
    out += _lines(f"network around a suspect ({referrals:,} referrals, {accounts:,} accounts)",
                  "| depth | p50 ms | p95 ms | p99 ms | nodes p50 | nodes max |\n"
                  "|---|---|---|---|---|---|", network_rows)
    out += _lines("submitReport", intake_header, small_rows + large_rows)
    print("\n".join(out))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=2_000_000)
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=29)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.referrals, arguments.accounts, arguments.small, arguments.seed))
