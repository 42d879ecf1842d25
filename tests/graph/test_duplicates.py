"""The duplicates store against Neo4j: analysts' merges and splits move reports between cases
and leave the constraints relinking honours; relinking's reads and writes move them in bulk."""

from __future__ import annotations

from datetime import UTC, datetime

from casework.decided import Decided
from graph.audit import AuditEntry
from graph.driver import Graph
from graph.duplicates import (
    Closure,
    Move,
    link_constraints,
    merge_cases,
    open_case_for,
    split_report,
    stream_reports,
    write_moves,
)
from tests.support.stores import LEEDS, open_case

AT = datetime(2026, 11, 22, 9, tzinfo=UTC)
DECIDED = Decided("test-analyst", AT, "the same post, captured twice")
MANCHESTER = "greater-manchester"


def audit(name: str) -> AuditEntry:
    return AuditEntry(f"audit-{name}", AT, "test-analyst", "ANALYST", "ALTERATION")


async def cases_of(graph: Graph, refs: set[str]) -> dict[str, str]:
    """Each report's case, as relinking reads them."""
    return {report.truevision_ref: report.case_reference
            async for page in stream_reports(graph) for report in page
            if report.truevision_ref in refs}


async def case_status(graph: Graph, reference: str) -> tuple[str, str | None, str | None]:
    [row] = await graph.rows("MATCH (c:Case {reference: $r}) RETURN c.status AS status, "
                             "c.outcome AS outcome, c.mergedInto AS into", r=reference)
    return row["status"], row["outcome"], row["into"]


async def test_a_merge_moves_every_report_closes_the_source_and_is_a_must_link(
        store_graph: Graph) -> None:
    target = await open_case(store_graph, "TV-GD-1")
    source = await open_case(store_graph, "TV-GD-2")
    moved = await merge_cases(store_graph, target, source, LEEDS, DECIDED, audit("1"))
    assert moved == ["TV-GD-2"]
    assert await cases_of(store_graph, {"TV-GD-1", "TV-GD-2"}) == {
        "TV-GD-1": target, "TV-GD-2": target}
    assert await case_status(store_graph, source) == ("CLOSED", "MERGED", target)
    must, _ = await link_constraints(store_graph)
    assert ("TV-GD-2", "TV-GD-1") in must
    # A closed case is merged no further.
    other = await open_case(store_graph, "TV-GD-3")
    assert await merge_cases(store_graph, other, source, None, DECIDED, audit("1b")) is None


async def test_a_merge_out_of_scope_changes_nothing(store_graph: Graph) -> None:
    target = await open_case(store_graph, "TV-GD-4")
    source = await open_case(store_graph, "TV-GD-5")
    assert await merge_cases(store_graph, target, source, MANCHESTER, DECIDED,
                             audit("2")) is None
    assert await cases_of(store_graph, {"TV-GD-4", "TV-GD-5"}) == {
        "TV-GD-4": target, "TV-GD-5": source}
    assert (await case_status(store_graph, source))[0] == "RECEIVED"


async def test_a_split_opens_a_case_in_the_same_force_and_is_a_cannot_link(
        store_graph: Graph) -> None:
    kept = await open_case(store_graph, "TV-GD-6")
    merged = await open_case(store_graph, "TV-GD-7")
    await merge_cases(store_graph, kept, merged, None, DECIDED, audit("3"))
    split = await split_report(store_graph, "TV-GD-7", LEEDS, DECIDED, ("case-3", "alloc-3"),
                               audit("3-split"))
    assert split is not None
    old, new = split
    assert old == kept
    assert new != kept
    assert await cases_of(store_graph, {"TV-GD-6", "TV-GD-7"}) == {
        "TV-GD-6": kept, "TV-GD-7": new}
    forces = await store_graph.rows(
        "MATCH (c:Case) WHERE c.reference IN [$a, $b] RETURN c.reference AS r, c.force AS f",
        a=kept, b=new)
    assert {row["f"] for row in forces} == {LEEDS}
    _, cannot = await link_constraints(store_graph)
    assert ("TV-GD-7", "TV-GD-6") in cannot


async def test_a_report_alone_in_its_case_or_out_of_scope_is_not_split(
        store_graph: Graph) -> None:
    alone = await open_case(store_graph, "TV-GD-8")
    assert await split_report(store_graph, "TV-GD-8", None, DECIDED, ("case-4", "alloc-4"),
                              audit("4")) is None
    other = await open_case(store_graph, "TV-GD-9")
    await merge_cases(store_graph, alone, other, None, DECIDED, audit("4b"))
    assert await split_report(store_graph, "TV-GD-9", MANCHESTER, DECIDED,
                              ("case-4c", "alloc-4c"), audit("4c")) is None
    assert await cases_of(store_graph, {"TV-GD-8", "TV-GD-9"}) == {
        "TV-GD-8": alone, "TV-GD-9": alone}


async def test_relinking_moves_reports_into_a_new_case_and_closes_the_emptied_one(
        store_graph: Graph) -> None:
    first = await open_case(store_graph, "TV-GD-10")
    second = await open_case(store_graph, "TV-GD-11")
    new = await open_case_for(store_graph, "TV-GD-10", AT, ("case-5", "alloc-5"))
    assert new not in (first, second)
    await write_moves(store_graph, [Move("TV-GD-10", new, None, None, None),
                                    Move("TV-GD-11", new, 0.97, "TV-GD-10", '{"text": 1.0}')],
                      [Closure(first, new), Closure(second, new)], AT, audit("5"))
    assert await cases_of(store_graph, {"TV-GD-10", "TV-GD-11"}) == {
        "TV-GD-10": new, "TV-GD-11": new}
    assert await case_status(store_graph, first) == ("CLOSED", "MERGED", new)
    assert await case_status(store_graph, second) == ("CLOSED", "MERGED", new)
    [link] = await store_graph.rows(
        "MATCH (:Report {truevisionRef: 'TV-GD-11'})-[d:DUPLICATE_OF]->"
        "(:Report {truevisionRef: 'TV-GD-10'}) RETURN d.probability AS p, d.method AS m")
    assert (link["p"], link["m"]) == (0.97, "RELINK")
