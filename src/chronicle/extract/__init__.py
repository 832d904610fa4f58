"""Chronicle stage: extract. Event mentions from annotated documents."""
from chronicle.extract.events import extract_events

__all__ = ["extract_events"]
