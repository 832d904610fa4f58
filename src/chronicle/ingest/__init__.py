"""Chronicle stage: ingest."""
