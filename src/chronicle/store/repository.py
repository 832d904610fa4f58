"""The store's API. Only this package speaks SQL.

Writes are one transaction per document, so a killed process loses at most
the document it was working on, and re-running the same input skips what is
already committed (documents are keyed by the SHA-256 of their raw bytes).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Iterator

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from chronicle.records import PartialDate, ProcessedDocument, Quarantined
from chronicle.store.db import database_url, make_engine, migrate
from chronicle.store.resolution import ResolutionStore
from chronicle.store.models import (
    DocEntityRow,
    DocumentRow,
    DocumentSourceRow,
    EventMentionRow,
    IngestRunRow,
    MentionRow,
    QuarantineRow,
    RawDocumentRow,
    RoleRow,
    utcnow,
)


@dataclass(frozen=True)
class StoredDocument:
    id: int
    sha256: str
    source: str
    container: str | None
    media_type: str
    title: str | None
    outlet: str | None
    language: str | None
    published: PartialDate
    text: str
    ingested_at: datetime
    sources: tuple[str, ...]


@dataclass(frozen=True)
class StoredQuarantine:
    source: str
    reason: str
    sha256: str | None
    size: int | None
    at: datetime


@dataclass(frozen=True)
class SaveResult:
    document_id: int
    is_new: bool


class Store(ResolutionStore):
    """A Chronicle database (SQLite file or PostgreSQL URL)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, db: str | None = None, *, migrate_schema: bool = True) -> "Store":
        engine = make_engine(database_url(db))
        if migrate_schema:
            migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._sessions()

    # ------------------------------------------------------------- ingest runs

    def start_run(self, inputs: Iterable[str]) -> int:
        with self.session() as s, s.begin():
            run = IngestRunRow(inputs=list(inputs))
            s.add(run)
            s.flush()
            return run.id

    def finish_run(self, run_id: int, *, new: int, duplicate: int, quarantined: int) -> None:
        with self.session() as s, s.begin():
            run = s.get(IngestRunRow, run_id)
            run.new, run.duplicate, run.quarantined = new, duplicate, quarantined
            run.finished_at = utcnow()

    # --------------------------------------------------------------- documents

    def document_id_for(self, sha256: str) -> int | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))

    def add_source(self, document_id: int, source: str, container: str | None) -> bool:
        """Record one more place the same bytes were seen; False if known."""
        with self.session() as s, s.begin():
            known = s.scalar(
                select(DocumentSourceRow.id).where(
                    DocumentSourceRow.document_id == document_id, DocumentSourceRow.source == source
                )
            )
            if known:
                return False
            s.add(DocumentSourceRow(document_id=document_id, source=source, container=container))
            return True

    def save_processed(self, processed: ProcessedDocument) -> SaveResult:
        """Store a document and everything read from it, atomically."""
        raw = processed.raw
        existing = self.document_id_for(raw.sha256)
        if existing is not None:
            self.add_source(existing, raw.source, raw.container)
            return SaveResult(existing, False)
        try:
            with self.session() as s, s.begin():
                doc_id = _insert_document(s, processed)
        except IntegrityError:
            # Another writer committed the same bytes between our check and insert.
            existing = self.document_id_for(raw.sha256)
            if existing is None:
                raise
            self.add_source(existing, raw.source, raw.container)
            return SaveResult(existing, False)
        return SaveResult(doc_id, True)

    def quarantine(self, item: Quarantined, run_id: int | None = None) -> None:
        with self.session() as s, s.begin():
            s.add(QuarantineRow(source=item.source, reason=item.reason, sha256=item.sha256, size=item.size, run_id=run_id))

    def documents(self) -> Iterator[StoredDocument]:
        with self.session() as s:
            rows = s.scalars(select(DocumentRow).order_by(DocumentRow.id)).all()
            sources = _sources_by_document(s)
            for row in rows:
                yield _stored_document(row, sources.get(row.id, ()))

    def document(self, document_id: int) -> StoredDocument | None:
        with self.session() as s:
            row = s.get(DocumentRow, document_id)
            if row is None:
                return None
            return _stored_document(row, _sources_by_document(s, document_id).get(row.id, ()))

    def raw_bytes(self, sha256: str) -> bytes | None:
        with self.session() as s:
            return s.scalar(select(RawDocumentRow.raw).where(RawDocumentRow.sha256 == sha256))

    def quarantined(self) -> list[StoredQuarantine]:
        with self.session() as s:
            rows = s.scalars(select(QuarantineRow).order_by(QuarantineRow.id)).all()
            return [StoredQuarantine(r.source, r.reason, r.sha256, r.size, r.at) for r in rows]

    def counts(self) -> dict[str, int]:
        with self.session() as s:
            return {
                "documents": s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                "quarantined": s.scalar(select(func.count()).select_from(QuarantineRow)) or 0,
                "event_mentions": s.scalar(select(func.count()).select_from(EventMentionRow)) or 0,
            }


# ------------------------------------------------------------------ helpers


def _insert_document(s: Session, processed: ProcessedDocument) -> int:
    raw, clean = processed.raw, processed.clean
    s.add(RawDocumentRow(sha256=raw.sha256, raw=raw.raw, size=len(raw.raw)))
    s.flush()  # the raw row must exist before the document that references it
    published = clean.published or PartialDate.unknown()
    doc = DocumentRow(
        sha256=raw.sha256,
        source=raw.source,
        container=raw.container,
        media_type=raw.media_type,
        encoding=raw.encoding,
        title=clean.title,
        outlet=clean.outlet,
        language=clean.language,
        published_value=published.value,
        published_precision=published.precision,
        text=clean.text,
        segments=[[g.clean_start, g.clean_end, g.raw_start, g.raw_end] for g in clean.segments],
    )
    s.add(doc)
    s.flush()
    s.add(DocumentSourceRow(document_id=doc.id, source=raw.source, container=raw.container))
    entity_rows = _insert_entities(s, doc.id, processed)
    _insert_events(s, doc.id, processed, entity_rows)
    return doc.id


def _insert_entities(s: Session, doc_id: int, processed: ProcessedDocument) -> dict[int, int]:
    """Insert a document's entity clusters; map local ids to row ids."""
    annotated = processed.annotated
    if annotated is None:
        return {}
    rows: dict[int, DocEntityRow] = {}
    for ent in annotated.entities:
        row = DocEntityRow(
            document_id=doc_id,
            local_id=ent.id,
            kind=ent.kind,
            name=ent.name,
            variants=list(ent.variants),
            titles=list(ent.titles),
            country=ent.country,
            gazetteer_id=ent.gazetteer_id,
        )
        s.add(row)
        rows[ent.id] = row
    s.flush()
    for m in annotated.mentions:
        s.add(MentionRow(doc_entity_id=rows[m.cluster].id, start=m.span.start, end=m.span.end, text=m.span.text))
    return {local: row.id for local, row in rows.items()}


def _insert_events(s: Session, doc_id: int, processed: ProcessedDocument, entity_rows: dict[int, int]) -> None:
    for ev in processed.events:
        row = EventMentionRow(
            document_id=doc_id,
            type=ev.type,
            status=ev.status,
            trigger_start=ev.trigger.start,
            trigger_end=ev.trigger.end,
            trigger_text=ev.trigger.text,
            sentence_start=ev.sentence.start,
            sentence_end=ev.sentence.end,
            evidence=ev.sentence.text,
            date_value=ev.date.value,
            date_precision=ev.date.precision,
            date_start=ev.date.start,
            date_end=ev.date.end,
            place_doc_entity_id=entity_rows.get(ev.place) if ev.place is not None else None,
            attributes=dict(ev.attributes),
        )
        s.add(row)
        s.flush()
        for filler in ev.participants:
            s.add(
                RoleRow(
                    event_mention_id=row.id,
                    role=filler.role,
                    doc_entity_id=entity_rows.get(filler.entity) if filler.entity is not None else None,
                    start=filler.span.start,
                    end=filler.span.end,
                    text=filler.span.text,
                )
            )


def _sources_by_document(s: Session, document_id: int | None = None) -> dict[int, tuple[str, ...]]:
    query = select(DocumentSourceRow.document_id, DocumentSourceRow.source).order_by(DocumentSourceRow.id)
    if document_id is not None:
        query = query.where(DocumentSourceRow.document_id == document_id)
    out: dict[int, list[str]] = {}
    for doc_id, source in s.execute(query):
        out.setdefault(doc_id, []).append(source)
    return {k: tuple(v) for k, v in out.items()}


def _stored_document(row: DocumentRow, sources: tuple[str, ...]) -> StoredDocument:
    return StoredDocument(
        id=row.id,
        sha256=row.sha256,
        source=row.source,
        container=row.container,
        media_type=row.media_type,
        title=row.title,
        outlet=row.outlet,
        language=row.language,
        published=PartialDate(row.published_value, row.published_precision),
        text=row.text,
        ingested_at=row.ingested_at,
        sources=sources,
    )
