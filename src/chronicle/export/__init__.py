"""Chronicle stage: export."""
