"""Suspect identity: linking accounts into persons over the whole graph, and analysts' say.

The linker suggests; analysts confirm or reject, or assert that two accounts are (or are not)
one person. Those decisions are must-link and cannot-link constraints for every later relinking
and labelled pairs for training the model, so the system learns from them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from itertools import combinations
from typing import Any

from casework.access import Permission, Principal
from casework.decided import Decided
from casework.errors import RuleViolation
from casework.identity.persons import regroup, suspects_of
from graph import identity
from graph.audit import AuditEntry
from graph.driver import Graph
from graph.relink_jobs import RelinkCounts
from linking.accounts import COMPLETE, THRESHOLD, AccountModel, compare, link_accounts
from linking.block.accounts import BLOCK_CAP, blocking_keys
from linking.evidence import Match
from linking.normalise.accounts import normalise_account
from linking.normalise.handles import handle_key

log = logging.getLogger("hub.identity")

MIN_REASON = 10
# Even odds: worth an analyst's look, though short of what attributes an account (THRESHOLD).
ARRIVAL_SUGGESTION = 0.5
RECORD_FIELDS = {"platform": "platform", "handle": "handle", "display_name": "displayName",
                 "email": "email", "phone": "phone", "given_name": "givenName",
                 "family_name": "familyName", "dob": "dob", "address": "address",
                 "postcode": "postcode", "url": "url", "bio": "bio"}


def account_id(platform: str | None, handle: str) -> str:
    """One account per platform and handle key, whichever door its record came in by."""
    return f"{platform or 'unknown'}:{handle_key(handle)}"


def account_properties(record: dict[str, Any]) -> dict[str, Any]:
    """An account record (foundation JSONL format) as Account node properties."""
    properties = {prop: record[key] for key, prop in RECORD_FIELDS.items() if record.get(key)}
    if record.get("handle"):
        properties["handleKey"] = handle_key(str(record["handle"]))
    properties["recordId"] = record["id"]
    return properties


def account_keys(record: dict[str, Any]) -> list[str]:
    """The linker's blocking keys for an account record, stored so that arrivals find it."""
    return sorted(blocking_keys(normalise_account(record)))


async def load_account_records(graph: Graph, records: list[dict[str, Any]]) -> int:
    """Account records (platform disclosures) into the graph, merged with referral-named ones."""
    rows = [{"id": account_id(r.get("platform"), str(r.get("handle") or r["id"])),
             "properties": account_properties(r), "keys": account_keys(r)} for r in records]
    await identity.upsert_accounts(graph, rows)
    return len(rows)


def as_record(account: dict[str, Any]) -> dict[str, Any]:
    """An Account node back in the record format the linker reads."""
    record = {key: account[prop] for key, prop in RECORD_FIELDS.items() if account.get(prop)}
    return {"id": account["id"], **record}


def _link_row(match: Match) -> dict[str, Any]:
    low, high = sorted((match.left, match.right))
    return {"left": low, "right": high, "probability": round(match.probability, 6),
            "evidence": json.dumps([{"feature": e.feature, "value": e.value,
                                     "weight": round(e.weight, 3)} for e in match.evidence])}


class AccountStage(StrEnum):
    """What a relinking of accounts is doing, for whoever shows its progress."""

    READING = "reading accounts"
    LINKING = "linking accounts"
    WRITING = "writing suspects"


AccountProgress = Callable[[AccountStage, int, int | None], None]


def unwatched(stage: AccountStage, done: int, total: int | None) -> None:
    """No one is shown the progress (the relink job still records it in the graph)."""


async def relink_accounts(graph: Graph,
                          progress: AccountProgress = unwatched) -> RelinkCounts:
    """Relink every account; analysts' decisions bind the clustering and train the model.

    The linking itself runs in a worker thread, so that an API process running it as a job
    goes on answering. Decisions made while it ran are applied again once it has written, as
    they were when made, in one transaction: a relink never undoes an analyst's decision. One
    that contradicts others made meanwhile (an analyst deciding between the relink's write and
    that transaction sees the relink's persons, not the decisions yet to be applied again) is
    skipped and logged, and counted in the result (`skippedDecisions`, `skippedPairs`): the
    relink's own work is written by then, and failing it would hide that.
    """
    now = datetime.now(UTC)
    records: list[dict[str, Any]] = []
    async for page in identity.stream_accounts(graph):
        records.extend(as_record(account) for account in page)
        progress(AccountStage.READING, len(records), None)
    decided = await identity.decisions(graph)
    must = [(d["left"], d["right"]) for d in decided if d["status"] == "CONFIRMED"]
    cannot = [(d["left"], d["right"]) for d in decided if d["status"] == "REJECTED"]
    normalised = 0

    def advance(count: int) -> None:
        nonlocal normalised
        normalised += count
        progress(AccountStage.LINKING, normalised, len(records))

    linkage = await asyncio.to_thread(link_accounts, records, must_link=must,
                                      cannot_link=cannot, progress=advance)
    progress(AccountStage.WRITING, 0, None)
    suspects = suspects_of(linkage.clusters, linkage.links, await identity.attributions(graph))
    audit = AuditEntry(str(uuid.uuid4()), now, "hub link accounts", "SYSTEM", "COMBINATION",
                       justification="batch linking of suspect accounts")
    await identity.write_identity(graph, [_link_row(m) for m in linkage.links], suspects,
                                  json.dumps(linkage.model.to_dict()), now, audit)
    skipped = await identity.reapply_decisions(
        graph, await identity.decided_since(graph, now), _regrouping(linkage.model),
        datetime.now(UTC))
    for pair in skipped:
        log.warning("relink: the decision %s on %s / %s contradicts others made while it ran; "
                    "not applied again, left for an analyst", pair["status"], pair["left"],
                    pair["right"])
    progress(AccountStage.WRITING, len(suspects), len(suspects))
    return RelinkCounts(len(records), len(linkage.links), len(suspects), len(skipped),
                        tuple(f"{pair['left']} {pair['status']} {pair['right']}"
                              for pair in skipped))


def _regrouped(accounts: list[dict[str, Any]], links: list[dict[str, Any]],
               model: AccountModel | None) -> list[dict[str, Any]] | None:
    """The suspects the accounts of a few persons fall into (`persons.regroup`), or None when
    the decisions among them contradict each other.

    Pairs are scored as the relink scores them: every pair, by the current model, when there
    are at most COMPLETE accounts (the relink weighs every pair of such a linked group); the
    stored scores otherwise, and before any relink has trained a model.
    """
    ids = [account["id"] for account in accounts]
    scores = {(link["left"], link["right"]): Match(link["left"], link["right"],
                                                   link["probability"])
              for link in links if link["probability"] is not None}
    if model is not None and len(accounts) <= COMPLETE:
        features = [normalise_account(as_record(account)) for account in accounts]
        for a, b in combinations(features, 2):
            match = compare(a, b, model)
            scores[min(match.left, match.right), max(match.left, match.right)] = match
    decided = {status: [(link["left"], link["right"]) for link in links
                        if link["status"] == status] for status in ("CONFIRMED", "REJECTED")}
    try:
        return regroup(ids, scores.values(), decided["CONFIRMED"], decided["REJECTED"],
                       {a["id"]: a["suspect"] for a in accounts if a.get("suspect")})
    except ValueError:
        return None


def _regrouping(model: AccountModel | None) -> identity.Regroup:
    async def regrouping(accounts: list[dict[str, Any]],
                         links: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        return await asyncio.to_thread(_regrouped, accounts, links, model)

    return regrouping


def _refusing(model: AccountModel | None) -> identity.Regroup:
    """`_regrouping` for an analyst's decision: one that contradicts earlier decisions is
    refused (the transaction rolls back), not skipped."""
    regrouping = _regrouping(model)

    async def refusing(accounts: list[dict[str, Any]],
                       links: list[dict[str, Any]]) -> list[dict[str, Any]]:
        suspects = await regrouping(accounts, links)
        if suspects is None:
            raise RuleViolation.one(
                ("input", "samePerson"), "this contradicts earlier decisions: accounts "
                "confirmed as one person would hold a pair rejected as two",
                "CONTRADICTS_DECISIONS")
        return suspects

    return refusing


async def decide(graph: Graph, principal: Principal, left: str, right: str, same: bool,
                 reason: str) -> str:
    """Confirm (same person) or reject (different people) a pair of accounts; the persons the
    pair touches are regrouped at once, in the same transaction."""
    principal.require(Permission.DECIDE_LINKS)
    if len(reason.strip()) < MIN_REASON:
        raise RuleViolation.one(("input", "reason"),
                                f"give a reason of at least {MIN_REASON} characters",
                                "REASON_REQUIRED")
    if left == right:
        raise RuleViolation.one(("input", "otherAccountId"), "an account is itself",
                                "SAME_ACCOUNT")
    now = datetime.now(UTC)
    status = "CONFIRMED" if same else "REJECTED"
    audit = AuditEntry(str(uuid.uuid4()), now, principal.subject, principal.role.value,
                       "COMBINATION", force=principal.force,
                       justification=f"{status.lower()}: {reason.strip()}")
    stored = await identity.decide_same_person(
        graph, left, right, status, Decided(principal.subject, now, reason.strip()), audit,
        _refusing(await current_model(graph)))
    if stored is None:
        raise RuleViolation.one(("input",), "both accounts must exist", "NOT_FOUND")
    return stored


async def load_model(graph: Graph) -> AccountModel | None:
    stored = await identity.stored_model(graph)
    model = AccountModel.from_dict(json.loads(stored)) if stored else None
    return model if model is not None and model.fits() else None




_MODELS: dict[str, AccountModel] = {}


async def current_model(graph: Graph) -> AccountModel | None:
    """The model the last relinking trained, read whole only when it has changed."""
    stamp = await identity.model_stamp(graph)
    if stamp is None:
        return None
    if stamp not in _MODELS:
        model = await load_model(graph)
        if model is None:
            return None
        _MODELS.clear()
        _MODELS[stamp] = model
    return _MODELS[stamp]


async def link_on_arrival(graph: Graph, account: str, actor: str) -> list[Match]:
    """Link an account as it arrives. Its candidates come from its stored keys only and are
    scored by the current model; those at least even odds become suggestions with their
    evidence, for analysts to confirm or reject (a referral names a handle and little else, so
    most arrive here). Only a link the batch linker would also make (THRESHOLD) attributes the
    account to its match's suspect, or to a new one with it. Until a relinking has trained a
    model there is nothing to score with, and nothing is linked."""
    model = await current_model(graph)
    if model is None:
        return []
    stored, candidates = await identity.arrival_candidates(graph, account, BLOCK_CAP)
    if stored is None:
        return []
    arriving = normalise_account(as_record(stored))
    suspects = {c["id"]: c.get("suspect") for c in candidates}
    links = sorted((m for m in (compare(arriving, normalise_account(as_record(c)), model)
                                for c in candidates) if m.probability >= ARRIVAL_SUGGESTION),
                   key=lambda m: (-m.probability, m.left, m.right))
    if not links:
        return []
    best = links[0]
    other = best.right if best.left == account else best.left
    attribute = best.probability >= THRESHOLD
    now = datetime.now(UTC)
    audit = AuditEntry(
        str(uuid.uuid4()), now, actor, "SYSTEM", "COMBINATION",
        targets=(account, *(m.left if m.right == account else m.right for m in links)),
        justification=f"{len(links)} link(s) suggested on arrival, best "
                      f"p={best.probability:.3f}"
                      + (", attributed to its suspect" if attribute else ""))
    suspect = (suspects[other] or f"S-{uuid.uuid4().hex[:12]}") if attribute else None
    await identity.link_on_arrival(graph, [_link_row(m) for m in links], suspect,
                                   [account, other], round(best.probability, 6), now, audit)
    return links
