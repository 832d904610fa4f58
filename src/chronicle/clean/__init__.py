"""Chronicle stage: clean."""
