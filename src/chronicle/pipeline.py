"""The per-document pipeline: clean -> annotate -> extract.

``process_document`` is the one function every runner calls (the CLI's
ingest, the worker pool and the Spark job). It touches no database and no
global state; the spaCy model is passed in so each process loads it once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from chronicle.clean import CleanError, clean_document
from chronicle.records import ProcessedDocument, Quarantined, RawDocument

if TYPE_CHECKING:
    from spacy.language import Language


def process_document(raw: RawDocument, nlp: "Language | None") -> ProcessedDocument | Quarantined:
    """Read one document; a document that can't be cleaned is quarantined.

    With ``nlp=None`` only cleaning runs (used to measure the stages apart).
    """
    try:
        clean = clean_document(raw)
    except CleanError as error:
        return Quarantined(raw.source, str(error), raw.sha256, len(raw.raw))
    if nlp is None:
        return ProcessedDocument(raw, clean)
    from chronicle.annotate import annotate
    from chronicle.extract import extract_events

    spacy_doc = nlp(clean.text)
    annotated = annotate(clean, spacy_doc)
    events = extract_events(annotated, spacy_doc)
    return ProcessedDocument(raw, clean, annotated, tuple(events))
