"""Evidence packages: canonical bytes, a verifiable manifest, a safe page, and the gate."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from casework.config import CaseworkRules
from casework.content.captures import Capture, sha256_hex
from casework.disclosures.evidence import (
    EvidencePackage,
    LineOfEnquiry,
    build_evidence_package,
    canonical,
)
from casework.errors import RuleViolation
from casework.strands import Strand
from casework.workflow.allocation import AllocationFacts, allocate
from casework.workflow.assessment import AssessmentInput, Decision, Perceiver, validate_assessment

AT = datetime(2024, 6, 5, 10, tzinfo=UTC)
CAPTURES = [
    Capture(content_url="https://x.com/poster/status/1", captured_at=AT, captured_by="officer-1",
            text="<script>alert('x')</script> go back home", file_name="one.png",
            file_sha256=sha256_hex(b"one")),
    Capture(content_url="https://x.com/poster/status/2", captured_at=AT + timedelta(hours=1),
            captured_by="officer-1", text="second post", platform="x", author_handle="@poster"),
]
LINES = [LineOfEnquiry("Subscriber data request to X for @poster", True, "west-yorkshire"),
         LineOfEnquiry("Ask the victim for a statement", False)]


def package(rules: CaseworkRules, **changes: Any) -> EvidencePackage:
    assessment = validate_assessment(AssessmentInput(
        decided_by="officer-7", decided_at=AT, decision=Decision.CRIME, strands=(Strand.RACE,),
        perceived_by=Perceiver.VICTIM, offences=("POA1986-s4A",), offence_in_law=True,
        credible_evidence_to_contrary=False, reasons="Racist abuse sent directly to victim"),
        date(2024, 6, 1), rules)
    inputs: dict[str, Any] = {
        "case": {"reference": "HUB-2024-000123", "openedAt": AT, "strands": {"race"}},
        "referrals": [{"truevisionRef": "TV-2", "receivedAt": AT},
                      {"truevisionRef": "TV-1", "receivedAt": AT}],
        "captures": CAPTURES,
        "suspect": {"id": "S-1", "accounts": ["x:poster"],
                    "links": [{"feature": "same handle", "weight": 4.2}]},
        "assessment": assessment,
        "allocation": allocate(AllocationFacts(victim_force="west-yorkshire"), rules,
                               by="hub-rules", at=AT),
        "lines_of_enquiry": LINES,
        "platform_requests": [{"platform": "x", "sentAt": AT, "expiresAt": AT + timedelta(90)}],
        "generated_by": "officer-1", "generated_at": AT,
    }
    inputs.update(changes)
    return build_evidence_package(**inputs)


def test_rebuilding_from_the_same_inputs_gives_the_same_bytes(rules: CaseworkRules) -> None:
    first = package(rules)
    again = package(rules, captures=list(reversed(CAPTURES)), lines_of_enquiry=LINES[::-1],
                    referrals=[{"receivedAt": AT, "truevisionRef": "TV-1"},
                               {"receivedAt": AT, "truevisionRef": "TV-2"}])
    assert again.bundle == first.bundle
    assert again.manifest_json == first.manifest_json
    assert again.html == first.html


def test_the_manifest_hashes_each_part_and_the_whole(rules: CaseworkRules) -> None:
    built = package(rules)
    bundle = json.loads(built.bundle)
    assert built.manifest["bundleSha256"] == hashlib.sha256(built.bundle).hexdigest()
    for name, part in bundle["parts"].items():
        assert built.manifest["parts"][name] == hashlib.sha256(canonical(part)).hexdigest()
    assert built.bundle == canonical(bundle)  # sorted keys, no spaces
    assert [r["truevisionRef"] for r in bundle["parts"]["referrals"]] == ["TV-1", "TV-2"]


def test_a_changed_input_changes_its_part_hash_only(rules: CaseworkRules) -> None:
    first = package(rules)
    other = package(rules, suspect={"id": "S-2", "accounts": ["x:poster"], "links": []})
    changed = {name for name, digest in other.manifest["parts"].items()
               if first.manifest["parts"][name] != digest}
    assert changed == {"suspect"}
    assert other.manifest["bundleSha256"] != first.manifest["bundleSha256"]


def test_the_bundle_carries_the_decisions_with_their_working(rules: CaseworkRules) -> None:
    parts = json.loads(package(rules).bundle)["parts"]
    assert parts["assessment"]["decided"] == {
        "by": "officer-7", "at": "2024-06-05T10:00:00+00:00",
        "reason": "Racist abuse sent directly to victim"}
    assert parts["assessment"]["offences"][0]["code"] == "POA1986-s4A"
    assert parts["allocation"]["rule"] == "VICTIM_FORCE"
    hashes = {c["contentUrl"]: c["fileSha256"] for c in parts["captures"]}
    assert hashes == {"https://x.com/poster/status/1": sha256_hex(b"one"),
                      "https://x.com/poster/status/2": None}


def test_the_page_escapes_content_and_loads_nothing_from_outside(rules: CaseworkRules) -> None:
    page = package(rules).html
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "src=" not in page
    assert "href=" not in page
    assert "<title>Evidence package HUB-2024-000123</title>" in page


def test_a_package_needs_a_positive_line_of_enquiry(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as refused:
        package(rules, lines_of_enquiry=[LINES[1]])
    assert [(e.field, e.code) for e in refused.value.errors] == [
        (("input", "linesOfEnquiry"), "NO_POSITIVE_LINE_OF_ENQUIRY")]


def test_a_captured_file_without_its_hash_is_refused(rules: CaseworkRules) -> None:
    with pytest.raises(RuleViolation) as refused:
        package(rules, captures=[replace(CAPTURES[0], file_sha256=None)])
    assert refused.value.errors[0].field == ("input", "captures", "0", "fileSha256")
