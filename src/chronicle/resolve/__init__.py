"""Chronicle stage: resolve."""
