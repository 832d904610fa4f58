"""Chronicle stage: web."""
