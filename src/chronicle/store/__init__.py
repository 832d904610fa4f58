"""Chronicle stage: store."""
