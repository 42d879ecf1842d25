"""Advice notes from the hub to forces, and the best-practice library forces search."""
