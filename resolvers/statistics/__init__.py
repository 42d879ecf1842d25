"""Statistics, alerts and delays, within the caller's scope."""
