"""Normalise: records into features that compare by equality or by a cheap string distance.

One module per kind of value (handles, contacts) and one feature builder per entity; nothing
here knows about pairs, so every later stage sees the same folded values.
"""
