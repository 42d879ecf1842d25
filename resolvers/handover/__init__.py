"""Handing a case over: overrides, transfers, victim preferences, no-action letters."""
