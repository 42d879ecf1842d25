"""The evidence package a receiving force gets: one JSON bundle, its manifest, and a page to read.

A force, the CPS or a defence expert must be able to check that what they hold is what the hub
sent, so the bundle is canonical JSON (sorted keys, no insignificant whitespace, UTF-8, lists of
parts in canonical order) and the manifest gives the SHA-256 of each part and of the whole.
Building again from the same inputs gives the same bytes, so a hash mismatch always means a
change. The HTML page escapes every value and loads nothing from outside, so it opens safely on
an air-gapped force machine.

A package goes only with a positive line of enquiry: without one there is nothing for the force
to do, and the complainant is owed an explanation instead (casework.explanations).

Top-level lists (referrals, captures, lines of enquiry, platform requests) are ordered by their
items' canonical JSON, so the order rows came back from a query cannot change the bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from casework.content.captures import Capture, capture_problems
from casework.decided import utc
from casework.errors import RuleViolation, UserError
from graph.records import camel_case

FORMAT = "hub-evidence-package/1"


@dataclass(frozen=True, slots=True)
class LineOfEnquiry:
    """Something the force can do next; `positive` when it can realistically move the case on
    (a suspect identified, platform data obtainable, a witness to see)."""

    description: str
    positive: bool
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class EvidencePackage:
    bundle: bytes
    manifest: dict[str, Any]
    html: str

    @property
    def manifest_json(self) -> bytes:
        return canonical(self.manifest)


def plain(value: Any) -> Any:
    """A JSON-ready copy: dataclass fields in camelCase, times in UTC ISO 8601, enums by value,
    sets sorted; anything else JSON cannot hold exactly is refused."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime):
        return utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {camel_case(f.name): plain(getattr(value, f.name))
                for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=canonical)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    raise TypeError(f"{type(value).__name__} has no place in an evidence package")


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _ordered(items: Sequence[Any]) -> list[Any]:
    return sorted((plain(item) for item in items), key=canonical)


def _render(value: Any) -> str:
    if isinstance(value, dict):
        rows = "".join(f"<tr><th>{html.escape(key)}</th><td>{_render(value[key])}</td></tr>"
                       for key in sorted(value))
        return f"<table>{rows}</table>" if rows else "<em>none</em>"
    if isinstance(value, list):
        items = "".join(f"<li>{_render(item)}</li>" for item in value)
        return f"<ol>{items}</ol>" if items else "<em>none</em>"
    if value is None:
        return "<em>not recorded</em>"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return html.escape(str(value))


_STYLE = ("body{font-family:sans-serif;margin:2em;max-width:60em}"
          "table{border-collapse:collapse;margin:.3em 0}"
          "th,td{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}"
          "th{background:#eee;font-weight:normal}code{word-break:break-all}")


def _html(reference: str, parts: dict[str, Any], manifest: dict[str, Any]) -> str:
    title = html.escape(f"Evidence package {reference}")
    sections = "".join(f"<section><h2>{html.escape(name)}</h2>{_render(parts[name])}</section>"
                       for name in sorted(parts))
    hashes = "".join(f"<tr><th>{html.escape(name)}</th><td><code>{digest}</code></td></tr>"
                     for name, digest in sorted(manifest["parts"].items()))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}'
            f"</title><style>{_STYLE}</style></head><body><h1>{title}</h1>{sections}"
            f"<section><h2>manifest ({html.escape(FORMAT)})</h2><table>{hashes}"
            f"<tr><th>whole bundle</th><td><code>{manifest['bundleSha256']}</code></td></tr>"
            "</table></section></body></html>\n")


def build_evidence_package(*, case: Any, referrals: Sequence[Any], captures: Sequence[Capture],
                           suspect: Any, assessment: Any, allocation: Any,
                           lines_of_enquiry: Sequence[LineOfEnquiry],
                           platform_requests: Sequence[Any], generated_by: str,
                           generated_at: datetime) -> EvidencePackage:
    """The package, or RuleViolation when it lacks a positive line of enquiry or a sound
    capture. Inputs may be dataclasses or plain mappings."""
    errors: list[UserError] = []
    for index, capture in enumerate(captures):
        errors.extend(capture_problems(capture, ("input", "captures", str(index))))
    if not any(line.positive and line.description.strip() for line in lines_of_enquiry):
        errors.append(UserError(("input", "linesOfEnquiry"), "an evidence package needs a "
                                "positive line of enquiry", "NO_POSITIVE_LINE_OF_ENQUIRY"))
    if errors:
        raise RuleViolation(errors)
    parts: dict[str, Any] = {
        "case": plain(case),
        "referrals": _ordered(referrals),
        "captures": _ordered(captures),
        "suspect": plain(suspect),
        "assessment": plain(assessment),
        "allocation": plain(allocation),
        "linesOfEnquiry": _ordered(lines_of_enquiry),
        "platformRequests": _ordered(platform_requests),
        "generated": {"by": generated_by, "at": plain(generated_at)},
    }
    bundle = canonical({"format": FORMAT, "parts": parts})
    manifest = {"format": FORMAT,
                "parts": {name: _sha256(canonical(part)) for name, part in parts.items()},
                "bundleSha256": _sha256(bundle)}
    case_part = parts["case"]
    reference = str(case_part.get("reference", "")) if isinstance(case_part, dict) else ""
    return EvidencePackage(bundle, manifest, _html(reference, parts, manifest))
