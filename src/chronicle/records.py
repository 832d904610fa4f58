"""Typed records that flow between Chronicle's stages.

Data flows one way::

    ingest -> RawDocument | Quarantined
    clean  -> CleanDocument
    annotate -> AnnotatedDocument (sentences, entity clusters, time expressions)
    extract  -> EventMention
    resolve  -> identities, fused events, conflicts (see chronicle.resolve)
    store    -> SQL rows (only chronicle.store speaks SQL)

Every record is an immutable dataclass. Offsets are Python string indices
(code points) into ``CleanDocument.text`` unless a field says otherwise, so
``text[start:end]`` always reproduces the quoted evidence exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "month", "season", "year", "range", "unknown"]
EntityKind = Literal["person", "organisation", "place"]
Status = Literal["occurred", "expected", "alleged", "denied", "disputed"]


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known only to some precision.

    ``value`` is ISO 8601 cut to the precision: ``2010-05-12`` (day),
    ``2010-05`` (month), ``2009-SU`` (season), ``2009`` (year). A range keeps
    ``start`` and ``end`` as ISO days. ``unknown`` has no value.
    """

    value: str | None
    precision: Precision
    start: str | None = None
    end: str | None = None

    @staticmethod
    def unknown() -> "PartialDate":
        return PartialDate(None, "unknown")

    def to_dict(self) -> dict:
        out: dict = {"value": self.value, "precision": self.precision}
        if self.start:
            out["start"] = self.start
        if self.end:
            out["end"] = self.end
        return out


# --------------------------------------------------------------------- ingest


@dataclass(frozen=True)
class RawDocument:
    """One document exactly as it arrived, before any cleaning.

    ``raw`` holds the original bytes (for a WARC record: the HTTP payload;
    for a JSON Lines record: the ``html`` or ``text`` value encoded as UTF-8).
    ``sha256`` is the digest of ``raw`` and is the document's identity:
    the same bytes from two places are one document.
    """

    source: str  # file path, WARC target URI or JSON Lines url
    raw: bytes
    sha256: str
    media_type: Literal["text/plain", "text/html"]
    text: str  # ``raw`` decoded with ``encoding``
    encoding: str
    container: str | None = None  # the WARC/JSONL/gz file it was read from
    published_hint: str | None = None  # e.g. JSON Lines ``published``


@dataclass(frozen=True)
class Quarantined:
    """An input that could not be read or cleaned, and why (one line)."""

    source: str
    reason: str
    sha256: str | None = None
    size: int | None = None


# ---------------------------------------------------------------------- clean


@dataclass(frozen=True)
class Segment:
    """A run of cleaned text copied from the decoded raw text.

    ``clean_start:clean_end`` in ``CleanDocument.text`` equals
    ``raw_start:raw_end`` in ``RawDocument.text`` when ``raw_start`` is set;
    ``raw_start`` is None for text that has no verbatim counterpart (HTML
    entities or inline markup in the original).
    """

    clean_start: int
    clean_end: int
    raw_start: int | None
    raw_end: int | None


@dataclass(frozen=True)
class CleanDocument:
    sha256: str
    source: str
    text: str  # the article body only
    title: str | None = None
    published: PartialDate | None = None
    outlet: str | None = None
    language: str | None = None
    segments: tuple[Segment, ...] = ()

    def raw_offset(self, clean_offset: int) -> int | None:
        """Map an offset in ``text`` back to the decoded raw document."""
        for seg in self.segments:
            if seg.clean_start <= clean_offset <= seg.clean_end and seg.raw_start is not None:
                return seg.raw_start + (clean_offset - seg.clean_start)
        return None


# ------------------------------------------------------------------- annotate


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TimeExpression:
    """A time expression found in text and normalised.

    ``kind`` follows TimeML: DATE, TIME, DURATION, SET. For a DURATION
    ``value`` is ISO 8601 (``P15D``); for a DATE it is the ISO date cut to
    ``date.precision``. ``anchored`` says whether the value depended on an
    anchor (publication date or an embedded dated message).
    """

    span: Span
    kind: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    date: PartialDate | None = None
    anchored: bool = False


@dataclass(frozen=True)
class EntityMention:
    span: Span
    cluster: int  # index into AnnotatedDocument.entities


@dataclass(frozen=True)
class DocEntity:
    """One person, organisation or place within one document.

    All its mentions ("Ainur Kurmanov", "Ainur", "Kurmanov") are linked;
    ``name`` is the longest full form seen in the document.
    """

    id: int
    kind: EntityKind
    name: str
    variants: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # "journalist", "MEP", "Secretary General"
    country: str | None = None  # ISO 3166 alpha-2, places (and orgs when known)
    gazetteer_id: str | None = None  # geonames id for places


@dataclass(frozen=True)
class AnnotatedDocument:
    doc: CleanDocument
    sentences: tuple[Span, ...]
    entities: tuple[DocEntity, ...]
    mentions: tuple[EntityMention, ...]
    times: tuple[TimeExpression, ...]
    anchor: PartialDate | None = None  # the date relative expressions hang on


# -------------------------------------------------------------------- extract


@dataclass(frozen=True)
class RoleFiller:
    role: str  # subject, agent, organiser, participant, addressee, about, court
    entity: int | None  # DocEntity.id, or None for an unlinked filler
    span: Span


@dataclass(frozen=True)
class EventMention:
    """One event as one sentence of one document reports it."""

    document: str  # CleanDocument.sha256
    type: str  # see chronicle.extract.ontology.EVENT_TYPES
    status: Status
    trigger: Span
    sentence: Span  # the evidence: sentence.text is quoted to users
    participants: tuple[RoleFiller, ...] = ()
    place: int | None = None  # DocEntity.id of a place
    date: PartialDate = field(default_factory=PartialDate.unknown)
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value), e.g. ("term", "P15D")

    def attribute(self, name: str) -> str | None:
        return next((v for k, v in self.attributes if k == name), None)


# ------------------------------------------------------------------- pipeline


@dataclass(frozen=True)
class ProcessedDocument:
    """Everything the per-document pipeline learns from one document.

    This is what every runner (CLI, worker pool, Spark) hands to the store.
    """

    raw: RawDocument
    clean: CleanDocument
    annotated: AnnotatedDocument | None = None
    events: tuple[EventMention, ...] = ()


# -------------------------------------------------------------------- resolve


@dataclass(frozen=True)
class StoredEntity:
    """A document's entity as the store holds it: the input to resolution."""

    id: int  # unique across the store
    document_id: int
    kind: EntityKind
    name: str
    variants: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    country: str | None = None
    gazetteer_id: str | None = None


@dataclass(frozen=True)
class StoredEventMention:
    """An event mention as the store holds it; entity ids are StoredEntity ids."""

    id: int
    document_id: int
    type: str
    status: Status
    date: PartialDate
    place: int | None
    attributes: tuple[tuple[str, str], ...]
    participants: tuple[RoleFiller, ...]
    sentence: Span
    trigger: Span

    def attribute(self, name: str) -> str | None:
        return next((v for k, v in self.attributes if k == name), None)


@dataclass(frozen=True)
class Identity:
    """One person, organisation or place across documents."""

    key: int
    kind: EntityKind
    name: str
    members: tuple[int, ...]  # StoredEntity ids
    variants: tuple[str, ...] = ()
    country: str | None = None
    gazetteer_id: str | None = None


@dataclass(frozen=True)
class IdentityJudgement:
    left: int  # StoredEntity ids
    right: int
    verdict: Literal["same", "different", "unsure"]
    score: float
    reason: str
    author: str = "chronicle"


@dataclass(frozen=True)
class ConflictValue:
    value: str
    mentions: tuple[int, ...]  # StoredEventMention ids that say so


@dataclass(frozen=True)
class Conflict:
    field: str
    values: tuple[ConflictValue, ...]


@dataclass(frozen=True)
class FusedEvent:
    """One real-world event, from every mention that reports it."""

    type: str
    status: Status
    date: PartialDate
    place: int | None  # Identity key
    participants: tuple[tuple[str, int], ...]  # (role, Identity key)
    attributes: tuple[tuple[str, str], ...]
    mentions: tuple[int, ...]  # StoredEventMention ids
    conflicts: tuple[Conflict, ...] = ()
    derived: tuple[tuple[str, str], ...] = ()  # (fact, how it was derived)
