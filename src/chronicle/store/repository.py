"""The store's API. Only this package speaks SQL.

Writes are one transaction per document, so a killed process loses at most
the document it was working on, and re-running the same input skips what is
already committed (documents are keyed by the SHA-256 of their raw bytes).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Iterator

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from chronicle.records import (
    Conflict,
    ConflictValue,
    FusedEvent,
    Identity,
    IdentityJudgement,
    PartialDate,
    ProcessedDocument,
    Quarantined,
    RoleFiller,
    Span,
    StoredEntity,
    StoredEventMention,
)
from chronicle.store.db import database_url, make_engine, migrate
from chronicle.store.models import (
    ConflictRow,
    DocEntityRow,
    EntityRow,
    EventRow,
    EventSourceRow,
    JudgementRow,
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
class Resolution:
    """The cross-document record as stored, keyed by row ids."""

    identities: dict[int, Identity]  # entity row id -> identity (key = row id)
    entity_documents: dict[int, tuple[int, ...]]  # entity row id -> document ids
    events: dict[int, FusedEvent]  # event row id -> event (ids are store ids)
    mentions: dict[int, StoredEventMention]


@dataclass(frozen=True)
class SaveResult:
    document_id: int
    is_new: bool


class Store:
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
        raw, clean = processed.raw, processed.clean
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

    # --------------------------------------------------------------- resolution

    def stored_entities(self, document_ids: Iterable[int] | None = None) -> list[StoredEntity]:
        with self.session() as s:
            query = select(DocEntityRow).order_by(DocEntityRow.id)
            if document_ids is not None:
                query = query.where(DocEntityRow.document_id.in_(list(document_ids)))
            return [_stored_entity(r) for r in s.scalars(query)]

    def stored_event_mentions(self, document_ids: Iterable[int] | None = None) -> list[StoredEventMention]:
        with self.session() as s:
            query = select(EventMentionRow).order_by(EventMentionRow.id)
            if document_ids is not None:
                query = query.where(EventMentionRow.document_id.in_(list(document_ids)))
            rows = s.scalars(query).all()
            roles: dict[int, list[RoleRow]] = {}
            role_query = select(RoleRow).order_by(RoleRow.id)
            if document_ids is not None:
                role_query = role_query.where(RoleRow.event_mention_id.in_([r.id for r in rows]))
            for role in s.scalars(role_query):
                roles.setdefault(role.event_mention_id, []).append(role)
            return [_stored_mention(r, roles.get(r.id, [])) for r in rows]

    def judgements(self, *, reviewers_only: bool = False) -> list[IdentityJudgement]:
        with self.session() as s:
            query = select(JudgementRow).order_by(JudgementRow.id)
            if reviewers_only:
                query = query.where(JudgementRow.author != "chronicle")
            return [
                IdentityJudgement(r.left_id, r.right_id, r.verdict, r.score or 0.0, r.reason, r.author)
                for r in s.scalars(query)
            ]

    def replace_resolution(
        self, identities: list[Identity], judgements: list[IdentityJudgement], events: list[FusedEvent]
    ) -> None:
        """Swap in a new cross-document record in one transaction.

        Machine judgements are replaced; reviewers' judgements are kept.
        Per-document rows (what was read) are never touched.
        """
        with self.session() as s, s.begin():
            s.execute(delete(ConflictRow))
            s.execute(delete(EventSourceRow))
            s.execute(delete(EventRow))
            s.execute(update(DocEntityRow).values(entity_id=None))
            s.execute(delete(EntityRow))
            s.execute(delete(JudgementRow).where(JudgementRow.author == "chronicle"))
            row_of: dict[int, int] = {}
            for ident in identities:
                row = EntityRow(kind=ident.kind, name=ident.name, country=ident.country, gazetteer_id=ident.gazetteer_id)
                s.add(row)
                s.flush()
                row_of[ident.key] = row.id
                s.execute(update(DocEntityRow).where(DocEntityRow.id.in_(ident.members)).values(entity_id=row.id))
            for j in judgements:
                if j.author == "chronicle":
                    s.add(JudgementRow(left_id=j.left, right_id=j.right, verdict=j.verdict, score=j.score, reason=j.reason, author=j.author))
            for event in events:
                _insert_event(s, event, row_of)

    def resolution(self) -> Resolution:
        with self.session() as s:
            docs_of: dict[int, set[int]] = {}
            variants: dict[int, list[str]] = {}
            members: dict[int, list[int]] = {}
            for de in s.scalars(select(DocEntityRow).where(DocEntityRow.entity_id.is_not(None)).order_by(DocEntityRow.id)):
                docs_of.setdefault(de.entity_id, set()).add(de.document_id)
                members.setdefault(de.entity_id, []).append(de.id)
                for name in [de.name, *de.variants]:
                    if name not in variants.setdefault(de.entity_id, []):
                        variants[de.entity_id].append(name)
            identities = {}
            for row in s.scalars(select(EntityRow).order_by(EntityRow.id)):
                names = [n for n in variants.get(row.id, []) if n != row.name]
                identities[row.id] = Identity(row.id, row.kind, row.name, tuple(members.get(row.id, ())), tuple(names), row.country, row.gazetteer_id)
            sources: dict[int, list[int]] = {}
            for link in s.scalars(select(EventSourceRow).order_by(EventSourceRow.id)):
                sources.setdefault(link.event_id, []).append(link.event_mention_id)
            conflicts: dict[int, list[Conflict]] = {}
            for c in s.scalars(select(ConflictRow).order_by(ConflictRow.id)):
                values = tuple(ConflictValue(v["value"], tuple(v["mentions"])) for v in c.values)
                conflicts.setdefault(c.event_id, []).append(Conflict(c.field, values))
            events = {}
            for e in s.scalars(select(EventRow).order_by(EventRow.id)):
                events[e.id] = FusedEvent(
                    type=e.type,
                    status=e.status,
                    date=PartialDate(e.date_value, e.date_precision, e.date_start, e.date_end),
                    place=e.place_entity_id,
                    participants=tuple((p["role"], p["entity"]) for p in e.participants),
                    attributes=tuple(sorted(e.attributes.items())),
                    mentions=tuple(sources.get(e.id, ())),
                    conflicts=tuple(conflicts.get(e.id, ())),
                    derived=tuple(sorted(e.derived.items())),
                )
        mentions = {m.id: m for m in self.stored_event_mentions()}
        return Resolution(identities, {k: tuple(sorted(v)) for k, v in docs_of.items()}, events, mentions)

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


def _insert_event(s: Session, event: FusedEvent, row_of: dict[int, int]) -> None:
    row = EventRow(
        type=event.type,
        status=event.status,
        date_value=event.date.value,
        date_precision=event.date.precision,
        date_start=event.date.start,
        date_end=event.date.end,
        place_entity_id=row_of.get(event.place) if event.place is not None else None,
        attributes=dict(event.attributes),
        participants=[{"role": role, "entity": row_of[key]} for role, key in event.participants if key in row_of],
        derived=dict(event.derived),
    )
    s.add(row)
    s.flush()
    for mention_id in event.mentions:
        s.add(EventSourceRow(event_id=row.id, event_mention_id=mention_id))
    for conflict in event.conflicts:
        values = [{"value": v.value, "mentions": list(v.mentions)} for v in conflict.values]
        s.add(ConflictRow(event_id=row.id, field=conflict.field, values=values))


def _stored_entity(r: DocEntityRow) -> StoredEntity:
    return StoredEntity(r.id, r.document_id, r.kind, r.name, tuple(r.variants), tuple(r.titles), r.country, r.gazetteer_id)


def _stored_mention(r: EventMentionRow, roles: list[RoleRow]) -> StoredEventMention:
    return StoredEventMention(
        id=r.id,
        document_id=r.document_id,
        type=r.type,
        status=r.status,
        date=PartialDate(r.date_value, r.date_precision, r.date_start, r.date_end),
        place=r.place_doc_entity_id,
        attributes=tuple(sorted((k, str(v)) for k, v in r.attributes.items())),
        participants=tuple(RoleFiller(x.role, x.doc_entity_id, Span(x.start, x.end, x.text)) for x in roles),
        sentence=Span(r.sentence_start, r.sentence_end, r.evidence),
        trigger=Span(r.trigger_start, r.trigger_end, r.trigger_text),
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
