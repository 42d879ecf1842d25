"""Reading cases and their reports, always within the caller's scope."""
