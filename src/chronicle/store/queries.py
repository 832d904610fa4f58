"""Read-only queries for the web app and the exports.

``Store.resolution()`` loads the whole record, which is right for an export
and wrong for a page: at 100,000 events a person's case file must be a few
indexed lookups. Everything here fetches only what one page shows, and
returns the same record types (``Identity``, ``FusedEvent``,
``StoredEventMention``) packed in a ``Resolution``, so the JSON builders in
``chronicle.export.record`` work on a page's slice unchanged.

All SQL is SQLAlchemy Core; user input only ever reaches bound parameters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from sqlalchemy import func, or_, select

from chronicle.records import (Conflict, ConflictValue, FusedEvent, Identity, PartialDate, RoleFiller, Span,
                               StoredEventMention)
from chronicle.store.models import (
    ConflictRow,
    DocEntityRow,
    DocumentRow,
    DocumentSourceRow,
    EntityRow,
    EventMentionRow,
    EventParticipantRow,
    EventRow,
    EventSourceRow,
    MentionRow,
    QuarantineRow,
    RoleRow,
    StoryRow,
)
from chronicle.store import Resolution
from chronicle.store.repository import Store, StoredDocument

CHUNK = 500
MAX_ENTITY_EVENTS = 500  # a case file shows at most this many events; the events list has the rest


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    size: int


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    title: str | None
    outlet: str | None
    published: PartialDate
    source: str
    language: str | None
    story_id: int | None
    ingested_at: datetime
    event_mentions: int = 0
    sha256: str | None = None


@dataclass(frozen=True)
class EntitySummary:
    id: int
    kind: str
    name: str
    country: str | None
    documents: int
    events: int


@dataclass(frozen=True)
class EntitySpan:
    """One entity mention in a document's text."""

    start: int
    end: int
    text: str
    doc_entity_id: int
    entity_id: int | None
    kind: str
    name: str


@dataclass(frozen=True)
class DocEntityInfo:
    id: int
    kind: str
    name: str
    variants: tuple[str, ...]
    titles: tuple[str, ...]
    entity_id: int | None


@dataclass(frozen=True)
class DocumentView:
    document: StoredDocument
    story: tuple[int, str] | None
    entities: list[DocEntityInfo]
    entity_spans: list[EntitySpan]
    event_mentions: list[StoredEventMention]
    events_of_mention: dict[int, tuple[int, ...]]


@dataclass(frozen=True)
class MemberForm:
    """How one document names an identity."""

    doc_entity_id: int
    document_id: int
    name: str
    variants: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True)
class RecordSlice:
    """Part of the record: the events asked for and what they refer to.

    The identities here are light: ``members`` holds only each identity's
    first document entity (what stable review keys need) and ``variants``
    is empty; ``identities()`` or ``entity_view`` give the full ones.
    """

    resolution: Resolution
    conflict_ids: dict[int, tuple[int, ...]]  # event id -> conflict row ids, in FusedEvent.conflicts order
    documents: dict[int, "DocumentSummary"]


@dataclass(frozen=True)
class EntityView:
    identity: Identity
    members: list[MemberForm]
    slice: RecordSlice
    event_total: int


@dataclass(frozen=True)
class EventFilters:
    """The events list's query: every field narrows it."""

    type: str | None = None
    status: str | None = None
    country: str | None = None
    year: str | None = None
    entity: int | None = None

    def active(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass(frozen=True)
class StoryView:
    id: int
    label: str
    documents: list[DocumentSummary] = field(default_factory=list)


# ------------------------------------------------------------------ counts


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        out = {
            "documents": s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
            "events": s.scalar(select(func.count()).select_from(EventRow)) or 0,
            "event_mentions": s.scalar(select(func.count()).select_from(EventMentionRow)) or 0,
            "conflicts": s.scalar(select(func.count()).select_from(ConflictRow)) or 0,
            "stories": s.scalar(select(func.count()).select_from(StoryRow)) or 0,
            "quarantined": s.scalar(select(func.count()).select_from(QuarantineRow)) or 0,
        }
        for kind, n in s.execute(select(EntityRow.kind, func.count()).group_by(EntityRow.kind)):
            out[kind] = n
        for kind in ("person", "organisation", "place"):
            out.setdefault(kind, 0)
        return out


# --------------------------------------------------------------- documents


def _summary_columns():
    return (
        DocumentRow.id,
        DocumentRow.title,
        DocumentRow.outlet,
        DocumentRow.published_value,
        DocumentRow.published_precision,
        DocumentRow.source,
        DocumentRow.language,
        DocumentRow.story_id,
        DocumentRow.ingested_at,
        DocumentRow.sha256,
    )


def _summary(row, mentions: int = 0) -> DocumentSummary:
    return DocumentSummary(
        row.id,
        row.title,
        row.outlet,
        PartialDate(row.published_value, row.published_precision),
        row.source,
        row.language,
        row.story_id,
        row.ingested_at,
        mentions,
        row.sha256,
    )


def documents_page(store: Store, *, page: int = 1, size: int = 50, newest_first: bool = False) -> Page:
    order = DocumentRow.id.desc() if newest_first else DocumentRow.id
    with store.session() as s:
        rows = s.execute(select(*_summary_columns()).order_by(order).limit(size).offset((page - 1) * size)).all()
        total = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
        ids = [r.id for r in rows]
        mentions = dict(
            s.execute(
                select(EventMentionRow.document_id, func.count())
                .where(EventMentionRow.document_id.in_(ids))
                .group_by(EventMentionRow.document_id)
            ).all()
        ) if ids else {}
    return Page([_summary(r, mentions.get(r.id, 0)) for r in rows], total, page, size)


def document_summaries(store: Store, ids: Iterable[int]) -> dict[int, DocumentSummary]:
    out: dict[int, DocumentSummary] = {}
    ids = sorted(set(ids))
    with store.session() as s:
        for chunk in _chunks(ids):
            for row in s.execute(select(*_summary_columns()).where(DocumentRow.id.in_(chunk))):
                out[row.id] = _summary(row)
    return out


def document_view(store: Store, document_id: int) -> DocumentView | None:
    doc = store.document(document_id)
    if doc is None:
        return None
    with store.session() as s:
        story = None
        story_id = s.scalar(select(DocumentRow.story_id).where(DocumentRow.id == document_id))
        if story_id is not None:
            label = s.scalar(select(StoryRow.label).where(StoryRow.id == story_id))
            story = (story_id, label or f"story {story_id}")
        entities = [
            DocEntityInfo(r.id, r.kind, r.name, tuple(r.variants or ()), tuple(r.titles or ()), r.entity_id)
            for r in s.scalars(select(DocEntityRow).where(DocEntityRow.document_id == document_id).order_by(DocEntityRow.id))
        ]
        by_id = {e.id: e for e in entities}
        spans = [
            EntitySpan(m.start, m.end, m.text, m.doc_entity_id, by_id[m.doc_entity_id].entity_id,
                       by_id[m.doc_entity_id].kind, by_id[m.doc_entity_id].name)
            for m in s.scalars(
                select(MentionRow).where(MentionRow.doc_entity_id.in_(list(by_id))).order_by(MentionRow.start, MentionRow.id)
            )
        ] if by_id else []
    mentions = store.stored_event_mentions([document_id])
    events_of: dict[int, list[int]] = {}
    with store.session() as s:
        ids = [m.id for m in mentions]
        for chunk in _chunks(ids):
            for mention_id, event_id in s.execute(
                select(EventSourceRow.event_mention_id, EventSourceRow.event_id)
                .where(EventSourceRow.event_mention_id.in_(chunk))
                .order_by(EventSourceRow.event_id)
            ):
                events_of.setdefault(mention_id, []).append(event_id)
    return DocumentView(doc, story, entities, spans, mentions, {k: tuple(v) for k, v in events_of.items()})


def stories_page(store: Store, *, page: int = 1, size: int = 50) -> Page:
    with store.session() as s:
        stories = s.execute(select(StoryRow.id, StoryRow.label).order_by(StoryRow.id).limit(size).offset((page - 1) * size)).all()
        total = s.scalar(select(func.count()).select_from(StoryRow)) or 0
        ids = [r.id for r in stories]
        docs: dict[int, list[DocumentSummary]] = {}
        if ids:
            for row in s.execute(select(*_summary_columns()).where(DocumentRow.story_id.in_(ids)).order_by(DocumentRow.id)):
                docs.setdefault(row.story_id, []).append(_summary(row))
    return Page([StoryView(r.id, r.label, docs.get(r.id, [])) for r in stories], total, page, size)


# ---------------------------------------------------------------- entities


def entities_page(
    store: Store,
    kind: str,
    *,
    page: int = 1,
    size: int = 50,
    name_contains: str | None = None,
    by_events: bool = False,
) -> Page:
    """People, organisations or places, by name (or by number of events)."""
    with store.session() as s:
        where = [EntityRow.kind == kind]
        if name_contains:
            where.append(EntityRow.name.contains(name_contains, autoescape=True))
        total = s.scalar(select(func.count()).select_from(EntityRow).where(*where)) or 0
        if by_events:
            ids = _entities_by_event_count(s, kind, where, size, (page - 1) * size)
        else:
            ids = list(s.scalars(select(EntityRow.id).where(*where).order_by(EntityRow.name, EntityRow.id)
                                 .limit(size).offset((page - 1) * size)))
        rows = {r.id: r for r in s.execute(select(EntityRow.id, EntityRow.kind, EntityRow.name, EntityRow.country)
                                          .where(EntityRow.id.in_(ids)))} if ids else {}
        docs = _document_counts(s, ids)
        events = _event_counts(s, ids, kind)
    items = [EntitySummary(i, rows[i].kind, rows[i].name, rows[i].country, docs.get(i, 0), events.get(i, 0)) for i in ids]
    return Page(items, total, page, size)


def _entities_by_event_count(s, kind: str, where, limit: int, offset: int) -> list[int]:
    if kind == "place":
        counted = (
            select(EventRow.place_entity_id.label("entity_id"), func.count().label("n"))
            .where(EventRow.place_entity_id.is_not(None))
            .group_by(EventRow.place_entity_id)
            .subquery()
        )
    else:
        counted = (
            select(EventParticipantRow.entity_id.label("entity_id"), func.count(func.distinct(EventParticipantRow.event_id)).label("n"))
            .group_by(EventParticipantRow.entity_id)
            .subquery()
        )
    query = (
        select(EntityRow.id)
        .outerjoin(counted, counted.c.entity_id == EntityRow.id)
        .where(*where)
        .order_by(func.coalesce(counted.c.n, 0).desc(), EntityRow.name, EntityRow.id)
        .limit(limit)
        .offset(offset)
    )
    return list(s.scalars(query))


def _document_counts(s, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(
        s.execute(
            select(DocEntityRow.entity_id, func.count(func.distinct(DocEntityRow.document_id)))
            .where(DocEntityRow.entity_id.in_(ids))
            .group_by(DocEntityRow.entity_id)
        ).all()
    )


def _event_counts(s, ids: list[int], kind: str) -> dict[int, int]:
    if not ids:
        return {}
    out = dict(
        s.execute(
            select(EventParticipantRow.entity_id, func.count(func.distinct(EventParticipantRow.event_id)))
            .where(EventParticipantRow.entity_id.in_(ids))
            .group_by(EventParticipantRow.entity_id)
        ).all()
    )
    if kind == "place":
        for entity_id, n in s.execute(
            select(EventRow.place_entity_id, func.count()).where(EventRow.place_entity_id.in_(ids)).group_by(EventRow.place_entity_id)
        ):
            out[entity_id] = out.get(entity_id, 0) + n
    return out


def _identities(s, entity_ids: Iterable[int], *, full: bool = True) -> dict[int, Identity]:
    """Identities by entity row id.

    ``full``: with all members and name variants (as ``Store.resolution``
    builds them). Otherwise only the identity's first member (its anchor for
    stable keys) and no variants: a place named in thousands of documents
    must not cost thousands of rows on every page that mentions it.
    """
    ids = sorted({i for i in entity_ids if i is not None})
    rows: dict[int, object] = {}
    members: dict[int, list[int]] = {}
    variants: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        for row in s.execute(select(EntityRow.id, EntityRow.kind, EntityRow.name, EntityRow.country, EntityRow.gazetteer_id)
                             .where(EntityRow.id.in_(chunk))):
            rows[row.id] = row
        if not full:
            for entity_id, first in s.execute(select(DocEntityRow.entity_id, func.min(DocEntityRow.id))
                                               .where(DocEntityRow.entity_id.in_(chunk)).group_by(DocEntityRow.entity_id)):
                members[entity_id] = [first]
            continue
        for de in s.execute(
            select(DocEntityRow.id, DocEntityRow.entity_id, DocEntityRow.name, DocEntityRow.variants)
            .where(DocEntityRow.entity_id.in_(chunk))
            .order_by(DocEntityRow.id)
        ):
            members.setdefault(de.entity_id, []).append(de.id)
            seen = variants.setdefault(de.entity_id, [])
            for name in [de.name, *(de.variants or ())]:
                if name not in seen:
                    seen.append(name)
    out = {}
    for entity_id, row in rows.items():
        names = tuple(n for n in variants.get(entity_id, []) if n != row.name)
        out[entity_id] = Identity(entity_id, row.kind, row.name, tuple(members.get(entity_id, ())), names, row.country, row.gazetteer_id)
    return out


def member_forms(store: Store, entity_id: int) -> list[MemberForm]:
    """Every document entity of an identity, in id order."""
    with store.session() as s:
        return [
            MemberForm(r.id, r.document_id, r.name, tuple(r.variants or ()), tuple(r.titles or ()))
            for r in s.scalars(select(DocEntityRow).where(DocEntityRow.entity_id == entity_id).order_by(DocEntityRow.id))
        ]


def entity_view(store: Store, entity_id: int, *, max_events: int = MAX_ENTITY_EVENTS) -> EntityView | None:
    """A case file's data: the identity, how each document names it, its events."""
    with store.session() as s:
        row = s.execute(select(EntityRow.kind, EntityRow.name, EntityRow.country, EntityRow.gazetteer_id)
                        .where(EntityRow.id == entity_id)).first()
        if row is None:
            return None
        members = [
            MemberForm(r.id, r.document_id, r.name, tuple(r.variants or ()), tuple(r.titles or ()))
            for r in s.execute(select(DocEntityRow.id, DocEntityRow.document_id, DocEntityRow.name, DocEntityRow.variants,
                                      DocEntityRow.titles).where(DocEntityRow.entity_id == entity_id).order_by(DocEntityRow.id))
        ]
        involved = select(EventParticipantRow.event_id).where(EventParticipantRow.entity_id == entity_id)
        placed = select(EventRow.id).where(EventRow.place_entity_id == entity_id)
        event_ids = sorted(set(s.scalars(involved)) | set(s.scalars(placed)))
    names: list[str] = []
    for m in members:
        names.extend(n for n in (m.name, *m.variants) if n not in names and n != row.name)
    identity = Identity(entity_id, row.kind, row.name, tuple(m.doc_entity_id for m in members), tuple(names),
                        row.country, row.gazetteer_id)
    shown = event_ids[:max_events]
    record = record_slice(store, shown, extra_documents=[m.document_id for m in members])
    return EntityView(identity, members, record, len(event_ids))


# ------------------------------------------------------------------ events


def record_slice(store: Store, event_ids: Iterable[int], *, extra_documents: Iterable[int] = ()) -> RecordSlice:
    """These events as ``FusedEvent``s, with every mention, identity and document they refer to."""
    event_ids = list(dict.fromkeys(event_ids))
    events: dict[int, FusedEvent] = {}
    conflict_ids: dict[int, tuple[int, ...]] = {}
    with store.session() as s:
        rows: dict[int, object] = {}
        sources: dict[int, list[int]] = {}
        conflicts: dict[int, list[tuple[int, Conflict]]] = {}
        for chunk in _chunks(event_ids):
            for row in s.execute(select(*EventRow.__table__.c).where(EventRow.id.in_(chunk))):
                rows[row.id] = row
            for event_id, mention_id in s.execute(
                select(EventSourceRow.event_id, EventSourceRow.event_mention_id)
                .where(EventSourceRow.event_id.in_(chunk))
                .order_by(EventSourceRow.id)
            ):
                sources.setdefault(event_id, []).append(mention_id)
            for c in s.execute(select(ConflictRow.id, ConflictRow.event_id, ConflictRow.field, ConflictRow.values)
                               .where(ConflictRow.event_id.in_(chunk)).order_by(ConflictRow.id)):
                values = tuple(ConflictValue(str(v["value"]), tuple(v.get("mentions", ()))) for v in c.values)
                conflicts.setdefault(c.event_id, []).append((c.id, Conflict(c.field, values)))
        for event_id in event_ids:
            e = rows.get(event_id)
            if e is None:
                continue
            events[event_id] = FusedEvent(
                type=e.type,
                status=e.status,
                date=PartialDate(e.date_value, e.date_precision, e.date_start, e.date_end),
                place=e.place_entity_id,
                participants=tuple((p["role"], p["entity"]) for p in (e.participants or ())),
                attributes=tuple(sorted((k, str(v)) for k, v in (e.attributes or {}).items())),
                mentions=tuple(sources.get(event_id, ())),
                conflicts=tuple(c for _, c in conflicts.get(event_id, ())),
                derived=tuple(sorted((k, str(v)) for k, v in (e.derived or {}).items())),
            )
            conflict_ids[event_id] = tuple(i for i, _ in conflicts.get(event_id, ()))
        entity_ids = {key for e in events.values() for _, key in e.participants}
        entity_ids |= {e.place for e in events.values() if e.place is not None}
        identities = _identities(s, entity_ids, full=False)
    mention_ids = sorted({m for e in events.values() for m in e.mentions})
    mentions = event_mentions(store, mention_ids)
    doc_ids = {m.document_id for m in mentions.values()} | set(extra_documents)
    resolution = Resolution(identities, {}, events, mentions)
    return RecordSlice(resolution, conflict_ids, document_summaries(store, doc_ids))


def event_mentions(store: Store, ids: Iterable[int]) -> dict[int, StoredEventMention]:
    """Event mentions by id, with their role fillers (Core rows: a page needs speed, not ORM objects)."""
    ids = sorted(set(ids))
    out: dict[int, StoredEventMention] = {}
    if not ids:
        return out
    m, r = EventMentionRow.__table__.c, RoleRow.__table__.c
    with store.session() as s:
        roles: dict[int, list[RoleFiller]] = {}
        rows = []
        for chunk in _chunks(ids):
            rows += s.execute(select(m.id, m.document_id, m.type, m.status, m.date_value, m.date_precision, m.date_start,
                                     m.date_end, m.place_doc_entity_id, m.attributes, m.sentence_start, m.sentence_end,
                                     m.evidence, m.trigger_start, m.trigger_end, m.trigger_text).where(m.id.in_(chunk))).all()
            for role in s.execute(select(r.event_mention_id, r.role, r.doc_entity_id, r.start, r.end, r.text)
                                  .where(r.event_mention_id.in_(chunk)).order_by(r.id)):
                roles.setdefault(role.event_mention_id, []).append(
                    RoleFiller(role.role, role.doc_entity_id, Span(role.start, role.end, role.text)))
    for x in rows:
        out[x.id] = StoredEventMention(
            id=x.id, document_id=x.document_id, type=x.type, status=x.status,
            date=PartialDate(x.date_value, x.date_precision, x.date_start, x.date_end), place=x.place_doc_entity_id,
            attributes=tuple(sorted((k, str(v)) for k, v in (x.attributes or {}).items())),
            participants=tuple(roles.get(x.id, ())), sentence=Span(x.sentence_start, x.sentence_end, x.evidence),
            trigger=Span(x.trigger_start, x.trigger_end, x.trigger_text))
    return out


def _event_where(filters: EventFilters):
    where = []
    if filters.type:
        where.append(EventRow.type == filters.type)
    if filters.status:
        where.append(EventRow.status == filters.status)
    if filters.year and filters.year.isdigit():
        # A range on the ISO value (indexed) rather than substr() of it (a
        # scan). Every dated event has a value: a range's is "start/end".
        where.append((EventRow.date_value >= filters.year) & (EventRow.date_value < str(int(filters.year) + 1)))
    elif filters.year:
        where.append(_year_expr() == filters.year)
    if filters.country:
        where.append(
            EventRow.place_entity_id.in_(select(EntityRow.id).where(EntityRow.country == filters.country.upper()))
        )
    if filters.entity is not None:
        where.append(
            or_(
                EventRow.id.in_(select(EventParticipantRow.event_id).where(EventParticipantRow.entity_id == filters.entity)),
                EventRow.place_entity_id == filters.entity,
            )
        )
    return where


def _year_expr():
    return func.substr(func.coalesce(EventRow.date_value, EventRow.date_start), 1, 4)


def events_page(store: Store, filters: EventFilters = EventFilters(), *, page: int = 1, size: int = 50) -> Page:
    """Event ids, latest dated first, undated last; ties by id (stable)."""
    where = _event_where(filters)
    with store.session() as s:
        # SQLite sorts NULL lowest, so DESC already puts undated events last and
        # the (date_value, id) index serves the order; PostgreSQL needs NULLS LAST.
        latest = EventRow.date_value.desc()
        if s.get_bind().dialect.name != "sqlite":
            latest = latest.nulls_last()
        query = select(EventRow.id).where(*where).order_by(latest, EventRow.id.desc()).limit(size).offset((page - 1) * size)
        ids = list(s.scalars(query))
        total = s.scalar(select(func.count()).select_from(EventRow).where(*where)) or 0
    return Page(ids, total, page, size)


def event_facets(store: Store, filters: EventFilters = EventFilters(), *, limit: int = 30) -> dict[str, list[tuple[str, int]]]:
    """Counts by type, status, year and country within the current filters.

    One grouped scan of the matching events (by type, status, year and
    place) is folded into the four facets, instead of a scan per facet.
    """
    where = _event_where(filters)
    if not where:
        return _facets_of_everything(store, limit)
    year = _year_expr().label("year")
    counts: dict[str, dict[str, int]] = {"type": {}, "status": {}, "year": {}, "country": {}}
    by_place: dict[int, int] = {}
    with store.session() as s:
        rows = s.execute(
            select(EventRow.type, EventRow.status, year, EventRow.place_entity_id, func.count().label("n"))
            .where(*where).group_by(EventRow.type, EventRow.status, year, EventRow.place_entity_id)
        ).all()
        for row in rows:
            for name, value in (("type", row.type), ("status", row.status), ("year", row.year)):
                if value is not None:
                    counts[name][str(value)] = counts[name].get(str(value), 0) + row.n
            if row.place_entity_id is not None:
                by_place[row.place_entity_id] = by_place.get(row.place_entity_id, 0) + row.n
        places = sorted(by_place)
        for chunk in _chunks(places):
            for place_id, country in s.execute(select(EntityRow.id, EntityRow.country).where(EntityRow.id.in_(chunk))):
                if country:
                    counts["country"][country] = counts["country"].get(country, 0) + by_place[place_id]
    return {name: sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:limit] for name, values in counts.items()}


def _facets_of_everything(store: Store, limit: int) -> dict[str, list[tuple[str, int]]]:
    """Unfiltered, a query per facet is cheaper: each groups one (often indexed) column."""
    out: dict[str, list[tuple[str, int]]] = {}
    with store.session() as s:
        for name, column in (("type", EventRow.type), ("status", EventRow.status), ("year", _year_expr())):
            label = column.label("value")
            rows = s.execute(select(label, func.count().label("n")).where(column.is_not(None))
                             .group_by(label).order_by(func.count().desc(), label).limit(limit)).all()
            out[name] = [(str(r.value), r.n) for r in rows]
        rows = s.execute(
            select(EntityRow.country, func.count().label("n")).select_from(EventRow)
            .join(EntityRow, EntityRow.id == EventRow.place_entity_id).where(EntityRow.country.is_not(None))
            .group_by(EntityRow.country).order_by(func.count().desc(), EntityRow.country).limit(limit)
        ).all()
        out["country"] = [(str(r.country), r.n) for r in rows]
    return out


def event_id_of_conflict(store: Store, conflict_id: int) -> tuple[int, str] | None:
    with store.session() as s:
        row = s.execute(select(ConflictRow.event_id, ConflictRow.field).where(ConflictRow.id == conflict_id)).first()
        return (row.event_id, row.field) if row else None


def conflicts_page(store: Store, *, page: int = 1, size: int = 50) -> Page:
    """(conflict id, event id) pairs, oldest first."""
    with store.session() as s:
        rows = s.execute(
            select(ConflictRow.id, ConflictRow.event_id).order_by(ConflictRow.id).limit(size).offset((page - 1) * size)
        ).all()
        total = s.scalar(select(func.count()).select_from(ConflictRow)) or 0
    return Page([(r.id, r.event_id) for r in rows], total, page, size)


def document_sources(store: Store, document_id: int) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(DocumentSourceRow.source).where(DocumentSourceRow.document_id == document_id)
                              .order_by(DocumentSourceRow.id)))


def entity_exists(store: Store, entity_id: int) -> str | None:
    """The entity's kind, or None."""
    with store.session() as s:
        return s.scalar(select(EntityRow.kind).where(EntityRow.id == entity_id))


def _ids_in_batches(store: Store, column, batch: int) -> Iterable[list[int]]:
    """Every id of a column in batches (keyset pagination: constant cost per batch)."""
    last = 0
    while True:
        with store.session() as s:
            ids = list(s.scalars(select(column).where(column > last).order_by(column).limit(batch)))
        if not ids:
            return
        yield ids
        last = ids[-1]


def all_event_ids(store: Store, *, batch: int = 2000) -> Iterable[list[int]]:
    return _ids_in_batches(store, EventRow.id, batch)


def all_entity_ids(store: Store, kind: str, *, batch: int = 2000) -> Iterable[list[int]]:
    last = 0
    while True:
        with store.session() as s:
            ids = list(s.scalars(select(EntityRow.id).where(EntityRow.kind == kind, EntityRow.id > last)
                                 .order_by(EntityRow.id).limit(batch)))
        if not ids:
            return
        yield ids
        last = ids[-1]


def entity_summaries(store: Store, ids: list[int]) -> list[EntitySummary]:
    with store.session() as s:
        rows = {r.id: r for r in s.execute(select(EntityRow.id, EntityRow.kind, EntityRow.name, EntityRow.country)
                                          .where(EntityRow.id.in_(ids)))}
        kinds = {r.kind for r in rows.values()}
        docs = _document_counts(s, ids)
        events = _event_counts(s, ids, "place" if kinds == {"place"} else "person")
    return [EntitySummary(i, rows[i].kind, rows[i].name, rows[i].country, docs.get(i, 0), events.get(i, 0)) for i in ids if i in rows]


@dataclass(frozen=True)
class EntityDetail:
    identity: Identity
    titles: tuple[str, ...]
    documents: tuple[int, ...]


def entity_details(store: Store, entity_ids: Iterable[int]) -> list[EntityDetail]:
    """Identities with their titles and documents, for exports (no events)."""
    ids = sorted(set(entity_ids))
    with store.session() as s:
        idents = _identities(s, ids)
        titles: dict[int, list[str]] = {}
        documents: dict[int, set[int]] = {}
        for chunk in _chunks(ids):
            for row in s.execute(select(DocEntityRow.entity_id, DocEntityRow.document_id, DocEntityRow.titles)
                                 .where(DocEntityRow.entity_id.in_(chunk)).order_by(DocEntityRow.id)):
                documents.setdefault(row.entity_id, set()).add(row.document_id)
                seen = titles.setdefault(row.entity_id, [])
                seen.extend(t for t in (row.titles or ()) if t not in seen)
    return [EntityDetail(idents[i], tuple(titles.get(i, ())), tuple(sorted(documents.get(i, ())))) for i in ids if i in idents]


def all_document_ids(store: Store, *, batch: int = 2000) -> Iterable[list[int]]:
    return _ids_in_batches(store, DocumentRow.id, batch)


def identities(store: Store, entity_ids: Iterable[int]) -> dict[int, Identity]:
    with store.session() as s:
        return _identities(s, entity_ids)


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]

