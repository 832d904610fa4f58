"""The store against real SQLite and PostgreSQL databases."""
from __future__ import annotations

import hashlib

from sqlalchemy import inspect

from chronicle.records import (
    AnnotatedDocument,
    CleanDocument,
    DocEntity,
    EntityMention,
    EventMention,
    PartialDate,
    ProcessedDocument,
    Quarantined,
    RawDocument,
    RoleFiller,
    Span,
)
from chronicle.store import Store

TEXT = "Police detained the teacher Irina Volk in Grodno on 3 March."


def processed(text: str = TEXT, source: str = "a.txt") -> ProcessedDocument:
    raw_bytes = text.encode()
    sha = hashlib.sha256(raw_bytes).hexdigest()
    raw = RawDocument(source, raw_bytes, sha, "text/plain", text, "utf-8")
    clean = CleanDocument(sha, source, text, title="T", published=PartialDate("2021-03-05", "day"), outlet="O", language="en")
    person = DocEntity(0, "person", "Irina Volk", titles=("teacher",))
    place = DocEntity(1, "place", "Grodno", country="BY")
    start = text.index("Irina Volk")
    annotated = AnnotatedDocument(
        clean,
        sentences=(Span(0, len(text), text),),
        entities=(person, place),
        mentions=(EntityMention(Span(start, start + 10, "Irina Volk"), 0),),
        times=(),
    )
    trigger = text.index("detained")
    event = EventMention(
        sha,
        "detention",
        "occurred",
        trigger=Span(trigger, trigger + 8, "detained"),
        sentence=Span(0, len(text), text),
        participants=(RoleFiller("subject", 0, Span(start, start + 10, "Irina Volk")),),
        place=1,
        date=PartialDate("2021-03-03", "day"),
    )
    return ProcessedDocument(raw, clean, annotated, (event,))


def test_schema_is_created_by_migrations(db_url):
    store = Store.open(db_url)
    try:
        tables = set(inspect(store.engine).get_table_names())
    finally:
        store.close()
    assert {"documents", "raw_documents", "quarantine", "event_mentions", "alembic_version"} <= tables


def test_document_round_trip_keeps_raw_bytes_and_provenance(db_url):
    store = Store.open(db_url)
    try:
        p = processed()
        saved = store.save_processed(p)
        assert saved.is_new
        doc = store.document(saved.document_id)
        assert doc.sha256 == p.raw.sha256
        assert doc.published == PartialDate("2021-03-05", "day")
        assert store.raw_bytes(doc.sha256) == p.raw.raw
        assert store.counts()["event_mentions"] == 1
    finally:
        store.close()


def test_same_bytes_from_two_places_are_one_document(db_url):
    store = Store.open(db_url)
    try:
        first = store.save_processed(processed(source="a.txt"))
        second = store.save_processed(processed(source="mirror/a.txt"))
        again = store.save_processed(processed(source="a.txt"))
        assert first.document_id == second.document_id == again.document_id
        assert (first.is_new, second.is_new, again.is_new) == (True, False, False)
        (doc,) = list(store.documents())
        assert doc.sources == ("a.txt", "mirror/a.txt")
    finally:
        store.close()


def test_quarantine_is_recorded(db_url):
    store = Store.open(db_url)
    try:
        store.quarantine(Quarantined("bad.bin", "binary content (PNG image)", None, 10))
        (q,) = store.quarantined()
        assert (q.source, q.reason) == ("bad.bin", "binary content (PNG image)")
    finally:
        store.close()


def test_reopening_an_existing_store_keeps_data(db_url):
    store = Store.open(db_url)
    store.save_processed(processed())
    store.close()
    store = Store.open(db_url)
    try:
        assert store.counts()["documents"] == 1
    finally:
        store.close()
