"""The analysts' merge and split mutations."""

from __future__ import annotations

MERGE = """mutation($i: MergeCasesInput!) { mergeCases(input: $i) {
  movedTruevisionRefs userErrors { field code } } }"""
SPLIT = """mutation($i: SplitReportInput!) { splitReport(input: $i) {
  oldCaseReference newCaseReference userErrors { field code } } }"""
