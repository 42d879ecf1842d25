"""Suspect identity in the graph: accounts, same-person links, suspects, analysts' decisions.

`SAME_PERSON_AS` runs from the account with the smaller id to the larger, so a pair has one
link. Its `status` is SUGGESTED (the linker's, replaced on every relinking), CONFIRMED or
REJECTED (an analyst's, never touched by the linker and binding on it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.audit import AuditEntry, write_event
from graph.driver import Graph
from graph.duplicates import Decision
from graph.pages import Window, by_position
from graph.records import rows_of

# Given the accounts of the persons a decision touches (each with its current `suspect`) and
# every same-person link among them, the suspects they now fall into (`_ATTRIBUTE` rows).
# The suspects some accounts fall into given their links, or None when the analysts' decisions
# among them contradict each other (then nothing is written for them).
Regroup = Callable[[list[dict[str, Any]], list[dict[str, Any]]],
                   Awaitable[list[dict[str, Any]] | None]]

BATCH = 5_000

# The linker's blocking keys as nodes, so that an arriving account finds its candidates by
# index: `account.keys` are `linking.accounts.blocking_keys` of the account's record.
KEY_ACCOUNT: LiteralString = """
UNWIND account.keys AS key
MERGE (k:AccountKey {key: key})
MERGE (a)-[:KEYED]->(k)
"""

ACCOUNT_FIELDS = ("platform", "handle", "displayName", "email", "phone", "givenName",
                  "familyName", "dob", "address", "postcode", "url", "bio", "recordId")

_PAGE = """
MATCH (a:Account) WHERE $after IS NULL OR a.id > $after
WITH a ORDER BY a.id LIMIT $batch
RETURN a {.*} AS account
"""

_UPSERT_ACCOUNTS = """
UNWIND $accounts AS account
MERGE (a:Account {id: account.id})
SET a += account.properties
""" + "WITH a, account " + KEY_ACCOUNT

_CLEAR_SUGGESTIONS = """
MATCH (:Account)-[s:SAME_PERSON_AS {status: 'SUGGESTED'}]->(:Account)
CALL (s) { DELETE s } IN TRANSACTIONS OF 10000 ROWS
"""

_SUGGEST = """
UNWIND $links AS link
MATCH (a:Account {id: link.left}), (b:Account {id: link.right})
MERGE (a)-[s:SAME_PERSON_AS]->(b)
ON CREATE SET s.status = 'SUGGESTED', s.method = 'LINKER'
WITH s, link WHERE s.status = 'SUGGESTED'
SET s.probability = link.probability, s.evidence = link.evidence, s.at = $at
"""

_ATTRIBUTE = """
UNWIND $suspects AS suspect
MERGE (p:Person:Suspect {id: suspect.id})
WITH p, suspect
UNWIND suspect.accounts AS accountId
MATCH (a:Account {id: accountId})
OPTIONAL MATCH (a)-[old:ATTRIBUTED_TO]->(:Suspect)
DELETE old
CREATE (a)-[:ATTRIBUTED_TO {probability: suspect.probability, at: $at}]->(p)
"""

_DROP_EMPTY_SUSPECTS = """
MATCH (p:Suspect) WHERE NOT EXISTS { (:Account)-[:ATTRIBUTED_TO]->(p) }
DETACH DELETE p
"""

_DECIDE = """
MATCH (a:Account {id: $left}), (b:Account {id: $right})
MERGE (a)-[s:SAME_PERSON_AS]->(b)
ON CREATE SET s.method = 'ANALYST'
SET s.status = $status, s.decidedBy = $by, s.decidedAt = $at, s.reason = $reason
RETURN s.status AS status
"""

_STORE_MODEL = """
MERGE (m:LinkModel {name: $name}) SET m.parameters = $model, m.at = $at
"""


async def stream_accounts(graph: Graph) -> AsyncIterator[list[dict[str, Any]]]:
    after: str | None = None
    while True:
        rows = await graph.rows(_PAGE, after=after, batch=BATCH)
        if not rows:
            return
        yield [row["account"] for row in rows]
        after = rows[-1]["account"]["id"]


async def upsert_accounts(graph: Graph, accounts: list[dict[str, Any]]) -> None:
    """Account records (platform disclosures, referrals), keyed by platform and handle key."""
    for start in range(0, len(accounts), BATCH):
        batch = accounts[start:start + BATCH]

        async def work(tx: AsyncManagedTransaction, batch: list[dict[str, Any]] = batch) -> None:
            await tx.run(_UPSERT_ACCOUNTS, accounts=batch)

        await graph.write(work)


_ARRIVAL_CANDIDATES = """
MATCH (a:Account {id: $id})-[:KEYED]->(k:AccountKey)
WHERE COUNT { (k)<-[:KEYED]-() } <= $cap
MATCH (k)<-[:KEYED]-(b:Account) WHERE b <> a
  AND NOT EXISTS { (a)-[:SAME_PERSON_AS {status: 'REJECTED'}]-(b) }
WITH DISTINCT a, b
OPTIONAL MATCH (b)-[:ATTRIBUTED_TO]->(p:Suspect)
RETURN a {.*} AS account, b {.*, suspect: p.id} AS candidate
"""

_SUGGEST_ON_ARRIVAL = """
UNWIND $links AS link
MATCH (low:Account {id: link.left}), (high:Account {id: link.right})
MERGE (low)-[s:SAME_PERSON_AS]->(high)
ON CREATE SET s.status = 'SUGGESTED', s.method = 'ARRIVAL'
WITH s, link WHERE s.status = 'SUGGESTED'
SET s.probability = link.probability, s.evidence = link.evidence, s.at = $at
"""

_ATTRIBUTE_ON_ARRIVAL = """
MERGE (p:Person:Suspect {id: $suspect})
WITH p
UNWIND $accounts AS accountId
MATCH (a:Account {id: accountId}) WHERE NOT EXISTS { (a)-[:ATTRIBUTED_TO]->(:Suspect) }
CREATE (a)-[:ATTRIBUTED_TO {probability: $probability, at: $at}]->(p)
"""


async def arrival_candidates(graph: Graph, account_id: str, cap: int
                             ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The account and every account sharing one of its keys held by at most `cap` accounts
    (a key more have says nothing), each with its suspect; rejected pairs left out."""
    rows = await graph.rows(_ARRIVAL_CANDIDATES, id=account_id, cap=cap)
    return (rows[0]["account"] if rows else None), [row["candidate"] for row in rows]


async def link_on_arrival(graph: Graph, links: list[dict[str, Any]], suspect: str | None,
                          accounts: list[str], probability: float, at: Any,
                          audit: AuditEntry) -> None:
    """Suggest the links and, with a `suspect`, attribute to it those of `accounts` not yet
    attributed, at once."""

    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run(_SUGGEST_ON_ARRIVAL, links=links, at=at)
        if suspect is not None:
            await tx.run(_ATTRIBUTE_ON_ARRIVAL, suspect=suspect, accounts=accounts,
                         probability=probability, at=at)
        await write_event(tx, audit)

    await graph.write(work)


async def model_stamp(graph: Graph) -> str | None:
    """When the account model was last stored: a cheap check before reading it whole."""
    rows = await graph.rows("MATCH (m:LinkModel {name: 'accounts'}) RETURN toString(m.at) AS at")
    return rows[0]["at"] if rows else None


async def decisions(graph: Graph) -> list[dict[str, Any]]:
    return await graph.rows(
        "MATCH (a:Account)-[s:SAME_PERSON_AS]->(b:Account) WHERE s.status <> 'SUGGESTED' "
        "RETURN a.id AS left, b.id AS right, s.status AS status")


async def write_identity(graph: Graph, links: list[dict[str, Any]],
                         suspects: list[dict[str, Any]], model: str, at: Any,
                         audit: AuditEntry) -> None:
    """Replace the linker's suggestions and the suspects; analysts' decisions stay as they are."""
    async with graph.session() as session:
        await (await session.run(_CLEAR_SUGGESTIONS)).consume()
    for start in range(0, len(links), BATCH):
        batch = links[start:start + BATCH]

        async def suggest(tx: AsyncManagedTransaction,
                          batch: list[dict[str, Any]] = batch) -> None:
            await tx.run(_SUGGEST, links=batch, at=at)

        await graph.write(suggest)
    for start in range(0, len(suspects), BATCH):
        chunk = suspects[start:start + BATCH]

        async def attribute(tx: AsyncManagedTransaction,
                            chunk: list[dict[str, Any]] = chunk) -> None:
            await tx.run(_ATTRIBUTE, suspects=chunk, at=at)

        await graph.write(attribute)

    async def finish(tx: AsyncManagedTransaction) -> None:
        await tx.run(_DROP_EMPTY_SUSPECTS)
        await tx.run(_STORE_MODEL, name="accounts", model=model, at=at)
        await write_event(tx, audit)

    await graph.write(finish)


async def decide_same_person(graph: Graph, left: str, right: str, status: str,
                             decision: Decision, audit: AuditEntry,
                             regroup: Regroup) -> str | None:
    """Record an analyst's CONFIRMED or REJECTED on a pair and regroup the persons it touches,
    in one transaction: the decision and its effect stand or fall together. None when an
    account is missing."""
    low, high = sorted((left, right))

    async def work(tx: AsyncManagedTransaction) -> str | None:
        row = await (await tx.run(_DECIDE, left=low, right=high, status=status,
                                  by=decision.by, at=decision.at,
                                  reason=decision.reason)).single()
        if row is None:
            return None
        await regroup_persons(tx, [low, high], regroup, decision.at)
        await write_event(tx, replace(audit, targets=(low, high)))
        return str(row["status"])

    return await graph.write(work)


# Locks the persons first (a write lock on each), so that two decisions touching one person
# regroup it one after the other, each from what the other left.
_LOCK_PERSONS = """
UNWIND $pair AS id
MATCH (a:Account {id: id})-[:ATTRIBUTED_TO]->(p:Suspect)
SET p.regroupedAt = $at
RETURN collect(DISTINCT p.id) AS persons
"""

_PERSONS_ACCOUNTS = """
CALL () {
  UNWIND $persons AS pid
  MATCH (:Suspect {id: pid})<-[:ATTRIBUTED_TO]-(a:Account)
  RETURN a
  UNION
  UNWIND $pair AS id
  MATCH (a:Account {id: id})
  RETURN a
}
OPTIONAL MATCH (a)-[:ATTRIBUTED_TO]->(p:Suspect)
RETURN a {.*, suspect: p.id} AS account
"""

_LINKS_AMONG = """
UNWIND $ids AS id
MATCH (a:Account {id: id})-[s:SAME_PERSON_AS]->(b:Account) WHERE b.id IN $ids
RETURN a.id AS left, b.id AS right, s.status AS status, s.probability AS probability
"""

_DROP_EMPTY_OF = """
UNWIND $persons AS pid
MATCH (p:Suspect {id: pid}) WHERE NOT EXISTS { (:Account)-[:ATTRIBUTED_TO]->(p) }
DETACH DELETE p
"""


async def regroup_persons(tx: AsyncManagedTransaction, pair: list[str], regroup: Regroup,
                          at: Any) -> bool:
    """In the caller's transaction: the persons holding the pair's accounts, re-clustered by
    `regroup` and written back; persons left without an account are removed. False, with
    nothing written, when `regroup` finds the decisions among them contradictory."""
    locked = await (await tx.run(_LOCK_PERSONS, pair=pair, at=at)).single()
    persons = locked["persons"] if locked else []
    accounts = [row["account"] for row in await rows_of(
        await tx.run(_PERSONS_ACCOUNTS, persons=persons, pair=pair))]
    links = await rows_of(await tx.run(_LINKS_AMONG, ids=[a["id"] for a in accounts]))
    suspects = await regroup(accounts, links)
    if suspects is None:
        return False
    await tx.run(_ATTRIBUTE, suspects=suspects, at=at)
    await tx.run(_DROP_EMPTY_OF, persons=persons)
    return True


async def decided_since(graph: Graph, since: Any) -> list[dict[str, Any]]:
    """The pairs analysts decided at or after `since`, oldest first, with their status."""
    return await graph.rows(
        "MATCH (a:Account)-[s:SAME_PERSON_AS]->(b:Account) WHERE s.decidedAt >= $since "
        "RETURN a.id AS left, b.id AS right, s.status AS status ORDER BY s.decidedAt, a.id, b.id",
        since=since)


async def reapply_decisions(graph: Graph, decided: list[dict[str, Any]], regroup: Regroup,
                            at: Any) -> list[dict[str, Any]]:
    """The persons each decided pair touches, regrouped in order, all in one transaction (a
    relink's last step: it ends with every decision applied, or with none and an error, never
    half). A pair whose decisions `regroup` finds contradictory is skipped, not fatal: its
    decisions stay for an analyst to settle. Returns the skipped ones."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return [pair for pair in decided
                if not await regroup_persons(tx, [pair["left"], pair["right"]], regroup, at)]

    return await graph.write(work)


async def attributions(graph: Graph) -> dict[str, str]:
    """Which suspect each account is attributed to now."""
    rows = await graph.rows("MATCH (a:Account)-[:ATTRIBUTED_TO]->(p:Suspect) "
                            "RETURN a.id AS account, p.id AS suspect")
    return {row["account"]: row["suspect"] for row in rows}


async def stored_model(graph: Graph) -> str | None:
    rows = await graph.rows("MATCH (m:LinkModel {name: 'accounts'}) RETURN m.parameters AS p")
    return rows[0]["p"] if rows else None


# An account is within a force officer's reach only if one of their force's cases names it.
SCOPED_ACCOUNT: LiteralString = ("($scope IS NULL OR EXISTS { (a)<-[:NAMES]-(:Report)"
                                 "-[:PART_OF]->(:Case {force: $scope}) })")
SCOPED_OTHER_ACCOUNT: LiteralString = ("($scope IS NULL OR EXISTS { (b)<-[:NAMES]-(:Report)"
                                       "-[:PART_OF]->(:Case {force: $scope}) })")
# A suspect found by a handle: one of their accounts within reach has a handle starting so (an
# account out of reach must not tell a force officer that its handle is this suspect's).
_FOUND_SUSPECT: LiteralString = (
    "($handle IS NULL OR EXISTS { MATCH (p)<-[:ATTRIBUTED_TO]-(b:Account)"
    " WHERE b.handleKey STARTS WITH $handle AND " + SCOPED_OTHER_ACCOUNT + " })")


async def accounts_by_id(graph: Graph, ids: list[str],
                         scope: str | None) -> dict[str, dict[str, Any]]:
    """Accounts; a force officer sees only accounts named in their own force's cases."""
    rows = await graph.rows(
        "UNWIND $ids AS id MATCH (a:Account {id: id}) WHERE " + SCOPED_ACCOUNT +
        " OPTIONAL MATCH (a)-[:ATTRIBUTED_TO]->(p:Suspect)"
        " RETURN a {.*, suspect: p.id} AS account", ids=ids, scope=scope)
    return {row["account"]["id"]: row["account"] for row in rows}


async def same_person_links(graph: Graph, ids: list[str],
                            scope: str | None) -> dict[str, list[dict[str, Any]]]:
    """Each account's same-person links (both directions), with evidence and decisions."""
    rows = await graph.rows(
        "UNWIND $ids AS id MATCH (a:Account {id: id}) WHERE " + SCOPED_ACCOUNT +
        " OPTIONAL MATCH (a)-[s:SAME_PERSON_AS]-(b:Account) WHERE " + SCOPED_OTHER_ACCOUNT +
        " WITH a, s, b ORDER BY s.probability DESC"
        " RETURN a.id AS id, [x IN collect(CASE WHEN s IS NULL THEN NULL ELSE"
        "   s {.probability, .status, .evidence, .decidedBy, .decidedAt, .reason, .method,"
        "      other: b.id} END) WHERE x IS NOT NULL] AS links",
        ids=ids, scope=scope)
    return {row["id"]: row["links"] for row in rows}


async def suspects_by_id(graph: Graph, ids: list[str],
                         scope: str | None) -> dict[str, dict[str, Any]]:
    rows = await graph.rows(
        "UNWIND $ids AS id MATCH (p:Suspect {id: id})<-[:ATTRIBUTED_TO]-(a:Account)"
        " WHERE " + SCOPED_ACCOUNT +
        " WITH p, collect(a.id) AS accounts RETURN p {.id, accounts: accounts} AS suspect",
        ids=ids, scope=scope)
    return {row["suspect"]["id"]: row["suspect"] for row in rows}


RANKINGS = {"VICTIMS": "victims", "CASES": "cases", "PLATFORMS": "platforms"}


async def ranked_suspects(graph: Graph, order: str, scope: str | None,
                          window: Window[int], handle: str | None = None
                          ) -> tuple[list[dict[str, Any]], int]:
    """Suspects with their reach (victims, cases, platforms), most prolific first: the rows of
    `window`, paged by position, and how many there are in all; only those with an account
    whose folded handle starts with `handle`, when given."""
    total = await graph.rows(
        "MATCH (p:Suspect) WHERE ($scope IS NULL OR EXISTS {"
        " (p)<-[:ATTRIBUTED_TO]-(:Account)<-[:NAMES]-(:Report)-[:PART_OF]->"
        "(:Case {force: $scope}) }) AND " + _FOUND_SUSPECT + " RETURN count(p) AS n",
        scope=scope, handle=handle)
    skip, limit = by_position(window, total[0]["n"])
    rows = await graph.rows(
        "MATCH (p:Suspect) WHERE " + _FOUND_SUSPECT +
        " MATCH (p)<-[:ATTRIBUTED_TO]-(a:Account) WHERE " + SCOPED_ACCOUNT +
        " OPTIONAL MATCH (a)<-[:NAMES]-(:Report)-[:PART_OF]->(c:Case)"
        " WHERE $scope IS NULL OR c.force = $scope"
        " OPTIONAL MATCH (c)<-[:PART_OF]-(:Report)-[:AGAINST]->(v:Victim)"
        " WITH p, count(DISTINCT c) AS cases, count(DISTINCT coalesce(v.partyKey, v.id))"
        "  AS victims, count(DISTINCT a.platform) AS platforms, collect(DISTINCT a.id) AS accounts"
        " WHERE $scope IS NULL OR cases > 0"
        " RETURN p.id AS id, cases, victims, platforms, accounts"
        " ORDER BY CASE $order WHEN 'victims' THEN victims WHEN 'cases' THEN cases"
        "  ELSE platforms END DESC, p.id SKIP $skip LIMIT $limit",
        order=RANKINGS[order], scope=scope, skip=skip, limit=limit, handle=handle)
    return [{**row, "position": skip + n} for n, row in enumerate(rows)], total[0]["n"]


async def record_ban(graph: Graph, account: str, at: Any, source: str,
                     audit: AuditEntry) -> bool:
    async def work(tx: AsyncManagedTransaction) -> bool:
        row = await (await tx.run(
            "MATCH (a:Account {id: $id}) SET a.bannedAt = $at, a.banSource = $source "
            "RETURN a.id AS id", id=account, at=at, source=source)).single()
        if row is None:
            return False
        await write_event(tx, replace(audit, targets=(account,)))
        return True

    return await graph.write(work)


async def returned_after_ban(graph: Graph, scope: str | None,
                             limit: int) -> list[dict[str, Any]]:
    """Banned accounts whose person came back: another account first reported after the ban."""
    return await graph.rows(
        "MATCH (a:Account)-[:ATTRIBUTED_TO]->(p:Suspect)<-[:ATTRIBUTED_TO]-(b:Account)"
        " WHERE a.bannedAt IS NOT NULL AND b <> a"
        " CALL (b) { MATCH (b)<-[:NAMES]-(r:Report)-[:PART_OF]->(c:Case)"
        "   WHERE $scope IS NULL OR c.force = $scope"
        "   RETURN min(r.receivedAt) AS firstSeen }"
        " WITH a, b, p, firstSeen WHERE firstSeen > a.bannedAt"
        " RETURN a.id AS banned, a.bannedAt AS bannedAt, b.id AS returned,"
        "  firstSeen, p.id AS suspect ORDER BY firstSeen DESC LIMIT $limit",
        scope=scope, limit=limit)
