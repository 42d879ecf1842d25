"""The case store against Neo4j: cases and reports read as typed records, within scope."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.cases import (
    CaseFilter,
    cases_by_reference,
    list_cases,
    parties_of_reports,
    reports_by_reference,
    reports_of_cases,
)
from graph.driver import Graph
from graph.pages import Window
from tests.support.stores import LEEDS, open_case

MANCHESTER = "greater-manchester"


async def test_a_case_reads_back_as_intake_stored_it_and_only_within_its_force(
        clean_graph: Graph) -> None:
    leeds = await open_case(clean_graph, "TV-CASE-1")
    manchester = await open_case(clean_graph, "TV-CASE-2", postcode="M1 1AE")

    found = await cases_by_reference(clean_graph, [leeds, manchester, "HUB-2026-999999"], None)
    assert set(found) == {leeds, manchester}
    case = found[leeds]
    assert (case.force, case.status, case.strands) == (LEEDS, "RECEIVED", ("religion",))
    assert (case.report_count, case.complainant_count, case.merged_into) == (1, 1, None)
    assert case.opened_at == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)  # when it was received
    assert set(await cases_by_reference(clean_graph, [leeds, manchester], LEEDS)) == {leeds}


async def test_lists_of_cases_are_filtered_scoped_and_paged_newest_first(
        clean_graph: Graph) -> None:
    leeds = await open_case(clean_graph, "TV-LIST-1")
    manchester = await open_case(clean_graph, "TV-LIST-2", postcode="M1 1AE")

    everything, total = await list_cases(clean_graph, None, CaseFilter(), Window(10))
    assert ({c.reference for c in everything}, total) == ({leeds, manchester}, 2)
    ours, total = await list_cases(clean_graph, LEEDS, CaseFilter(), Window(10))
    assert ([c.reference for c in ours], total) == ([leeds], 1)
    theirs, _ = await list_cases(clean_graph, None, CaseFilter(forces=(MANCHESTER,)), Window(10))
    assert [c.reference for c in theirs] == [manchester]
    none, total = await list_cases(clean_graph, None, CaseFilter(statuses=("CLOSED",)),
                                   Window(10))
    assert (none, total) == ([], 0)


async def test_a_report_and_its_victim_read_back_within_scope(clean_graph: Graph) -> None:
    case = await open_case(clean_graph, "TV-REP-1")

    report = (await reports_by_reference(clean_graph, ["TV-REP-1"], None))["TV-REP-1"]
    assert (report.case_reference, report.content_text) == (case, "abusive text of TV-REP-1")
    assert report.received_at == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
    assert await reports_by_reference(clean_graph, ["TV-REP-1"], MANCHESTER) == {}
    pages = await reports_of_cases(clean_graph, [case], None, Window(10))
    assert pages == {case: [report]}
    parties = (await parties_of_reports(clean_graph, ["TV-REP-1"], None))["TV-REP-1"]
    assert [(p.roles, p.name, p.postcode) for p in parties] == [
        (("COMPLAINANT", "VICTIM"), "Aisha Khan", "LS6 2AB")]  # she reported it herself
    assert await parties_of_reports(clean_graph, ["TV-REP-1"], MANCHESTER) == {}
