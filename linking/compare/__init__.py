"""Compare: each candidate pair gets a level per comparison, from least to most alike, as
integer codes computed for all pairs at once."""
