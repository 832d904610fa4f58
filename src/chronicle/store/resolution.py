"""The cross-document record in the store: identities, events, conflicts.

Two ways to write it. ``replace_resolution`` swaps in a whole new record
(used on a first build or a full rebuild). The incremental path touches only
what a new document affects: ``apply_identities`` rewrites the identities of
one neighbourhood of doc entities, keeping row ids stable where an identity
survives, and ``replace_events`` swaps a set of events for their recomputed
versions.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from chronicle.records import (
    Conflict,
    ConflictValue,
    FusedEvent,
    Identity,
    IdentityJudgement,
    PartialDate,
    RoleFiller,
    Span,
    StoredEntity,
    StoredEventMention,
)
from chronicle.store.models import (
    ConflictRow,
    DocEntityRow,
    EntityKeyRow,
    EntityRow,
    EventMentionRow,
    EventParticipantRow,
    EventRow,
    EventSourceRow,
    JudgementRow,
    DocumentRow,
    RoleRow,
    StoryRow,
)


@dataclass(frozen=True)
class Resolution:
    """The cross-document record as stored, keyed by row ids."""

    identities: dict[int, Identity]  # entity row id -> identity (key = row id)
    entity_documents: dict[int, tuple[int, ...]]  # entity row id -> document ids
    events: dict[int, FusedEvent]  # event row id -> event (ids are store ids)
    mentions: dict[int, StoredEventMention]


class ResolutionStore:
    """Store methods for the cross-document record (mixed into ``Store``)."""

    def stored_entities(self, document_ids: Iterable[int] | None = None) -> list[StoredEntity]:
        with self.session() as s:
            query = select(DocEntityRow).order_by(DocEntityRow.id)
            if document_ids is not None:
                query = query.where(DocEntityRow.document_id.in_(list(document_ids)))
            return [_stored_entity(r) for r in s.scalars(query)]

    def stored_entities_by_id(self, ids: Iterable[int]) -> list[StoredEntity]:
        with self.session() as s:
            rows = []
            for chunk in _chunks(sorted(set(ids)), 500):
                rows += s.scalars(select(DocEntityRow).where(DocEntityRow.id.in_(chunk))).all()
            return [_stored_entity(r) for r in sorted(rows, key=lambda r: r.id)]

    def stored_event_mentions(
        self, document_ids: Iterable[int] | None = None, *, ids: Iterable[int] | None = None
    ) -> list[StoredEventMention]:
        with self.session() as s:
            query = select(EventMentionRow).order_by(EventMentionRow.id)
            if document_ids is not None:
                query = query.where(EventMentionRow.document_id.in_(list(document_ids)))
            if ids is not None:
                query = query.where(EventMentionRow.id.in_(list(ids)))
            rows = s.scalars(query).all()
            roles: dict[int, list[RoleRow]] = {}
            role_query = select(RoleRow).order_by(RoleRow.id)
            if document_ids is not None or ids is not None:
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
            s.execute(delete(EventParticipantRow))
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

    # ---------------------------------------------------------------- stories

    def story_inputs(self) -> list[tuple[int, str, str | None, tuple[str, ...], int | None]]:
        """(document id, text, published value, entity names, story id) of every document."""
        with self.session() as s:
            names: dict[int, list[str]] = {}
            for doc_id, name in s.execute(select(DocEntityRow.document_id, DocEntityRow.name)):
                names.setdefault(doc_id, []).append(name)
            rows = s.execute(select(DocumentRow.id, DocumentRow.text, DocumentRow.published_value, DocumentRow.story_id).order_by(DocumentRow.id))
            return [(d, text, pub, tuple(names.get(d, ())), story) for d, text, pub, story in rows]

    def set_stories(self, groups: list[list[int]]) -> None:
        """Group documents into stories (replacing the stories of these documents).

        A story's label is the title of its first document."""
        with self.session() as s, s.begin():
            for group in groups:
                first = s.get(DocumentRow, min(group))
                existing = {d.story_id for d in s.scalars(select(DocumentRow).where(DocumentRow.id.in_(group))) if d.story_id}
                story_id = min(existing) if existing else None
                if story_id is None:
                    story = StoryRow(label=first.title or first.source)
                    s.add(story)
                    s.flush()
                    story_id = story.id
                s.execute(update(DocumentRow).where(DocumentRow.id.in_(group)).values(story_id=story_id))
            used = select(DocumentRow.story_id).where(DocumentRow.story_id.is_not(None))
            s.execute(delete(StoryRow).where(StoryRow.id.not_in(used)))

    def has_resolution(self) -> bool:
        with self.session() as s:
            return s.scalar(select(EntityRow.id).limit(1)) is not None

    # ------------------------------------------------------------ incremental

    def add_entity_keys(self, keys: dict[int, Iterable[str]]) -> None:
        """Set the blocking keys of doc entities (replacing any they had)."""
        with self.session() as s, s.begin():
            for chunk in _chunks(sorted(keys), 500):
                s.execute(delete(EntityKeyRow).where(EntityKeyRow.doc_entity_id.in_(chunk)))
            for doc_entity_id, entity_keys in keys.items():
                for key in sorted(set(entity_keys)):
                    s.add(EntityKeyRow(doc_entity_id=doc_entity_id, key=key[:200]))

    def doc_entities_with_keys(self, keys: Iterable[str], *, one_per_key: bool = False) -> set[int]:
        """Doc entities sharing a key; ``one_per_key`` gives one representative
        (enough for places, whose key is their identity)."""
        keys = sorted({k[:200] for k in keys})
        found: set[int] = set()
        with self.session() as s:
            for chunk in _chunks(keys, 500):
                if one_per_key:
                    query = select(func.min(EntityKeyRow.doc_entity_id)).where(EntityKeyRow.key.in_(chunk)).group_by(EntityKeyRow.key)
                else:
                    query = select(EntityKeyRow.doc_entity_id).where(EntityKeyRow.key.in_(chunk))
                found |= set(s.scalars(query))
        return found

    def identity_assignment(self, doc_entity_ids: Iterable[int]) -> dict[int, int | None]:
        out: dict[int, int | None] = {}
        with self.session() as s:
            for chunk in _chunks(sorted(set(doc_entity_ids)), 500):
                for de_id, entity_id in s.execute(select(DocEntityRow.id, DocEntityRow.entity_id).where(DocEntityRow.id.in_(chunk))):
                    out[de_id] = entity_id
        return out

    def members_of(self, entity_ids: Iterable[int]) -> list[StoredEntity]:
        with self.session() as s:
            rows = []
            for chunk in _chunks(sorted(set(entity_ids)), 500):
                rows += s.scalars(select(DocEntityRow).where(DocEntityRow.entity_id.in_(chunk))).all()
            return [_stored_entity(r) for r in sorted(rows, key=lambda r: r.id)]

    def attach_members(self, assignment: dict[int, int]) -> None:
        """Doc entities join existing identities (doc entity id -> entity id)."""
        with self.session() as s, s.begin():
            for doc_entity_id, entity_id in assignment.items():
                s.execute(update(DocEntityRow).where(DocEntityRow.id == doc_entity_id).values(entity_id=entity_id))

    def add_judgements(self, judgements: Iterable[IdentityJudgement]) -> None:
        with self.session() as s, s.begin():
            for j in judgements:
                s.add(JudgementRow(left_id=j.left, right_id=j.right, verdict=j.verdict, score=j.score, reason=j.reason, author=j.author))

    def member_names(self, entity_id: int) -> list[str]:
        with self.session() as s:
            return list(s.scalars(select(DocEntityRow.name).where(DocEntityRow.entity_id == entity_id)))

    def rename_identity(self, entity_id: int, name: str) -> None:
        with self.session() as s, s.begin():
            s.execute(update(EntityRow).where(EntityRow.id == entity_id).values(name=name))

    def apply_identities(
        self, identities: list[Identity], scope: Iterable[int], judgements: list[IdentityJudgement]
    ) -> tuple[dict[int, int], set[int]]:
        """Write recomputed identities for the doc entities in ``scope``.

        Returns (identity key -> entity row id, the row ids whose membership
        changed). An identity keeps the row id most of its members had, so
        events pointing at it stay valid; rows absorbed by a merge are
        re-pointed to the survivor before they go.
        """
        scope = set(scope)
        before = self.identity_assignment(scope)
        row_of: dict[int, int] = {}
        used: set[int] = set()
        with self.session() as s, s.begin():
            for ident in sorted(identities, key=lambda i: (-len(i.members), i.key)):
                olds = Counter(before.get(m) for m in ident.members if before.get(m) is not None)
                keep = next((old for old, _ in olds.most_common() if old not in used), None)
                if keep is None:
                    row = EntityRow(kind=ident.kind, name=ident.name, country=ident.country, gazetteer_id=ident.gazetteer_id)
                    s.add(row)
                    s.flush()
                    keep = row.id
                else:
                    s.execute(update(EntityRow).where(EntityRow.id == keep).values(
                        name=ident.name, country=ident.country, gazetteer_id=ident.gazetteer_id))
                used.add(keep)
                row_of[ident.key] = keep
                s.execute(update(DocEntityRow).where(DocEntityRow.id.in_(ident.members)).values(entity_id=keep))
                for old in olds:
                    if old != keep and old not in used:
                        _repoint(s, old, keep)
            members_before: dict[int, set[int]] = {}
            for member, old in before.items():
                if old is not None:
                    members_before.setdefault(old, set()).add(member)
            members_after = {row_of[i.key]: set(i.members) for i in identities}
            changed = {row for row in set(members_before) | set(members_after)
                       if members_before.get(row) != members_after.get(row)}
            gone = {old for old in before.values() if old is not None} - used
            remaining = set(s.scalars(select(DocEntityRow.entity_id).where(DocEntityRow.entity_id.in_(gone)))) if gone else set()
            for old in gone - remaining:
                s.execute(delete(EntityRow).where(EntityRow.id == old))
            s.execute(delete(JudgementRow).where(
                JudgementRow.author == "chronicle",
                or_(JudgementRow.left_id.in_(scope), JudgementRow.right_id.in_(scope))))
            for j in judgements:
                if j.author == "chronicle":
                    s.add(JudgementRow(left_id=j.left, right_id=j.right, verdict=j.verdict, score=j.score, reason=j.reason, author=j.author))
        return row_of, changed

    def events_with_subjects(self, entity_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
        """Events whose subject is one of these identities, with their mention ids."""
        with self.session() as s:
            event_ids: set[int] = set()
            for chunk in _chunks(sorted(set(entity_ids)), 500):
                event_ids |= set(s.scalars(select(EventParticipantRow.event_id).where(
                    EventParticipantRow.entity_id.in_(chunk), EventParticipantRow.role == "subject")))
            return self._sources_of(s, event_ids)

    def events_without_subject_near(
        self, etype: str, *, months: Iterable[str], places: Iterable[int], actors: Iterable[int] = ()
    ) -> dict[int, tuple[int, ...]]:
        """Subject-less events (protests, strikes) a new mention could join:
        same type, and the same month, or undated at the same place, or
        with one of the same organisers or participants."""
        months, places, actors = sorted(set(months)), sorted(set(places)), sorted(set(actors))
        with self.session() as s:
            # Protests in different places are different protests: a dated
            # candidate must be at the same place or at no known place.
            same_place = or_(EventRow.place_entity_id.in_(places), EventRow.place_entity_id.is_(None)) if places else None
            conditions = []
            for month in months:
                # a range on the indexed column, where LIKE would scan the table
                in_month = and_(EventRow.date_value >= month, EventRow.date_value < month + "~")
                conditions.append(and_(in_month, same_place) if same_place is not None else in_month)
            if places:
                # an undated event at the same place may be the same protest
                conditions.append(and_(EventRow.date_value.is_(None), EventRow.place_entity_id.in_(places)))
            if actors:
                conditions.append(EventRow.id.in_(select(EventParticipantRow.event_id).where(EventParticipantRow.entity_id.in_(actors))))
            if not conditions:
                return {}
            query = select(EventRow.id).where(EventRow.type == etype, or_(*conditions))
            has_subject = select(EventParticipantRow.id).where(
                EventParticipantRow.event_id == EventRow.id, EventParticipantRow.role == "subject"
            ).exists()
            query = query.where(~has_subject)
            return self._sources_of(s, set(s.scalars(query)))

    def _sources_of(self, s: Session, event_ids: set[int]) -> dict[int, tuple[int, ...]]:
        out: dict[int, list[int]] = {e: [] for e in event_ids}
        for chunk in _chunks(sorted(event_ids), 500):
            for event_id, mention_id in s.execute(select(EventSourceRow.event_id, EventSourceRow.event_mention_id).where(EventSourceRow.event_id.in_(chunk))):
                out[event_id].append(mention_id)
        return {k: tuple(v) for k, v in out.items()}

    def replace_events(self, remove: Iterable[int], events: list[FusedEvent], row_of: dict[int, int]) -> None:
        """Swap some events for recomputed ones, in one transaction."""
        remove = sorted(set(remove))
        with self.session() as s, s.begin():
            for chunk in _chunks(remove, 500):
                for table, column in ((ConflictRow, ConflictRow.event_id), (EventSourceRow, EventSourceRow.event_id),
                                      (EventParticipantRow, EventParticipantRow.event_id)):
                    s.execute(delete(table).where(column.in_(chunk)))
                s.execute(delete(EventRow).where(EventRow.id.in_(chunk)))
            for event in events:
                _insert_event(s, event, row_of)


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
    for participant in row.participants:
        s.add(EventParticipantRow(event_id=row.id, entity_id=participant["entity"], role=participant["role"]))
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

def _repoint(s: Session, old: int, new: int) -> None:
    """Events that named an identity absorbed by a merge now name the survivor."""
    event_ids = set(s.scalars(select(EventParticipantRow.event_id).where(EventParticipantRow.entity_id == old)))
    event_ids |= set(s.scalars(select(EventRow.id).where(EventRow.place_entity_id == old)))
    s.execute(update(EventParticipantRow).where(EventParticipantRow.entity_id == old).values(entity_id=new))
    s.execute(update(EventRow).where(EventRow.place_entity_id == old).values(place_entity_id=new))
    for event in s.scalars(select(EventRow).where(EventRow.id.in_(event_ids))):
        event.participants = [dict(p, entity=new if p["entity"] == old else p["entity"]) for p in event.participants]


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
