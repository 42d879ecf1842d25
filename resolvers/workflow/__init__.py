"""Working a case: triage, assessment, allocation, status changes and victim updates."""
