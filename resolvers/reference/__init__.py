"""Reference data: forces and platforms."""
