"""Duplicate-report and identity linking: pure, fast stages with data flowing one way.

normalise -> block -> compare -> score -> cluster -> explain -> evaluate. Nothing here touches
Neo4j or the network, so every stage is tested as a pure function and reused by intake (one
record against indexed candidates) and by batch relinking (everything at once).
"""
