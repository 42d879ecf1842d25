"""The intake store against Neo4j: a referral is stored once however often it is sent, it is
offered the stored reports of its post to join, and case numbers are never handed out twice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from casework.intake.referral import referral_from_record
from casework.intake.service import plan_intake
from graph.driver import Graph
from graph.intake import CaseNumbers, record_intake
from tests.support.stores import INTAKE

NOW = datetime(2026, 11, 20, 11, tzinfo=UTC)
POST = "https://x.com/someone/status/1790000000000000777"


def plan(ref: str, url: str = POST) -> dict[str, Any]:
    record = {"id": ref, "received_at": "2026-11-20T10:15:00+00:00",
              "narrative": "Abusive replies under my post.", "content_urls": [url],
              "content_text": f"abusive text of {ref}", "platform": "Twitter",
              "victim": {"name": "Aisha Khan", "postcode": "LS6 2AB"},
              "perceived_strands": ["Religion"]}
    return plan_intake(referral_from_record(record, NOW), INTAKE, NOW)


class Chooser:
    """Joins the first candidate when told to, else none; keeps the candidates it was shown."""

    def __init__(self, join: bool = False) -> None:
        self.join = join
        self.shown: list[list[str]] = []

    def __call__(self, candidates: list[dict[str, Any]]) -> dict[str, Any]:
        self.shown.append([c["report"]["truevisionRef"] for c in candidates])
        if not (self.join and candidates):
            return {}
        first = candidates[0]
        return {"join": {"report": first["report"]["truevisionRef"], "case": first["caseRef"],
                         "probability": 0.99, "evidence": "[]"}}


async def test_a_referral_sent_again_is_found_not_stored_twice(store_graph: Graph) -> None:
    first = await record_intake(store_graph, plan("TV-GI-1", POST + "1"), Chooser())
    again = await record_intake(store_graph, plan("TV-GI-1", POST + "1"), Chooser())
    assert (first.created, again.created) == (True, False)
    assert again.case["reference"] == first.case["reference"]
    assert again.report["truevisionRef"] == "TV-GI-1"
    assert again.case["reportCount"] == 1
    count = await store_graph.rows("MATCH (r:Report {truevisionRef: 'TV-GI-1'}) "
                                   "RETURN count(r) AS n")
    assert count == [{"n": 1}]


async def test_a_referral_of_a_stored_post_is_offered_its_report_and_joins_if_chosen(
        store_graph: Graph) -> None:
    first = await record_intake(store_graph, plan("TV-GI-2"), Chooser())
    apart = Chooser()
    separate = await record_intake(store_graph, plan("TV-GI-3"), apart)
    [shown] = apart.shown
    assert "TV-GI-2" in shown
    assert separate.case["reference"] != first.case["reference"]
    joining = Chooser(join=True)
    joined = await record_intake(store_graph, plan("TV-GI-4"), joining)
    assert joining.shown[0][0] in {"TV-GI-2", "TV-GI-3"}
    assert joined.created
    assert joined.case["reportCount"] == 2
    assert joined.case["reference"] in {first.case["reference"], separate.case["reference"]}


async def test_case_numbers_are_unique_and_one_given_back_is_taken_next(
        store_graph: Graph) -> None:
    one, other = CaseNumbers(store_graph, block=3), CaseNumbers(store_graph, block=3)
    taken = [await one.take(2031) for _ in range(4)] + [await other.take(2031)
                                                       for _ in range(4)]
    assert len(set(taken)) == 8
    assert all(reference.startswith("HUB-2031-") for reference in taken)
    one.give_back(2031, taken[0])
    assert await one.take(2031) == taken[0]
