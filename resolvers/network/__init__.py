"""Perpetrator networks for analysts."""
