"""Intake's linking decision from the candidates the graph reads (pure: no database)."""

from __future__ import annotations

from typing import Any

from casework.intake.service import chooser
from linking.referrals import normalise_referral

TEXT = ("Mosques should be burned down before they spread any further into our towns, "
        "the council is complicit and we will sort it ourselves this weekend")


def stored(ref: str, case: str, opened: float | None, **report: Any) -> dict[str, Any]:
    """A candidate as `graph.intake.LINKED_REPORT` reads it."""
    return {"report": {"truevisionRef": ref, "receivedSeconds": 1_714_557_600.0,
                       "platformAsTyped": "tiktok", **report},
            "caseRef": case, "caseOpened": opened}


def test_a_report_fitting_two_cases_of_its_post_joins_the_case_opened_first() -> None:
    new = normalise_referral({"id": "TV3", "received_at": "2024-05-01T11:00:00+00:00",
                              "content_urls": ["vm.tiktok.com/ZMabc12"], "content_text": TEXT,
                              "platform": "tiktok", "suspect_handles": ["@joeb"]})
    post = stored("TV1", "HUB-2024-000007", 1_714_557_600.0,
                  contentUrls=["https://www.tiktok.com/@joeb/video/7300000000000000001"],
                  contentText=TEXT, suspectHandles=["@joeb"])
    short = stored("TV2", "HUB-2024-000003", 1_714_561_200.0,
                   contentUrls=["https://vm.tiktok.com/ZMabc12/"])
    assert chooser(new)([post, short])["join"]["case"] == "HUB-2024-000007"
    # A case read without its opening time is taken for the newest.
    assert chooser(new)([{**post, "caseOpened": None}, short])["join"]["case"] == (
        "HUB-2024-000003")
