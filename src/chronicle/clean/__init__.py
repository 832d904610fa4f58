"""Chronicle stage: clean.

Turns a :class:`~chronicle.records.RawDocument` into a
:class:`~chronicle.records.CleanDocument`: the article body only, with its
title, original publication date, outlet, language, and segments that map
every verbatim run of the body back to the raw text. HTML goes through
trafilatura and htmldate (:mod:`chronicle.clean.html`); plain text that still
carries site boilerplate goes through a line classifier
(:mod:`chronicle.clean.text`). See docs/cleaning.md.
"""
from __future__ import annotations

from chronicle.clean.errors import CleanError
from chronicle.records import CleanDocument, RawDocument

__all__ = ["CleanError", "clean_document"]


def clean_document(raw: RawDocument) -> CleanDocument:
    """Clean ``raw`` according to its media type; raises CleanError with a one-line reason."""
    if raw.media_type == "text/html":
        from chronicle.clean.html import clean_html

        return clean_html(raw)
    if raw.media_type == "text/plain":
        from chronicle.clean.text import clean_text

        return clean_text(raw)
    raise CleanError(f"unsupported media type: {raw.media_type}")
