"""Content captured, referred to its platform for removal, and preserved."""
