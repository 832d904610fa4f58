"""The one exception the clean stage raises."""
from __future__ import annotations


class CleanError(ValueError):
    """A document that cannot be cleaned; ``str(err)`` is a one-line reason.

    Callers quarantine the document with that reason (see
    ``chronicle.records.Quarantined``).
    """
