"""The disclosures store against Neo4j: an evidence package is built from the case's facts as
stored, intelligence is read back sanitised (its source never), and both stay in scope."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.audit import AuditEntry, Planned
from graph.disclosures import (
    EvidenceFacts,
    EvidencePackage,
    IntelligenceReport,
    IntelligenceSource,
    evidence_facts,
    packages,
    record_export,
    record_intelligence,
    record_package,
)
from graph.driver import Graph
from tests.support.stores import LEEDS, open_case

AT = datetime(2026, 11, 21, 9, tzinfo=UTC)
MANCHESTER = "greater-manchester"


def audit(name: str, action: str = "DISCLOSURE") -> AuditEntry:
    return AuditEntry(f"audit-{name}", AT, "test-hub", "HUB_OFFICER", action)


def package(name: str) -> EvidencePackage:
    return EvidencePackage(f"package-{name}", AT, "test-hub", LEEDS, "charging decision",
                           "cd" * 32, '{"files": []}')


def report(name: str, case: str) -> IntelligenceReport:
    return IntelligenceReport(f"intel-{name}", case, AT, "test-hub", "OFFICIAL-SENSITIVE", "A",
                              "1", "P", "A raid is planned for Friday.", False, "A1P",
                              '{"id": "intel"}', linked_entities=("x:someone",))


async def test_a_package_is_planned_from_the_cases_facts_and_recorded_in_scope(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GX-1", suspect_handles=["@someone"])
    facts = await evidence_facts(store_graph, case, LEEDS)
    assert facts is not None
    assert (facts.case.reference, facts.case.force) == (case, LEEDS)
    assert [r.truevision_ref for r in facts.referrals] == ["TV-GX-1"]
    assert [(s.account, s.handle) for s in facts.suspects] == [("x:someone", "@someone")]
    assert facts.allocation is not None
    assert facts.allocation.rule == "VICTIM_FORCE"
    assert (facts.assessment, facts.captures, facts.platform_requests) == (None, (), ())
    planned_from: list[EvidenceFacts] = []

    def plan(read: EvidenceFacts) -> Planned[EvidencePackage]:
        planned_from.append(read)
        return Planned(package("1"), audit("1"))

    assert await record_package(store_graph, case, LEEDS, plan) == package("1")
    assert planned_from == [facts]
    assert await packages(store_graph, case, None) == [package("1")]
    assert await record_package(store_graph, case, MANCHESTER, plan) is None
    assert await evidence_facts(store_graph, case, MANCHESTER) is None
    assert await packages(store_graph, case, MANCHESTER) is None
    assert await packages(store_graph, case, LEEDS) == [package("1")]


async def test_intelligence_is_read_back_without_its_source_and_only_in_scope(
        store_graph: Graph) -> None:
    case = await open_case(store_graph, "TV-GX-2")
    source = IntelligenceSource("HUMAN", "Jo Bloggs", "07700 900123")
    stored = await record_intelligence(store_graph, report("2", case), source, LEEDS,
                                       audit("2", "COLLECTION"))
    assert stored == report("2", case)
    assert await record_intelligence(store_graph, report("2b", case), source, MANCHESTER,
                                     audit("2b", "COLLECTION")) is None

    exported: list[IntelligenceReport] = []

    def entry(read: IntelligenceReport) -> AuditEntry:
        exported.append(read)
        return audit("2-export")

    assert await record_export(store_graph, "intel-2", MANCHESTER, entry) is None
    assert await record_export(store_graph, "intel-2b", None, entry) is None
    assert await record_export(store_graph, "intel-2", None, entry) == report("2", case)
    assert exported == [report("2", case)]
    assert "Jo Bloggs" not in repr(exported)
    logged = await store_graph.rows("MATCH (e:AuditEvent {id: 'audit-2-export'}) RETURN e.id")
    assert len(logged) == 1
