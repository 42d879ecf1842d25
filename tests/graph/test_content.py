"""The content store against Neo4j: captures, platform referrals and preservation requests are
kept on their case, read back whole, and out of scope answer as missing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from graph.audit import AuditEntry, Planned
from graph.content import (
    Capture,
    PlatformReferral,
    PreservationRenewal,
    PreservationRequest,
    StatusChange,
    captures,
    create_capture,
    create_preservation,
    preservations,
    record_referral_status,
    refer_capture,
    referrals,
    renew_preservation,
)
from graph.driver import Graph
from tests.support.stores import LEEDS, open_case

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)
MANCHESTER = "greater-manchester"


def audit(name: str) -> AuditEntry:
    return AuditEntry(f"audit-{name}", AT, "test-hub", "HUB_OFFICER", "ALTERATION")


def capture(name: str, hours: int = 0) -> Capture:
    return Capture(name, "https://x.com/someone/status/1", AT - timedelta(days=1, hours=hours),
                   "test-hub", AT, "ab" * 32, text="abusive text", platform="x")


def referral(name: str, case: str, of: Capture) -> PlatformReferral:
    sent = StatusChange(f"{name}-sent", "SENT", AT, "test-hub", AT)
    return PlatformReferral(name, case, "x", of.url, "SENT", AT, AT, "test-hub",
                            "threatening words", "POA1986-s4A", False, AT + timedelta(days=7),
                            AT, "rules-1", of, (sent,), offence_code="POA1986-s4A")


def preservation(name: str, case: str, expires_in: int) -> PreservationRequest:
    return PreservationRequest(name, case, "x", "ACCOUNT", "x:someone", AT, "test-hub",
                               "identify the poster", AT + timedelta(days=expires_in),
                               AT + timedelta(days=expires_in - 7), AT, "rules-1")


async def test_captures_are_kept_on_their_case_earliest_first_and_only_in_scope(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GC-1")
    later, earlier = capture("cap-1a"), capture("cap-1b", hours=5)
    assert await create_capture(store_graph, case, None, Planned(later, audit("1a")))
    assert await create_capture(store_graph, case, LEEDS, Planned(earlier, audit("1b")))
    assert await captures(store_graph, case, None) == [earlier, later]
    assert await captures(store_graph, case, LEEDS) == [earlier, later]
    # Another force's officer, or a case that does not exist: nothing, and nothing written.
    assert await captures(store_graph, case, MANCHESTER) is None
    assert await captures(store_graph, "HUB-2026-999999", None) is None
    assert not await create_capture(store_graph, case, MANCHESTER,
                                    Planned(capture("cap-1c"), audit("1c")))
    assert len(await captures(store_graph, case, None) or []) == 2


async def test_a_referral_is_read_back_with_its_capture_and_every_status_in_order(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GC-2")
    captured = capture("cap-2")
    await create_capture(store_graph, case, None, Planned(captured, audit("2")))
    seen: list[Capture | None] = []

    def plan(found: Capture | None) -> Planned[PlatformReferral]:
        seen.append(found)
        return Planned(referral("ref-2", case, captured), audit("2-refer"))

    stored = await refer_capture(store_graph, case, LEEDS, "cap-2", plan)
    assert seen == [captured]
    assert stored == referral("ref-2", case, captured)
    removed = StatusChange("ref-2-removed", "REMOVED", AT + timedelta(days=2), "test-hub",
                           AT + timedelta(days=2), "taken down")
    now = await record_referral_status(store_graph, "ref-2", None,
                                       lambda _: Planned(removed, audit("2-removed")))
    assert now is not None
    assert (now.status, now.status_at) == ("REMOVED", removed.at)
    assert [change.status for change in now.history] == ["SENT", "REMOVED"]
    assert await referrals(store_graph, LEEDS, reference=case) == [now]
    assert await referrals(store_graph, MANCHESTER, reference=case) == []
    assert await referrals(store_graph, None, reference=case, platform="tiktok") == []


async def test_a_referral_of_a_capture_the_case_lacks_is_planned_without_one(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GC-3")

    def plan(found: Capture | None) -> Planned[PlatformReferral]:
        assert found is None
        raise LookupError("no such capture")

    with pytest.raises(LookupError):
        await refer_capture(store_graph, case, None, "cap-elsewhere", plan)
    assert await refer_capture(store_graph, case, MANCHESTER, "cap-elsewhere", plan) is None
    assert await referrals(store_graph, None, reference=case) == []


async def test_a_status_refused_by_its_plan_or_out_of_scope_writes_nothing(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GC-4")
    captured = capture("cap-4")
    await create_capture(store_graph, case, None, Planned(captured, audit("4")))
    await refer_capture(store_graph, case, None, "cap-4",
                        lambda _: Planned(referral("ref-4", case, captured), audit("4-refer")))
    declined = StatusChange("ref-4-declined", "DECLINED", AT + timedelta(days=1), "test-hub",
                            AT + timedelta(days=1))

    def refuse(found: PlatformReferral) -> Planned[StatusChange]:
        assert found.status == "SENT"
        raise ValueError("a platform cannot decline before it was sent")

    with pytest.raises(ValueError, match="before it was sent"):
        await record_referral_status(store_graph, "ref-4", None, refuse)
    assert await record_referral_status(store_graph, "ref-4", MANCHESTER,
                                        lambda _: Planned(declined, audit("4-x"))) is None
    [stored] = await referrals(store_graph, None, reference=case)
    assert [change.status for change in stored.history] == ["SENT"]


async def test_preservation_requests_come_soonest_expiry_first_and_renewals_move_it(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GC-5")
    later = await create_preservation(store_graph, case, None,
                                      Planned(preservation("pres-5a", case, 90), audit("5a")))
    sooner = await create_preservation(store_graph, case, LEEDS,
                                       Planned(preservation("pres-5b", case, 30), audit("5b")))
    assert (later, sooner) == (preservation("pres-5a", case, 90),
                               preservation("pres-5b", case, 30))
    assert await create_preservation(store_graph, case, MANCHESTER, Planned(
        preservation("pres-5c", case, 10), audit("5c"))) is None
    renewal = PreservationRenewal("ren-5", AT + timedelta(days=20), "test-hub", "still needed",
                                  AT + timedelta(days=120), AT + timedelta(days=113), AT)
    renewed = await renew_preservation(store_graph, "pres-5b", None,
                                       lambda _: Planned(renewal, audit("5-renew")))
    assert renewed == replace(preservation("pres-5b", case, 30), renewals=(renewal,),
                              expires_at=renewal.expires_at, remind_at=renewal.remind_at)
    assert [p.id for p in await preservations(store_graph, None, reference=case)] == [
        "pres-5a", "pres-5b"]
    assert await preservations(store_graph, MANCHESTER, reference=case) == []
