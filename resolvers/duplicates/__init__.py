"""Analysts' decisions on duplicate links: merge two cases, split a report out."""
