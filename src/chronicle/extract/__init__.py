"""Chronicle stage: extract."""
