"""Chronicle stage: annotate."""
