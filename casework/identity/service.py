"""Suspect identity: linking accounts into persons over the whole graph, and analysts' say.

The linker suggests; analysts confirm or reject, or assert that two accounts are (or are not)
one person. Those decisions are must-link and cannot-link constraints for every later relinking
and labelled pairs for training the model, so the system learns from them.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from rich.progress import Progress

from casework.access import Permission, Principal
from casework.duplicates.relink import NEW, plan_relink
from casework.errors import RuleViolation
from graph import identity
from graph.driver import Graph
from linking.accounts import THRESHOLD, AccountModel, compare, link_accounts
from linking.block.accounts import BLOCK_CAP, blocking_keys
from linking.evidence import Match
from linking.normalise.accounts import normalise_account
from linking.normalise.handles import handle_key

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


def suspect_ids(current: dict[str, str], clusters: dict[str, str]) -> dict[str, str]:
    """The suspect id for each cluster: the existing suspect holding most of its accounts keeps
    its id (largest cluster first); any other cluster gets a new random id.

    Ids carry nothing derived from accounts, so a suspect's id neither changes nor hints when an
    account that only another force knows joins it.
    """
    holders = {account: current.get(account, f"{NEW}{account}") for account in clusters}
    plan = plan_relink(holders, clusters)
    chosen: dict[str, str] = {}
    for account, cluster in clusters.items():
        target = plan.moves.get(account, holders[account])
        if target.startswith(NEW):
            target = chosen.get(cluster) or f"S-{uuid.uuid4().hex[:12]}"
        chosen[cluster] = target
    return chosen


def _link_row(match: Match) -> dict[str, Any]:
    low, high = sorted((match.left, match.right))
    return {"left": low, "right": high, "probability": round(match.probability, 6),
            "evidence": json.dumps([{"feature": e.feature, "value": e.value,
                                     "weight": round(e.weight, 3)} for e in match.evidence])}


async def relink_accounts(graph: Graph) -> dict[str, int]:
    """Relink every account; analysts' decisions bind the clustering and train the model."""
    now = datetime.now(UTC)
    records: list[dict[str, Any]] = []
    with Progress() as bar:
        reading = bar.add_task("Reading accounts", total=None)
        async for page in identity.stream_accounts(graph):
            records.extend(as_record(account) for account in page)
            bar.advance(reading, len(page))
        decided = await identity.decisions(graph)
        must = [(d["left"], d["right"]) for d in decided if d["status"] == "CONFIRMED"]
        cannot = [(d["left"], d["right"]) for d in decided if d["status"] == "REJECTED"]
        task = bar.add_task("Linking accounts", total=len(records))
        linkage = link_accounts(records, must_link=must, cannot_link=cannot,
                                progress=lambda n: bar.advance(task, n))
    members: dict[str, list[str]] = {}
    for account, cluster in linkage.clusters.items():
        members.setdefault(cluster, []).append(account)
    best: dict[str, float] = {}
    for link in linkage.links:
        for side in (link.left, link.right):
            best[side] = max(best.get(side, 0.0), link.probability)
    ids = suspect_ids(await identity.attributions(graph), linkage.clusters)
    suspects = [{"id": ids[cluster], "accounts": accounts,
                 "probability": round(min(best.get(a, 1.0) for a in accounts), 6)}
                for cluster, accounts in sorted(members.items())]
    audit = {"id": str(uuid.uuid4()), "at": now, "actor": "hub link accounts",
             "role": "SYSTEM", "action": "COMBINATION", "targets": [],
             "justification": "batch linking of suspect accounts"}
    await identity.write_identity(graph, [_link_row(m) for m in linkage.links], suspects,
                                  json.dumps(linkage.model.to_dict()), now, audit)
    return {"accounts": len(records), "links": len(linkage.links), "suspects": len(suspects)}


async def decide(graph: Graph, principal: Principal, left: str, right: str, same: bool,
                 reason: str) -> str:
    """Confirm (same person) or reject (different people) a pair of accounts."""
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
    audit = {"id": str(uuid.uuid4()), "at": now, "actor": principal.subject,
             "role": principal.role.value, "force": principal.force, "action": "COMBINATION",
             "justification": f"{status.lower()}: {reason.strip()}"}
    stored = await identity.decide_same_person(
        graph, left, right, status, {"by": principal.subject, "at": now,
                                     "reason": reason.strip()}, audit)
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
    audit = {"id": str(uuid.uuid4()), "at": now, "actor": actor, "role": "SYSTEM",
             "action": "COMBINATION", "targets": [account, *(m.left if m.right == account
                                                             else m.right for m in links)],
             "justification": f"{len(links)} link(s) suggested on arrival, best "
                              f"p={best.probability:.3f}"
                              + (", attributed to its suspect" if attribute else "")}
    suspect = (suspects[other] or f"S-{uuid.uuid4().hex[:12]}") if attribute else None
    await identity.link_on_arrival(graph, [_link_row(m) for m in links], suspect,
                                   [account, other], round(best.probability, 6), now, audit)
    return links
