"""Platform referrals: capture first, a legal basis, statuses in order, and what platforms do."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from casework.config import CaseworkRules
from casework.content.captures import Capture, sha256_hex
from casework.content.platform_referral import (
    PlatformReferral,
    ReferralStatus,
    overdue_referrals,
    preservation_reminders,
    record_status,
    refer_content,
    refusal_rates,
    renew_preservation,
    request_preservation,
)
from casework.errors import RuleViolation

URL = "https://x.com/poster/status/1790000000000000001"
SENT = datetime(2024, 6, 5, 10, tzinfo=UTC)
CAPTURE = Capture(content_url="https://mobile.twitter.com/poster/status/1790000000000000001"
                              "?s=20",
                  captured_at=SENT - timedelta(minutes=30), captured_by="officer-1",
                  text="the post as it stood", file_name="post.png",
                  file_sha256=sha256_hex(b"png bytes"))


def refer(rules: CaseworkRules, capture: Capture | None = CAPTURE,
          offence_code: str | None = "POA1986-s4A", terms_clause: str | None = None,
          platform: str = "x", at: datetime = SENT,
          conduct: date = date(2024, 6, 1)) -> PlatformReferral:
    return refer_content(platform=platform, content_url=URL, content_id="1790000000000000001",
                         capture=capture, offence_code=offence_code, terms_clause=terms_clause,
                         conduct_date=conduct, by="officer-1", at=at, rules=rules)


def codes(error: pytest.ExceptionInfo[RuleViolation]) -> list[str]:
    return [e.code for e in error.value.errors]


def test_a_referral_without_a_capture_is_refused(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as refused:
        refer(rules, capture=None)
    assert refused.value.errors[0].field == ("input", "capture")
    assert codes(refused) == ["CAPTURE_REQUIRED"]


def test_the_capture_must_come_first_and_be_of_the_same_content(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as late:
        refer(rules, capture=replace(CAPTURE, captured_at=SENT + timedelta(seconds=1)))
    assert codes(late) == ["CAPTURE_AFTER_REFERRAL"]
    with pytest.raises(RuleViolation) as other:
        refer(rules, capture=replace(CAPTURE, content_url="https://x.com/poster/status/42"))
    assert codes(other) == ["CAPTURE_OF_OTHER_CONTENT"]


@pytest.mark.parametrize(("change", "code"), [
    ({"text": None, "file_name": None, "file_sha256": None}, "CAPTURE_EMPTY"),
    ({"file_sha256": None}, "HASH_REQUIRED"),
    ({"file_sha256": "ABC123"}, "INVALID_HASH"),
    ({"captured_at": datetime(2024, 6, 5, 9)}, "INVALID_DATETIME"),  # noqa: DTZ001
])
def test_a_capture_that_cannot_stand_as_evidence_is_refused(
        rules: CaseworkRules, change: dict[str, Any], code: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        refer(rules, capture=replace(CAPTURE, **change))
    assert code in codes(refused)


def test_the_legal_basis_is_an_offence_in_force_or_a_terms_clause(
        rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as none:
        refer(rules, offence_code=None)
    assert codes(none) == ["LEGAL_BASIS_REQUIRED"]
    with pytest.raises(RuleViolation) as repealed:
        refer(rules, offence_code="MCA1988-s1-threat")
    assert repealed.value.errors[0].field == ("input", "offenceCode")
    assert codes(repealed) == ["OFFENCE_NOT_IN_FORCE"]
    by_terms = refer(rules, offence_code=None, terms_clause="Hateful conduct policy")
    assert by_terms.basis.offence is None
    assert not by_terms.basis.schedule7_priority


def test_a_referral_records_the_basis_and_schedule_7_priority(rules: CaseworkRules) -> None:
    referral = refer(rules)
    assert referral.status is ReferralStatus.SENT
    assert referral.basis.schedule7_priority
    assert "Schedule 7 priority" in referral.sent.reason
    assert (referral.sent.by, referral.sent.at) == ("officer-1", SENT)
    assert not refer(rules, offence_code="CA2003-s127-1").basis.schedule7_priority


def test_statuses_follow_the_platforms_answers_in_order(rules: CaseworkRules) -> None:
    referral = record_status(refer(rules), ReferralStatus.ACKNOWLEDGED,
                             at=SENT + timedelta(hours=3), by="officer-1")
    referral = record_status(referral, ReferralStatus.REMOVED, at=SENT + timedelta(days=2),
                             by="officer-1", note="Platform confirmed removal")
    assert [c.status for c in referral.history] == [
        ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.REMOVED]
    assert referral.response_time == timedelta(hours=3)
    with pytest.raises(RuleViolation) as refused:
        record_status(referral, ReferralStatus.RESTRICTED, at=SENT + timedelta(days=3),
                      by="officer-1")
    assert codes(refused) == ["FORBIDDEN_TRANSITION"]


def test_a_late_answer_after_no_response_is_still_recorded(rules: CaseworkRules) -> None:
    silent = record_status(refer(rules), ReferralStatus.NO_RESPONSE,
                           at=SENT + timedelta(days=14), by="hub")
    late = record_status(silent, ReferralStatus.DECLINED, at=SENT + timedelta(days=20),
                         by="officer-1")
    assert late.status is ReferralStatus.DECLINED
    assert late.response_time == timedelta(days=20)


def test_referrals_unanswered_past_the_configured_wait_are_overdue(
        rules: CaseworkRules) -> None:
    old = refer(rules)
    recent = refer(rules, at=SENT + timedelta(days=10))
    answered = record_status(refer(rules), ReferralStatus.REMOVED, at=SENT + timedelta(days=1),
                             by="officer-1")
    assert overdue_referrals([recent, answered, old], SENT + timedelta(days=13), rules) == []
    assert overdue_referrals([recent, answered, old], SENT + timedelta(days=14),
                             rules) == [old]


def test_refusal_rates_are_computed_per_platform(rules: CaseworkRules) -> None:
    def answered(platform: str, status: ReferralStatus) -> PlatformReferral:
        return record_status(refer(rules, platform=platform), status,
                             at=SENT + timedelta(days=1), by="officer-1")

    referrals = [answered("x", ReferralStatus.REMOVED), answered("x", ReferralStatus.DECLINED),
                 answered("x", ReferralStatus.RESTRICTED), answered("x", ReferralStatus.REMOVED),
                 answered("x", ReferralStatus.NO_RESPONSE), refer(rules, platform="tiktok")]
    tiktok, x = refusal_rates(referrals)  # by platform name
    assert (x.platform, x.referred, x.declined, x.no_response) == ("x", 5, 1, 1)
    assert x.refusal_rate == 0.25
    assert (tiktok.platform, tiktok.open, tiktok.refusal_rate) == ("tiktok", 1, None)


def test_preservation_lasts_90_days_with_a_reminder_before_it_lapses(
        rules: CaseworkRules) -> None:
    request = request_preservation(platform="x", target="account:poster", by="officer-1",
                                   at=SENT, reason="Subscriber data needed to identify poster",
                                   rules=rules)
    assert request.expires_at == SENT + timedelta(days=90)
    assert request.remind_at == SENT + timedelta(days=76)
    assert preservation_reminders([request], SENT + timedelta(days=75)) == []
    assert preservation_reminders([request], SENT + timedelta(days=76)) == [request]
    assert preservation_reminders([request], SENT + timedelta(days=90)) == []


def test_a_renewal_runs_a_fresh_period_but_not_after_lapse(rules: CaseworkRules) -> None:
    request = request_preservation(platform="x", target="account:poster", by="officer-1",
                                   at=SENT, reason="Subscriber data needed to identify poster",
                                   rules=rules)
    renewed = renew_preservation(request, by="officer-2", at=SENT + timedelta(days=80),
                                 reason="Disclosure order still pending", rules=rules)
    assert renewed.expires_at == SENT + timedelta(days=170)
    assert [r.by for r in renewed.renewed] == ["officer-2"]
    assert renewed.requested == request.requested
    with pytest.raises(RuleViolation) as refused:
        renew_preservation(request, by="officer-2", at=SENT + timedelta(days=90),
                           reason="Disclosure order still pending", rules=rules)
    assert codes(refused) == ["PRESERVATION_LAPSED"]
