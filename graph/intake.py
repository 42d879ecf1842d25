"""The intake write: one transaction that stores a referral and everything it brings.

Idempotency rests on the uniqueness constraint on `Report.truevisionRef`: `MERGE` locks that key
until the transaction ends, so concurrent submissions of one reference queue behind the first,
then find its report instead of writing their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.audit import write_event
from graph.driver import Graph


@dataclass(frozen=True, slots=True)
class StoredIntake:
    report: dict[str, Any]
    case: dict[str, Any]
    created: bool


_MERGE_REPORT = """
MERGE (r:Report {truevisionRef: $report.truevisionRef})
ON CREATE SET r += $report
WITH r
OPTIONAL MATCH (r)-[:PART_OF]->(c:Case)
RETURN r.id = $report.id AS created
"""

_READ_BACK = """
MATCH (r:Report {truevisionRef: $ref})-[:PART_OF]->(c:Case)
RETURN r {.*} AS report, c {.*, reportCount: COUNT { (c)<-[:PART_OF]-(:Report) }} AS case
"""

_NEXT_CASE_NUMBER = """
MERGE (n:Counter {name: $name})
ON CREATE SET n.value = 0
SET n.value = n.value + 1
RETURN n.value AS value
"""

_OPEN_CASE = """
MATCH (r:Report {truevisionRef: $ref})
CREATE (c:Case $case)
CREATE (r)-[:PART_OF {at: $at, method: 'NEW_CASE'}]->(c)
CREATE (al:Allocation $allocation)
CREATE (c)-[:HAS_ALLOCATION]->(al)
WITH c, al
OPTIONAL MATCH (f:Force {code: $allocation.force})
FOREACH (_ IN CASE WHEN f IS NULL THEN [] ELSE [1] END |
  CREATE (c)-[:ALLOCATED_TO {rule: al.rule, reason: al.reason, at: al.at, by: al.by}]->(f))
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
WITH ct, content
OPTIONAL MATCH (p:Platform {id: content.platform})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (ct)-[:HOSTED_ON]->(p))
"""

_ATTACH_ACCOUNTS = """
MATCH (r:Report {truevisionRef: $ref})
UNWIND $accounts AS account
MERGE (a:Account {id: account.id})
ON CREATE SET a += account.properties
MERGE (r)-[:NAMES]->(a)
"""

async def record_intake(graph: Graph, plan: dict[str, Any]) -> StoredIntake:
    """Write the plan casework prepared, or find the report an earlier attempt stored."""

    async def work(tx: AsyncManagedTransaction) -> StoredIntake:
        report = plan["report"]
        row = await (await tx.run(_MERGE_REPORT, report=report)).single(strict=True)
        ref = report["truevisionRef"]
        if not row["created"]:
            return await _read_back(tx, ref, created=False)
        counter = await (await tx.run(_NEXT_CASE_NUMBER, name=plan["counter"])).single(
            strict=True)
        case = {**plan["case"], "reference": plan["case_prefix"] + f"{counter['value']:06d}"}
        await tx.run(_OPEN_CASE, ref=ref, case=case, at=report["receivedAt"],
                     allocation=plan["allocation"])
        for party in plan["parties"]:
            await tx.run(_ATTACH_PARTY, ref=ref, id=party["id"],
                         properties=party["properties"], victim=party["victim"],
                         complainant=party["complainant"])
        if plan["contents"]:
            await tx.run(_ATTACH_CONTENT, ref=ref, contents=plan["contents"])
        if plan["accounts"]:
            await tx.run(_ATTACH_ACCOUNTS, ref=ref, accounts=plan["accounts"])
        await write_event(tx, {**plan["audit"], "targets": [ref, case["reference"]]})
        return await _read_back(tx, ref, created=True)

    return await graph.write(work)


async def _read_back(tx: AsyncManagedTransaction, ref: str, created: bool) -> StoredIntake:
    row = await (await tx.run(_READ_BACK, ref=ref)).single(strict=True)
    return StoredIntake(row["report"], row["case"], created)
