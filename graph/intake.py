"""The intake write: one transaction that stores a referral and everything it brings.

Idempotency rests on the uniqueness constraint on `Report.truevisionRef`: `MERGE` locks that key
until the transaction ends, so concurrent submissions of one reference queue behind the first,
then find its report instead of writing their own.

Duplicate linking happens inside the same transaction. Each blocking key is a `BlockKey` node
holding the references of the most recent reports that had it. Every key the referral will be
remembered under is write-locked before it is read, all in one sorted order (content keys,
fingerprint and handles, then text bands), so two referrals of one new post arriving together
are decided one after the other and end in one case, even when only their text links them
(`bench/incremental.py` measures what deciding side by side cost). Stored reports are read
from those keys and from the bands a referral without a platform may share with any. Reading
a bounded list per key keeps the cost of a referral flat however many are stored; each key is
sought in its index once, as every seek costs more in a larger index.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.audit import write_event
from graph.cases import part_of
from graph.driver import Graph
from graph.events import write_case_event
from graph.records import native

CASE_NUMBER_BLOCK = 20


@dataclass(frozen=True, slots=True)
class StoredIntake:
    report: dict[str, Any]
    case: dict[str, Any]
    created: bool
    related: tuple[dict[str, str], ...] = ()


# Chooses, from the candidates' stored reports, the report to join (or None) and related cases.
Chooser = Callable[[list[dict[str, Any]]], dict[str, Any]]

# A report is stored with its case in one transaction, so a report that has a case was stored
# by a transaction that committed: another submission's (`ours` false), or this one's, when the
# driver replays a transaction whose commit reached the server but whose answer was lost.
_MERGE_REPORT = """
MERGE (r:Report {truevisionRef: $report.truevisionRef})
ON CREATE SET r += $report
RETURN r.id = $report.id AS ours, EXISTS { (r)-[:PART_OF]->() } AS stored
"""

# A stored report as the linker reads it (`casework.referrals.stored_record`). Its time comes as
# epoch seconds: the linker wants nothing finer, and a DateTime value costs the driver a time-zone
# conversion in Python for every report read, which a large graph's fuller lists multiply.
LINKED_REPORT = """r {.truevisionRef, receivedSeconds: r.receivedAt.epochSeconds, .contentUrls,
          .contentText, .platformAsTyped, .suspectHandles, .narrative} AS report,
          c.reference AS caseRef, c.openedAt.epochSeconds AS caseOpened"""

_CANDIDATES = """
WITH DISTINCT ref
MATCH (r:Report {truevisionRef: ref})-[:PART_OF]->(c:Case)
RETURN """ + LINKED_REPORT

# Locks each key (the first SET), then reads the reports it held before this one and puts this
# one at the head of its list, as `linking.referrals.remembered` does: a handle's list holds one
# report per post (`posts` names each one's post; lists written before it are one post per
# report). Remembering the referral here, whatever the decision, spares every key a second index
# seek; a report appears in lists before its case exists, and `_CANDIDATES` only finds reports
# that have one.
_REMEMBER_KEYS = """
UNWIND $keys AS key
MERGE (b:BlockKey {key: key})
ON CREATE SET b.recent = []
SET b.lockedAt = $now
WITH b, key, b.recent AS before, coalesce(b.posts, b.recent) AS posts,
     left(key, 1) = $perPost AS perPost
WITH b, key, before, posts, perPost,
     [i IN range(0, size(before) - 1) WHERE NOT perPost OR posts[i] <> $post] AS kept
SET b.recent = ([$ref] + [i IN kept | before[i]])[0..$compared[left(key, 1)]],
    b.posts = CASE WHEN perPost
                   THEN ([$post] + [i IN kept | posts[i]])[0..$compared[left(key, 1)]] END
"""

_LOCK_AND_READ_KEYS = _REMEMBER_KEYS + """
WITH collect(before[0..$compared[left(key, 1)]]) AS lists
UNWIND lists AS list
UNWIND list AS ref
""" + _CANDIDATES

# The referral's own text bands are locked and remembered, then read with those of other
# platforms it may share (`$lookup`). A post made of stock phrases shares a band with many others
# by chance; a copy of it shares most of them: only reports met in `$atLeast` bands are
# candidates, as in the batch linker.
_LOCK_AND_READ_BANDS = _REMEMBER_KEYS + """
WITH collect(before[0..$compared.t]) AS own
CALL {
  UNWIND $lookup AS key
  MATCH (b:BlockKey {key: key})
  RETURN collect(b.recent[0..$compared.t]) AS others
}
UNWIND own + others AS list
UNWIND list AS ref
WITH ref, count(*) AS bands WHERE bands >= $atLeast
""" + _CANDIDATES

_READ_BACK = """
MATCH (r:Report {truevisionRef: $ref})-[:PART_OF]->(c:Case)
RETURN r {.*} AS report, c {.*, reportCount: COUNT { (c)<-[:PART_OF]-() }} AS case
"""

_NEXT_CASE_NUMBERS = """
MERGE (n:Counter {name: $name})
ON CREATE SET n.value = 0
SET n.value = n.value + $count
RETURN n.value AS value
"""

# The case's force is its `force` property (indexed) and its Allocation records; a relationship
# to the Force node would make every new case in a force queue for that one node's lock.
_OPEN_CASE = """
MATCH (r:Report {truevisionRef: $ref})
CREATE (c:Case $case)
CREATE """ + part_of("r", "c", "at: $at, method: 'NEW_CASE'") + """
CREATE (al:Allocation $allocation)
CREATE (c)-[:HAS_ALLOCATION]->(al)
"""

_JOIN_CASE = """
MATCH (r:Report {truevisionRef: $ref}), (d:Report {truevisionRef: $duplicateOf})
MATCH (d)-[:PART_OF]->(c:Case)
CREATE """ + part_of("r", "c", "at: $at, method: 'DUPLICATE', probability: $probability") + """
WITH r, d, c, [s IN $strands WHERE NOT s IN c.strands] AS added
// The case's maintained count and time of change: an increment of its own value is taken under
// the case's write lock (no update is lost). Referrals of one post already queue behind each
// other on their block keys, so the lock adds no wait to a viral post's.
SET c.reportCount = c.reportCount + 1, c.updatedAt = $now
FOREACH (_ IN CASE WHEN size(added) > 0 THEN [1] ELSE [] END | SET c.strands = c.strands + added)
CREATE (r)-[:DUPLICATE_OF {probability: $probability, evidence: $evidence,
                           method: 'INTAKE', decidedBy: 'linking', at: $at}]->(d)
RETURN c.reference AS reference
"""

# Every referral of a raided post finds the same related cases; most relations exist already.
# Looking before merging spares those cases a write lock each time (MERGE locks both ends), and
# a referral joining a case looks inside its intake (reading, locking nothing), so that only one
# that brings a new relation needs a transaction after it. Merging in reference order keeps two
# writers from taking the same cases' locks crosswise. A relation has no direction (cases are
# read as related either way): the other case may have named this one first.
_UNRELATED = """
MATCH (c:Case {reference: $case})
UNWIND $related AS rel
MATCH (other:Case {reference: rel.case})
WHERE other <> c AND NOT EXISTS { (c)-[:RELATED_TO {kind: rel.kind}]-(other) }
"""

_NEW_RELATIONS = _UNRELATED + "RETURN rel"

_RELATE_CASES = _UNRELATED + """
WITH c, other, rel ORDER BY other.reference
MERGE (c)-[x:RELATED_TO {kind: rel.kind}]-(other)
ON CREATE SET x.at = $at, x.via = rel.report
"""

_ATTACH_PARTY = """
MATCH (r:Report {truevisionRef: $ref})
CREATE (p:Person {id: $id})
SET p += $properties
FOREACH (_ IN CASE WHEN $victim THEN [1] ELSE [] END | SET p:Victim CREATE (r)-[:AGAINST]->(p))
FOREACH (_ IN CASE WHEN $complainant THEN [1] ELSE [] END |
  SET p:Complainant CREATE (r)-[:REPORTED_BY]->(p))
"""

_ATTACH_CONTENT = """
MATCH (r:Report {truevisionRef: $ref})
UNWIND $contents AS content
MERGE (ct:Content {key: content.key})
ON CREATE SET ct += content.properties
MERGE (r)-[:CONCERNS]->(ct)
"""

# Accounts, then their keys, each in one sorted order for every intake: two referrals naming
# overlapping accounts would otherwise lock the same index entries crosswise and deadlock.
_ATTACH_ACCOUNTS = """
MATCH (r:Report {truevisionRef: $ref})
UNWIND $accounts AS account
MERGE (a:Account {id: account.id})
ON CREATE SET a += account.properties
MERGE (r)-[:NAMES]->(a)
WITH DISTINCT 1 AS attached
UNWIND $keys AS keyed
MERGE (k:AccountKey {key: keyed.key})
WITH k, keyed
UNWIND keyed.accounts AS id
MATCH (a:Account {id: id})
MERGE (a)-[:KEYED]->(k)
"""


async def record_intake(graph: Graph, plan: dict[str, Any], choose: Chooser) -> StoredIntake:
    """Write the plan casework prepared, or find the report an earlier attempt stored.

    A replay of this plan's own committed transaction answers `created` as the first attempt
    would have, without the related cases that attempt chose (they are written after commit).

    A new case takes its number from the process's pool; should the number exist already (the
    counter was reset under the pool), the pool is dropped and the intake tried once more."""
    try:
        return await _record_intake(graph, plan, choose)
    except ConstraintError:
        case_numbers(graph).forget()
        return await _record_intake(graph, plan, choose)


async def _record_intake(graph: Graph, plan: dict[str, Any], choose: Chooser) -> StoredIntake:
    # The number a new case would take is reserved before the transaction opens: refilling the
    # pool needs a pooled connection of its own, and an intake waiting for one while holding
    # another starved when the pool ran dry (issue 21). A referral that opens no case hands its
    # number back; one whose transaction failed keeps it, as its commit may have happened.
    numbers = case_numbers(graph)
    year = plan["case_year"]
    number = await numbers.take(year)

    async def work(tx: AsyncManagedTransaction) -> StoredIntake:
        report = plan["report"]
        ref = report["truevisionRef"]
        row = await (await tx.run(_MERGE_REPORT, report=report)).single(strict=True)
        if row["stored"] or not row["ours"]:
            return await _read_back(tx, ref, created=row["ours"])
        remember = {"ref": ref, "post": plan["post"], "perPost": plan["per_post"],
                    "now": plan["now"], "compared": plan["compared"]}
        candidates = [record.data() async for record in await tx.run(
            _LOCK_AND_READ_KEYS, keys=plan["locked_keys"], **remember)]
        if plan["band_keys"] or plan["lookup_keys"]:
            seen = {c["report"]["truevisionRef"] for c in candidates}
            candidates += [record.data() async for record in await tx.run(
                _LOCK_AND_READ_BANDS, keys=plan["band_keys"], lookup=plan["lookup_keys"],
                atLeast=plan["bands_at_least"], **remember)
                if record["report"]["truevisionRef"] not in seen]
        decision = choose([c for c in candidates if c["report"]["truevisionRef"] != ref])
        related = list(decision.get("related", ()))
        if decision.get("join"):
            join = decision["join"]
            await tx.run(_JOIN_CASE, ref=ref, duplicateOf=join["report"], at=report["receivedAt"],
                         now=plan["now"],
                         probability=join["probability"], evidence=join["evidence"],
                         strands=report["strands"])
            case_ref = join["case"]
            if related:
                related = [row["rel"] async for row in await tx.run(
                    _NEW_RELATIONS, case=case_ref, related=related)]
        else:
            case_ref = number
            await tx.run(_OPEN_CASE, ref=ref, case={**plan["case"], "reference": case_ref},
                         at=report["receivedAt"], allocation=plan["allocation"])
        for party in plan["parties"]:
            await tx.run(_ATTACH_PARTY, ref=ref, id=party["id"],
                         properties=party["properties"], victim=party["victim"],
                         complainant=party["complainant"])
        if plan["contents"]:
            await tx.run(_ATTACH_CONTENT, ref=ref, contents=plan["contents"])
        if plan["accounts"]:
            await tx.run(_ATTACH_ACCOUNTS, ref=ref, accounts=plan["accounts"],
                         keys=plan["account_keys"])
        await write_event(tx, replace(plan["audit"], targets=(ref, case_ref)))
        await write_case_event(tx, plan["event_id"], "REPORT_RECEIVED", case_ref, plan["now"],
                               ref)
        stored = await _read_back(tx, ref, created=True)
        return StoredIntake(stored.report, stored.case, True, tuple(related))

    stored = await graph.write(work)
    if stored.case["reference"] != number:
        numbers.give_back(year, number)
    return stored


async def relate_cases(graph: Graph, case: str, related: list[dict[str, str]],
                       at: datetime) -> None:
    """Name the cases a referral's case is related to (same suspect, same raid text).

    Written after the intake has committed, in a transaction of its own: a relation write-locks
    both cases, and a raided post's cases are the busiest in the graph. Held to the intake's
    commit, those locks queued every concurrent referral of the raid behind each other."""

    async def work(tx: AsyncManagedTransaction) -> None:
        # Consumed here, so that a deadlock with another relation's writer surfaces inside the
        # work, where `Graph.write` retries it at once, not at commit.
        await (await tx.run(_RELATE_CASES, case=case, related=related, at=at)).consume()

    await graph.write(work)


async def next_case_reference(tx: AsyncManagedTransaction, year: int) -> str:
    """HUB-2026-000123: numbered per year, by a counter node locked for the transaction."""
    row = await (await tx.run(_NEXT_CASE_NUMBERS, name=f"case-{year}",
                              count=1)).single(strict=True)
    return _reference(year, row["value"])


def _reference(year: int, number: int) -> str:
    return f"HUB-{year}-{number:06d}"


class CaseNumbers:
    """Case numbers handed out from blocks reserved ahead, one pool per process and database.

    One counter a year numbers every case in the country. Taken once per intake, even in a
    transaction of its own, its lock (held through each commit) became the queue every
    referral waited in; now a block of numbers is reserved at once and handed out from memory,
    and only when a referral opens a case (one that joins a case takes none). Numbers are
    unique; a block's unused numbers are lost when the process stops, and two processes' cases
    interleave, so numbers rise over time but with gaps, as before.

    A number is taken before an intake's transaction opens, never inside one: the refill then
    waits for a pooled connection while its waiters hold none, so the pool cannot run dry of
    connections all held by intakes queued behind the refill.
    """

    def __init__(self, graph: Graph, block: int = CASE_NUMBER_BLOCK) -> None:
        self._graph = graph
        self._block = block
        self._free: dict[int, list[str]] = {}
        self._refill = asyncio.Lock()

    async def take(self, year: int) -> str:
        async with self._refill:
            free = self._free.setdefault(year, [])
            if not free:
                async def reserve(tx: AsyncManagedTransaction) -> int:
                    row = await (await tx.run(_NEXT_CASE_NUMBERS, name=f"case-{year}",
                                              count=self._block)).single(strict=True)
                    return int(row["value"])

                last = await self._graph.write(reserve)
                free.extend(_reference(year, n) for n in range(last, last - self._block, -1))
            return free.pop()

    def give_back(self, year: int, reference: str) -> None:
        """A number taken for an intake that opened no case: the next new case takes it."""
        self._free.setdefault(year, []).append(reference)

    def forget(self) -> None:
        """Drop the numbers held: the counter was reset under us (a restored backup)."""
        self._free.clear()


_POOLS: weakref.WeakKeyDictionary[Graph, CaseNumbers] = weakref.WeakKeyDictionary()


def case_numbers(graph: Graph) -> CaseNumbers:
    """The process's pool of case numbers for this database."""
    pool = _POOLS.get(graph)
    if pool is None:
        pool = _POOLS[graph] = CaseNumbers(graph)
    return pool


async def _read_back(tx: AsyncManagedTransaction, ref: str, created: bool) -> StoredIntake:
    row = await (await tx.run(_READ_BACK, ref=ref)).single(strict=True)
    return StoredIntake(native(row["report"]), native(row["case"]), created)
