"""Versioned, idempotent schema migrations: named constraints and indexes for every key looked up.

Each migration runs once and is recorded as a `:Migration` node; every statement is also
`IF NOT EXISTS`, so a crash between the statements and the record is harmless on the next run.
Append new migrations at the end; never edit one that has shipped.

Migrating is one locked step: whoever migrates holds a write lock on the `:MigrationLock` node
for the whole run, so processes started together (several API workers, `hub db migrate`) queue
behind the first, then find nothing left to do. Without it they raced each other's schema
changes into deadlocks and "already exists" errors.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import LiteralString

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ClientError, TransientError

from graph.driver import Graph


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[LiteralString, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core keys", (
        "CREATE CONSTRAINT migration_version IF NOT EXISTS "
        "FOR (m:Migration) REQUIRE m.version IS UNIQUE",
        "CREATE CONSTRAINT report_truevision_ref IF NOT EXISTS "
        "FOR (r:Report) REQUIRE r.truevisionRef IS UNIQUE",
        "CREATE CONSTRAINT case_reference IF NOT EXISTS "
        "FOR (c:Case) REQUIRE c.reference IS UNIQUE",
        "CREATE CONSTRAINT force_code IF NOT EXISTS FOR (f:Force) REQUIRE f.code IS UNIQUE",
        "CREATE CONSTRAINT postcode_area_code IF NOT EXISTS "
        "FOR (p:PostcodeArea) REQUIRE p.code IS UNIQUE",
        "CREATE CONSTRAINT platform_id IF NOT EXISTS FOR (p:Platform) REQUIRE p.id IS UNIQUE",
        "CREATE CONSTRAINT content_key IF NOT EXISTS FOR (c:Content) REQUIRE c.key IS UNIQUE",
        "CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE",
        "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE",
        "CREATE CONSTRAINT counter_name IF NOT EXISTS FOR (c:Counter) REQUIRE c.name IS UNIQUE",
        "CREATE CONSTRAINT audit_event_id IF NOT EXISTS "
        "FOR (a:AuditEvent) REQUIRE a.id IS UNIQUE",
        "CREATE CONSTRAINT allocation_id IF NOT EXISTS FOR (a:Allocation) REQUIRE a.id IS UNIQUE",
        "CREATE INDEX case_force IF NOT EXISTS FOR (c:Case) ON (c.force)",
        "CREATE INDEX case_opened_at IF NOT EXISTS FOR (c:Case) ON (c.openedAt)",
        "CREATE INDEX case_status IF NOT EXISTS FOR (c:Case) ON (c.status)",
        "CREATE INDEX report_received_at IF NOT EXISTS FOR (r:Report) ON (r.receivedAt)",
        "CREATE INDEX account_handle_key IF NOT EXISTS FOR (a:Account) ON (a.handleKey)",
        "CREATE INDEX audit_event_at IF NOT EXISTS FOR (a:AuditEvent) ON (a.at)",
    )),
    Migration(2, "network keys", (
        "CREATE INDEX victim_party_key IF NOT EXISTS FOR (v:Victim) ON (v.partyKey)",
        "CREATE CONSTRAINT suspect_id IF NOT EXISTS FOR (s:Suspect) REQUIRE s.id IS UNIQUE",
    )),
    Migration(3, "linking keys", (
        "CREATE CONSTRAINT block_key IF NOT EXISTS FOR (b:BlockKey) REQUIRE b.key IS UNIQUE",
        "CREATE CONSTRAINT link_model_name IF NOT EXISTS "
        "FOR (m:LinkModel) REQUIRE m.name IS UNIQUE",
        "CREATE INDEX account_record_id IF NOT EXISTS FOR (a:Account) ON (a.recordId)",
    )),
    Migration(4, "content keys", (
        "CREATE CONSTRAINT capture_id IF NOT EXISTS FOR (k:Capture) REQUIRE k.id IS UNIQUE",
        "CREATE CONSTRAINT platform_referral_id IF NOT EXISTS "
        "FOR (r:PlatformReferral) REQUIRE r.id IS UNIQUE",
        "CREATE CONSTRAINT preservation_request_id IF NOT EXISTS "
        "FOR (q:PreservationRequest) REQUIRE q.id IS UNIQUE",
        "CREATE INDEX platform_referral_status IF NOT EXISTS "
        "FOR (r:PlatformReferral) ON (r.status)",
        "CREATE INDEX preservation_request_expires_at IF NOT EXISTS "
        "FOR (q:PreservationRequest) ON (q.expiresAt)",
    )),
    Migration(5, "disclosure keys", (
        "CREATE CONSTRAINT intelligence_report_id IF NOT EXISTS "
        "FOR (i:IntelligenceReport) REQUIRE i.id IS UNIQUE",
        "CREATE CONSTRAINT evidence_package_id IF NOT EXISTS "
        "FOR (e:EvidencePackage) REQUIRE e.id IS UNIQUE",
    )),
    Migration(6, "transfers and advice", (
        "CREATE CONSTRAINT transfer_id IF NOT EXISTS FOR (t:Transfer) REQUIRE t.id IS UNIQUE",
        "CREATE INDEX transfer_to_force_state IF NOT EXISTS "
        "FOR (t:Transfer) ON (t.toForce, t.state)",
        "CREATE CONSTRAINT advice_id IF NOT EXISTS FOR (a:Advice) REQUIRE a.id IS UNIQUE",
        "CREATE INDEX advice_force IF NOT EXISTS FOR (a:Advice) ON (a.forceCode)",
        "CREATE CONSTRAINT practice_id IF NOT EXISTS FOR (p:Practice) REQUIRE p.id IS UNIQUE",
        # English stemming, so that "harassing" finds a note about harassment.
        "CREATE FULLTEXT INDEX practice_text IF NOT EXISTS "
        "FOR (p:Practice) ON EACH [p.title, p.body, p.tagText] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}",
    )),
    Migration(7, "account keys", (
        "CREATE CONSTRAINT account_key IF NOT EXISTS FOR (k:AccountKey) REQUIRE k.key IS UNIQUE",
    )),
    Migration(8, "a case's referrals in order", (
        "CREATE INDEX part_of_order IF NOT EXISTS FOR ()-[p:PART_OF]-() "
        "ON (p.caseRef, p.receivedAt, p.reportRef)",
        # Reports that joined before: their relationships get the keys they are paged by.
        "MATCH (r:Report)-[p:PART_OF]->(c:Case) WHERE p.reportRef IS NULL "
        "CALL (r, p, c) { SET p.caseRef = c.reference, p.receivedAt = r.receivedAt, "
        "p.reportRef = r.truevisionRef } IN TRANSACTIONS OF 10000 ROWS",
    )),
    Migration(9, "one relation per pair of related cases", (
        # Intake once looked for a relation in one direction only, and wrote the reverse of one
        # the other case had made: keep the first of each such pair.
        "MATCH (a:Case)-[x:RELATED_TO]->(b:Case)-[y:RELATED_TO]->(a) "
        "WHERE x.kind = y.kind AND (x.at < y.at OR x.at = y.at AND elementId(x) < elementId(y)) "
        "CALL (y) { DELETE y } IN TRANSACTIONS OF 10000 ROWS",
    )),
    Migration(10, "the case events outbox", (
        "CREATE CONSTRAINT outbox_event_id IF NOT EXISTS "
        "FOR (o:OutboxEvent) REQUIRE o.id IS UNIQUE",
        "CREATE INDEX outbox_event_at IF NOT EXISTS FOR (o:OutboxEvent) ON (o.at)",
    )),
    Migration(11, "relink jobs", (
        # One lock node, however many processes start the first job at once (MERGE alone may
        # create two), and each job found by its id without reading every job.
        "CREATE CONSTRAINT relink_lock_name IF NOT EXISTS "
        "FOR (l:RelinkLock) REQUIRE l.name IS UNIQUE",
        "CREATE CONSTRAINT relink_job_id IF NOT EXISTS FOR (j:RelinkJob) REQUIRE j.id IS UNIQUE",
    )),
    Migration(12, "cases sorted and searched", (
        # A range index for each key a list of cases is sorted by (graph.cases.SORT_KEYS), and
        # the referrals' and advice notes' words for searching them, stemmed as the library's are.
        "CREATE INDEX case_updated_at IF NOT EXISTS FOR (c:Case) ON (c.updatedAt)",
        "CREATE INDEX case_priority IF NOT EXISTS FOR (c:Case) ON (c.priority)",
        "CREATE INDEX case_report_count IF NOT EXISTS FOR (c:Case) ON (c.reportCount)",
        "CREATE FULLTEXT INDEX advice_text IF NOT EXISTS "
        "FOR (a:Advice) ON EACH [a.title, a.body] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}",
        "CREATE FULLTEXT INDEX report_text IF NOT EXISTS "
        "FOR (r:Report) ON EACH [r.narrative, r.contentText] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}",
        # Cases stored before: their count, and their last change as their record tells it (a
        # referral joining, a status change), at the latest.
        "MATCH (c:Case) WHERE c.reportCount IS NULL OR c.updatedAt IS NULL "
        "CALL (c) { "
        "WITH c, [c.openedAt, c.closedAt] "
        "+ COLLECT { MATCH (c)<-[p:PART_OF]-() RETURN p.at } "
        "+ COLLECT { MATCH (c)-[:HAS_STATUS_CHANGE]->(s:StatusChange) RETURN s.at } AS times "
        "SET c.reportCount = COUNT { (c)<-[:PART_OF]-() }, "
        "c.updatedAt = reduce(latest = c.openedAt, t IN times | "
        "CASE WHEN t > latest THEN t ELSE latest END) "
        "} IN TRANSACTIONS OF 10000 ROWS",
    )),
)


LATEST = MIGRATIONS[-1].version
_LOCK_KEY: LiteralString = ("CREATE CONSTRAINT migration_lock_name IF NOT EXISTS "
                            "FOR (l:MigrationLock) REQUIRE l.name IS UNIQUE")
# Two processes creating the same constraint at the same moment: one of them is told so.
_ALREADY = ("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
            "Neo.ClientError.Schema.ConstraintAlreadyExists",
            "Neo.ClientError.Schema.IndexAlreadyExists")


async def migrate(graph: Graph) -> list[int]:
    """Apply what has not run yet, in order, holding the migration lock; returns the versions
    applied now (none for a process that waited for another)."""
    await _make_lock(graph)
    async with graph.session() as session:
        lock = await session.begin_transaction()
        try:
            # Waits here while another process holds the lock.
            await (await lock.run("MATCH (l:MigrationLock {name: 'schema'}) "
                                  "SET l.heldSince = datetime()")).consume()
            ran = await _apply_pending(graph)
            await lock.commit()
        finally:
            if not lock.closed():
                await lock.rollback()
    return ran


async def _make_lock(graph: Graph) -> None:
    """The lock node and its key, made once by whichever process gets there first: creating a
    new label's first node or constraint can deadlock with another process doing the same, and
    the loser tries again."""

    async def merge_lock(tx: AsyncManagedTransaction) -> None:
        await tx.run("MERGE (:MigrationLock {name: 'schema'})")

    for attempt in range(10):
        try:
            async with graph.session() as session:
                await (await session.run(_LOCK_KEY)).consume()
            break
        except ClientError as error:
            if error.code in _ALREADY:
                break
            raise
        except TransientError:
            await asyncio.sleep(0.05 * (attempt + 1))
    await graph.write(merge_lock)


async def schema_version(graph: Graph) -> int:
    """The newest migration applied to the database (0 for an empty one)."""
    rows = await graph.rows("MATCH (m:Migration) RETURN max(m.version) AS v")
    return int(rows[0]["v"] or 0)


async def _apply_pending(graph: Graph) -> list[int]:
    applied_rows = await graph.rows(
        "SHOW CONSTRAINTS YIELD name WHERE name = 'migration_version' RETURN count(*) AS n")
    done: set[int] = set()
    if applied_rows[0]["n"]:
        done = {row["v"] for row in await graph.rows("MATCH (m:Migration) RETURN m.version AS v")}
    ran: list[int] = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        await apply(graph, migration)

        async def record(tx: AsyncManagedTransaction, m: Migration = migration) -> None:
            await tx.run("MERGE (x:Migration {version: $v}) "
                         "ON CREATE SET x.name = $name, x.at = datetime()",
                         v=m.version, name=m.name)

        await graph.write(record)
        ran.append(migration.version)
    return ran


async def apply(graph: Graph, migration: Migration) -> None:
    """Run a migration's statements, each on its own: schema changes cannot share a transaction,
    and data changes commit in batches of their own (`IN TRANSACTIONS`)."""
    async with graph.session() as session:
        for statement in migration.statements:
            await (await session.run(statement)).consume()
