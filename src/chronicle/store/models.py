"""SQLAlchemy models: the durable record.

Layout follows provenance: a document's raw bytes live in ``raw_documents``
keyed by their SHA-256 and are never updated; everything derived from a
document (entity clusters, event mentions) points back to it with character
offsets into ``documents.text``. Cross-document results (identities, fused
events, conflicts, stories) are separate tables that reference the
per-document rows, so they can be recomputed or reviewed without touching
what was read.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


# ------------------------------------------------------------------ documents


class RawDocumentRow(Base):
    __tablename__ = "raw_documents"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("raw_documents.sha256"), unique=True)
    source: Mapped[str] = mapped_column(Text)  # where it was first seen
    container: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(32))
    encoding: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    published_value: Mapped[str | None] = mapped_column(String(32))
    published_precision: Mapped[str] = mapped_column(String(16), default="unknown")
    text: Mapped[str] = mapped_column(Text)
    segments: Mapped[list] = mapped_column(JSON, default=list)  # [[clean_start, clean_end, raw_start, raw_end], ...]
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"))

    sources: Mapped[list["DocumentSourceRow"]] = relationship(back_populates="document", cascade="all, delete-orphan")


class DocumentSourceRow(Base):
    """Every place the same bytes were seen: the document is stored once."""

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("document_id", "source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    container: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[DocumentRow] = relationship(back_populates="sources")


class QuarantineRow(Base):
    __tablename__ = "quarantine"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, index=True)
    reason: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id"))


class IngestRunRow(Base):
    __tablename__ = "ingest_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    inputs: Mapped[list] = mapped_column(JSON, default=list)
    new: Mapped[int] = mapped_column(Integer, default=0)
    duplicate: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)


# ---------------------------------------------------- per-document annotation


class DocEntityRow(Base):
    """One person/organisation/place as one document names it."""

    __tablename__ = "doc_entities"
    __table_args__ = (UniqueConstraint("document_id", "local_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    variants: Mapped[list] = mapped_column(JSON, default=list)
    titles: Mapped[list] = mapped_column(JSON, default=list)
    country: Mapped[str | None] = mapped_column(String(2))
    gazetteer_id: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)


class MentionRow(Base):
    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_entity_id: Mapped[int] = mapped_column(ForeignKey("doc_entities.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class EventMentionRow(Base):
    __tablename__ = "event_mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16))
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    date_value: Mapped[str | None] = mapped_column(String(32))
    date_precision: Mapped[str] = mapped_column(String(16), default="unknown")
    date_start: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    place_doc_entity_id: Mapped[int | None] = mapped_column(ForeignKey("doc_entities.id"))
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)


class RoleRow(Base):
    __tablename__ = "event_roles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_mention_id: Mapped[int] = mapped_column(ForeignKey("event_mentions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    doc_entity_id: Mapped[int | None] = mapped_column(ForeignKey("doc_entities.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


# ------------------------------------------------------ cross-document record


class EntityRow(Base):
    """A resolved identity: every DocEntityRow pointing here is the same."""

    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(Text, index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    gazetteer_id: Mapped[str | None] = mapped_column(String(32))


class EntityKeyRow(Base):
    """Blocking keys of a document's entity, so a new document finds its
    candidate identities without scanning the store."""

    __tablename__ = "entity_keys"
    # (key, doc_entity_id) since 0003: a key's first doc entity is one seek.
    __table_args__ = (UniqueConstraint("doc_entity_id", "key"), Index("ix_entity_keys_key_doc_entity", "key", "doc_entity_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_entity_id: Mapped[int] = mapped_column(ForeignKey("doc_entities.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))


class JudgementRow(Base):
    """A same/different/unsure decision between two doc entities.

    Judgements are never deleted: a reviewer's later judgement on the same
    pair supersedes the machine's, and identities are rebuilt from them.
    """

    __tablename__ = "identity_judgements"
    # right_id since 0003: an entity's judgements are found from either side.
    __table_args__ = (Index("ix_judgement_pair", "left_id", "right_id"), Index("ix_judgement_right", "right_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    left_id: Mapped[int] = mapped_column(ForeignKey("doc_entities.id", ondelete="CASCADE"))
    right_id: Mapped[int] = mapped_column(ForeignKey("doc_entities.id", ondelete="CASCADE"))
    verdict: Mapped[str] = mapped_column(String(16))
    score: Mapped[float | None]
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64), default="chronicle")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoryRow(Base):
    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)


# The story index (added in 0003): what placing a new document in a story
# needs, kept so that its cost does not grow with the store. It is derived
# from the documents and their stories and rebuilt with the record.


class StoryIndexRow(Base):
    """One row: documents in the story index, how many it held when it was
    last rebuilt (re-clustered or re-fitted), and the views it has terms in."""

    __tablename__ = "story_index"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)
    rebuilt_at: Mapped[int] = mapped_column(Integer)
    views: Mapped[list] = mapped_column(JSON, default=list)  # views some indexed document has a term in


class StoryProfileRow(Base):
    """A story's size and publication date range."""

    __tablename__ = "story_profiles"
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    first_published: Mapped[str | None] = mapped_column(String(10))
    last_published: Mapped[str | None] = mapped_column(String(10))


class StoryTermRow(Base):
    """A term of one view (text, lead, numbers, entities) and the number of
    indexed documents that have it: the IDF, kept current."""

    __tablename__ = "story_terms"
    __table_args__ = (UniqueConstraint("view", "term"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    view: Mapped[str] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(200))
    df: Mapped[int] = mapped_column(Integer)


class StoryPostingRow(Base):
    """A story's weight on a term: the sum of its members' unit TF-IDF
    weights (the centroid times the story's size). Indexed by term, it is
    the inverted index that finds the stories a new document shares terms with."""

    __tablename__ = "story_postings"
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("story_terms.id", ondelete="CASCADE"), primary_key=True, index=True)
    weight: Mapped[float] = mapped_column(Double)


class EventRow(Base):
    """One real-world event, fused from one or more event mentions."""

    __tablename__ = "events"
    # (type, date_value) since 0003: the protests of a month are one range.
    __table_args__ = (Index("ix_events_type_date_value", "type", "date_value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16))
    date_value: Mapped[str | None] = mapped_column(String(32), index=True)
    date_precision: Mapped[str] = mapped_column(String(16), default="unknown")
    date_start: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    place_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))  # indexed in 0002
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    participants: Mapped[list] = mapped_column(JSON, default=list)  # [{"role":..., "entity": id}]
    derived: Mapped[dict] = mapped_column(JSON, default=dict)  # facts inferred, with what from


class EventParticipantRow(Base):
    """Who takes part in an event, indexed by entity: a person's case file
    is one indexed lookup. ``EventRow.participants`` is the display copy."""

    __tablename__ = "event_participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class EventSourceRow(Base):
    """Which mentions report which event.

    A mention can report several per-person events ("the arrests of A, B and
    C"), so this is a link table rather than a column on the mention.
    """

    __tablename__ = "event_sources"
    __table_args__ = (UniqueConstraint("event_id", "event_mention_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    event_mention_id: Mapped[int] = mapped_column(ForeignKey("event_mentions.id", ondelete="CASCADE"), index=True)


class ConflictRow(Base):
    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    values: Mapped[list] = mapped_column(JSON)  # [{"value":..., "mentions":[event_mention ids]}]
    state: Mapped[str] = mapped_column(String(16), default="open")
