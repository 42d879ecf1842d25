"""Block: which pairs are worth comparing. Records sharing a cheap exact key become candidate
pairs; a key shared by too many records says nothing and is skipped."""
