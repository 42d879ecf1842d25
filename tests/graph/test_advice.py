"""The advice store against Neo4j: notes follow their case's force, the library is searched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graph.advice import (
    AdviceNote,
    PracticeEntry,
    advice_notes,
    give_advice,
    publish_practice,
    search_practice,
)
from graph.audit import AuditEntry
from graph.driver import Graph
from graph.pages import Window
from tests.support.stores import LEEDS, open_case

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)


def audit(n: int) -> AuditEntry:
    return AuditEntry(f"audit-{n}", AT, "test-hub", "HUB_OFFICER", "ADVICE_GIVEN")


def note(n: int, **where: str) -> AdviceNote:
    return AdviceNote(f"note-{n}", f"Note {n}", "Keep the screenshots.", AT + timedelta(hours=n),
                      "test-hub", ("evidence",), **where)


async def test_a_note_on_a_case_is_stored_and_read_back_under_the_cases_force(
        clean_graph: Graph) -> None:
    case = await open_case(clean_graph, "TV-ADV-1")
    stored = await give_advice(clean_graph, note(1, case_reference=case), None, audit(1))
    assert stored == note(1, case_reference=case)
    await give_advice(clean_graph, note(2, force_code="greater-manchester"), None, audit(2))

    leeds, total = await advice_notes(clean_graph, LEEDS, None, Window(10))
    assert (leeds, total) == ([note(1, case_reference=case)], 1)
    everyone, total = await advice_notes(clean_graph, None, None, Window(10))
    assert [n.id for n in everyone] == ["note-2", "note-1"]  # newest first
    assert total == 2
    manchester, _ = await advice_notes(clean_graph, None, "greater-manchester", Window(10))
    assert manchester == [note(2, force_code="greater-manchester")]


async def test_a_note_on_a_case_out_of_scope_or_to_no_force_is_not_stored(
        clean_graph: Graph) -> None:
    case = await open_case(clean_graph, "TV-ADV-2")
    assert await give_advice(clean_graph, note(1, case_reference=case), "greater-manchester",
                             audit(1)) is None
    assert await give_advice(clean_graph, note(2, force_code="atlantis"), None, audit(2)) is None
    assert await advice_notes(clean_graph, None, None, Window(10)) == ([], 0)
    events = await clean_graph.rows("MATCH (e:AuditEvent {action: 'ADVICE_GIVEN'}) "
                                    "RETURN count(e) AS n")
    assert events[0]["n"] == 0


async def test_the_library_is_searched_by_text_and_tags_and_paged_newest_first(
        clean_graph: Graph) -> None:
    entries = [PracticeEntry(f"p-{n}", title, "How forces did it.", AT + timedelta(days=n),
                             "test-hub", tags)
               for n, (title, tags) in enumerate([("Capturing posts", ("evidence",)),
                                                  ("Supporting victims", ("victims",)),
                                                  ("Capturing videos", ("evidence", "video"))])]
    for entry in entries:
        assert await publish_practice(clean_graph, entry) == entry

    found, total = await search_practice(clean_graph, "capturing", [], Window(10))
    assert {e.id for e in found} == {"p-0", "p-2"}
    assert total == 2
    tagged, _ = await search_practice(clean_graph, None, ["evidence", "video"], Window(10))
    assert tagged == [entries[2]]
    # A page comes with one row more, when there is one, to tell that another page follows.
    first, total = await search_practice(clean_graph, None, [], Window(1))
    assert ([e.id for e in first], total) == (["p-2", "p-1"], 3)
    # The next page's cursor, as `resolvers.pagination` reads it back: (time, id) of the last.
    rest, _ = await search_practice(clean_graph, None, [],
                                    Window(2, after=(entries[2].at, "p-2")))
    assert rest == [entries[1], entries[0]]
