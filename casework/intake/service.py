"""Taking a referral in: validate, work out what it concerns and who answers for it, store it once.

The hub must never lose a referral and never store one twice: the whole intake is one
transaction, and a retry with the same Truevision reference returns what the first stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from casework.access import Permission, Principal
from casework.config import current_rules
from casework.errors import RuleViolation
from casework.identity.service import account_id, account_keys, link_on_arrival
from casework.intake.metrics import INTAKE, intake_outcome
from casework.intake.referral import Party, Referral, referral_from_record, stored_record
from casework.workflow import allocation as allocation_rules
from casework.workflow.triage import out_of_hours
from graph.audit import AuditEntry
from graph.driver import Graph
from graph.intake import Chooser, StoredIntake, record_intake, relate_cases
from linking.normalise.handles import handle_key
from linking.referrals import (
    BANDS_ALONE,
    COMPARED_PER_KEY,
    PER_POST,
    ReferralFeatures,
    blocking_keys,
    decide,
    lookup_keys,
    normalise_referral,
    post_keys,
    post_of,
    relation,
)
from linking.urls import ContentKey, canonical_content
from seeds.reference.postcodes import force_for_postcode

log = logging.getLogger("hub.intake")


@dataclass(frozen=True, slots=True)
class Intake:
    """What the caller learns: the report, its case, and whether this call stored it."""

    report: dict[str, Any]
    case: dict[str, Any]
    created: bool


def _content_keys(urls: tuple[str, ...]) -> list[tuple[str, ContentKey]]:
    """Each URL's canonical content key; a URL no platform rule knows keys on itself."""
    keyed = []
    for url in urls:
        key = canonical_content(url) or ContentKey("web", "url", url.strip())
        keyed.append((url, key))
    return list({key.key: (url, key) for url, key in keyed}.values())


def allocate(referral: Referral, by: str, at: datetime) -> dict[str, Any]:
    """The responsible force at intake, by the configured allocation rules.

    At intake only the victim's location is known (from their postcode, or the complainant's);
    assessment may re-allocate later (suspect located elsewhere, transfer hand-shake). The rule
    and its reason are recorded so that nobody has to guess later.
    """
    party = referral.victim or referral.complainant
    located = force_for_postcode(party.postcode) if party and party.postcode else None
    allocation = allocation_rules.allocate(
        allocation_rules.AllocationFacts(victim_force=located.force_code if located else None),
        current_rules(), by=by, at=at)
    reason = allocation.reason
    if located is not None:
        who = "victim" if referral.victim else "complainant"
        reason = f"{reason} The {who}'s postcode: {located.reason}."
    return {"force": allocation.force, "victimForce": allocation.victim_force,
            "rule": allocation.rule, "reason": reason}


def party_key(party: Party) -> str | None:
    """The same person named in different referrals, for networks ("targeted the same victim").

    Name and postcode together, folded; a pseudonymous digest so that the key itself discloses
    nothing. Without both, no key: a name alone is too common to join on.
    """
    if not (party.name and party.postcode):
        return None
    folded = " ".join(party.name.lower().split()) + "|" + party.postcode.replace(" ", "")
    return hashlib.sha256(folded.encode()).hexdigest()[:20]


def _party(party: Party, victim: bool, complainant: bool) -> dict[str, Any]:
    properties = {k: v for k, v in (("name", party.name), ("postcode", party.postcode),
                                    ("email", party.email), ("phone", party.phone),
                                    ("partyKey", party_key(party))) if v}
    return {"id": str(uuid.uuid4()), "properties": properties, "victim": victim,
            "complainant": complainant}


def linking_record(referral: Referral) -> dict[str, Any]:
    """The referral in the record format the linker reads."""
    return {"id": referral.truevision_ref, "received_at": referral.received_at.isoformat(),
            "content_urls": list(referral.content_urls), "content_text": referral.content_text,
            "platform": referral.platform, "suspect_handles": list(referral.suspect_handles),
            "narrative": referral.narrative}


def chooser(new: ReferralFeatures) -> Chooser:
    """Decide, inside the intake transaction, which case a new referral belongs to.

    The best duplicate (if any) is joined, with its evidence kept on the link (of those it
    would join outright, the one whose case was opened first: `linking.referrals.decide`);
    candidates about other content that share raid text or a suspect become related cases,
    never merged ones.
    """

    def choose(candidates: list[dict[str, Any]]) -> dict[str, Any]:
        case_of = {c["report"]["truevisionRef"]: c["caseRef"] for c in candidates}
        features = [normalise_referral(stored_record(c["report"]), blocked=False)
                    for c in candidates]
        # A case read without its opening time (none is stored without one) counts as the newest.
        opened = {c["report"]["truevisionRef"]:
                  math.inf if c.get("caseOpened") is None else c["caseOpened"]
                  for c in candidates}
        match = decide(new, features, opened)
        decision: dict[str, Any] = {}
        joined_case = None
        if match is not None:
            joined_case = case_of[match.right]
            decision["join"] = {
                "report": match.right, "case": joined_case,
                "probability": round(match.probability, 6),
                "evidence": json.dumps([{"feature": e.feature, "value": e.value,
                                         "weight": round(e.weight, 3)} for e in match.evidence]),
            }
        decision["related"] = related_cases(
            new, [(case_of[candidate.id], candidate) for candidate in features], joined_case)
        return decision

    return choose


def related_cases(new: ReferralFeatures, candidates: Iterable[tuple[str, ReferralFeatures]],
                  own: str | None) -> list[dict[str, str]]:
    """The cases other than `own` that a referral is related to, from its candidates (case,
    report) in the order met: each case once, named by the first of its reports that
    `relation` relates (pure; the bench's imported graphs are related by it too)."""
    related: dict[str, dict[str, str]] = {}
    for case, candidate in candidates:
        if case == own or case in related:
            continue
        kind = relation(new, candidate)
        if kind:
            related[case] = {"case": case, "kind": kind, "report": candidate.id}
    return list(related.values())


def plan_intake(referral: Referral, principal: Principal, now: datetime) -> dict[str, Any]:
    """Everything the transaction will write, decided before it opens (pure)."""
    received = referral.received_at
    features = normalise_referral(linking_record(referral))
    allocation = {"id": str(uuid.uuid4()), "at": now, "by": principal.subject,
                  **allocate(referral, principal.subject, now)}
    parties = []
    if referral.victim:
        parties.append(_party(referral.victim, True, referral.complainant is None))
    if referral.complainant:
        parties.append(_party(referral.complainant, False, True))
    platform = features.platform
    keys, posts = blocking_keys(features), post_keys(features)
    accounts = {account["id"]: account for account in (
        _named_account(platform, handle) for handle in referral.suspect_handles
        if handle_key(handle))}
    return {
        "report": {
            "id": str(uuid.uuid4()), "truevisionRef": referral.truevision_ref,
            "receivedAt": received, "storedAt": now, "narrative": referral.narrative,
            "contentText": referral.content_text, "contentUrls": list(referral.content_urls),
            "platformAsTyped": referral.platform, "platform": platform,
            "suspectHandles": list(referral.suspect_handles),
            "strands": [s.value for s in referral.strands],
            "otherCharacteristics": list(referral.other_characteristics),
            "payloadHash": referral.payload_hash, "status": "RECEIVED",
            "outOfHours": out_of_hours(received, current_rules()),
        },
        "now": now,
        "event_id": str(uuid.uuid4()),  # REPORT_RECEIVED, written with the referral
        "case_year": received.year,  # cases are numbered by the year the referral was received
        "locked_keys": sorted(posts),
        "band_keys": sorted(keys - posts),
        "lookup_keys": sorted(lookup_keys(features) - keys),
        "bands_at_least": BANDS_ALONE,
        "compared": COMPARED_PER_KEY,
        "post": post_of(features),
        "per_post": PER_POST,
        "case": {"id": str(uuid.uuid4()), "status": "RECEIVED", "openedAt": received,
                 "priority": "NORMAL", "force": allocation["force"],
                 "strands": [s.value for s in referral.strands],
                 "updatedAt": now, "reportCount": 1},
        "allocation": allocation,
        "parties": parties,
        "contents": [{"key": key.key, "platform": key.platform,
                      "properties": {"url": url, "platform": key.platform, "kind": key.kind,
                                     "firstReportedAt": received}}
                     for url, key in sorted(_content_keys(referral.content_urls),
                                            key=lambda keyed: keyed[1].key)],
        # Sorted, as every intake locks them: see graph.intake.
        "accounts": [accounts[id_] for id_ in sorted(accounts)],
        "account_keys": _keyed_accounts(accounts.values()),
        "audit": AuditEntry(str(uuid.uuid4()), now, principal.subject, principal.role.value,
                            "COLLECTION", justification="Referral received from Truevision"),
    }


def _named_account(platform: str | None, handle: str) -> dict[str, Any]:
    """A suspect account as a referral names it: a platform and a handle, and their keys."""
    record = {"id": account_id(platform, handle), "platform": platform, "handle": handle}
    return {"id": record["id"], "keys": account_keys(record),
            "properties": {"handle": handle, "handleKey": handle_key(handle),
                           "platform": platform}}


def _keyed_accounts(accounts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each account key once, in key order, with the named accounts that have it."""
    keyed: dict[str, list[str]] = {}
    for account in accounts:
        for key in account["keys"]:
            keyed.setdefault(key, []).append(account["id"])
    return [{"key": key, "accounts": keyed[key]} for key in sorted(keyed)]


async def submit_referral(graph: Graph, record: Mapping[str, Any], principal: Principal,
                          now: datetime | None = None) -> Intake:
    """Validate and store a referral; the same reference with different content is refused.

    Its REPORT_RECEIVED event is written with it (`casework.events`): subscribers hear of it
    once it has committed, whichever process they are connected to.
    """
    principal.require(Permission.SUBMIT_REFERRAL)
    now = now or datetime.now(UTC)
    referral = referral_from_record(record, now)
    plan = plan_intake(referral, principal, now)
    stored = await record_intake(graph, plan, chooser(normalise_referral(linking_record(referral))))
    if not stored.created and stored.report["payloadHash"] != referral.payload_hash:
        raise RuleViolation.one(
            ("input", "truevisionRef"),
            f"{referral.truevision_ref} was already submitted with different content",
            "TRUEVISION_REF_CONFLICT")
    if stored.created:
        await _relate_cases(graph, stored, referral.received_at)
        await _link_named_accounts(graph, [account["id"] for account in plan["accounts"]],
                                   principal)
    INTAKE.labels(intake_outcome(stored.created, stored.case["reportCount"])).inc()
    return Intake(stored.report, stored.case, stored.created)


async def _relate_cases(graph: Graph, stored: StoredIntake, at: datetime) -> None:
    """Relate the referral's case to those of its raid or suspect, once the referral has
    committed (see graph.intake.relate_cases). The referral is safe whatever happens here."""
    if not stored.related:
        return
    case = stored.case["reference"]
    try:
        await relate_cases(graph, case, list(stored.related), at)
    except (Neo4jError, DriverError):
        log.warning("relating case %s failed; its related cases are incomplete", case,
                    exc_info=True)


async def _link_named_accounts(graph: Graph, accounts: list[str], principal: Principal) -> None:
    """Link the referral's suspect accounts on arrival, after the referral has committed: the
    referral is safe whatever happens here, and the next relinking redoes what fails."""
    for account in accounts:
        try:
            await link_on_arrival(graph, account, principal.subject)
        except (Neo4jError, DriverError):
            log.warning("linking account %s on arrival failed; relinking will catch up",
                        account, exc_info=True)
