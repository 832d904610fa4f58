"""Chronicle stage: evaluate."""
