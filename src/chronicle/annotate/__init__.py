"""Chronicle stage: annotate. Sentences, entities and time expressions.

``annotate`` composes the parts: spaCy's parse (passed in, so a runner can
batch documents through ``nlp.pipe``), the entity layer on top of it, and the
time normaliser anchored on the publication date.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from chronicle.annotate.entities import find_entities
from chronicle.annotate.timex import find_times
from chronicle.records import AnnotatedDocument, CleanDocument, DocEntity, Span


def annotate(clean: CleanDocument, doc: Doc) -> AnnotatedDocument:
    """Annotate one cleaned document whose text spaCy has parsed into ``doc``."""
    if doc.text != clean.text:
        raise ValueError("the parse is not of this document's text")
    entities, mentions = find_entities(doc)
    entities = outlet_is_no_person(entities, clean.outlet)
    anchor = clean.published
    times = find_times(clean.text, anchor)
    text = clean.text
    # Slicing the text is cheaper than building each sentence's Span.text in spaCy.
    sentences = tuple(Span(s.start_char, s.end_char, text[s.start_char : s.end_char]) for s in doc.sents)
    return AnnotatedDocument(clean, sentences, entities, mentions, tuple(times), anchor)


def outlet_is_no_person(entities: tuple[DocEntity, ...], outlet: str | None) -> tuple[DocEntity, ...]:
    """"his lawyer told Steppe Monitor": the small model takes a two-word
    outlet name for a person. The document's own outlet is an organisation."""
    if not outlet:
        return entities
    key = " ".join(outlet.casefold().split())
    return tuple(
        replace(e, kind="organisation") if e.kind == "person" and " ".join(e.name.casefold().split()) == key else e
        for e in entities
    )


__all__ = ["annotate", "outlet_is_no_person"]
