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

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
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
    StoryIndexRow,
    StoryPostingRow,
    StoryProfileRow,
    StoryRow,
    StoryTermRow,
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

    # Per-document rows are read as plain rows, not ORM objects: a new
    # document's neighbourhood is hundreds of them, and object construction
    # was most of the cost of reading it.

    def stored_entities(self, document_ids: Iterable[int] | None = None) -> list[StoredEntity]:
        columns = DocEntityRow.__table__.c
        with self.session() as s:
            if document_ids is None:
                return [_stored_entity(r) for r in s.execute(select(DocEntityRow.__table__).order_by(columns.id))]
            return _entities_where(s, columns.document_id, document_ids)

    def stored_entities_by_id(self, ids: Iterable[int]) -> list[StoredEntity]:
        with self.session() as s:
            return _entities_where(s, DocEntityRow.__table__.c.id, ids)

    def stored_event_mentions(
        self, document_ids: Iterable[int] | None = None, *, ids: Iterable[int] | None = None
    ) -> list[StoredEventMention]:
        mention, role = EventMentionRow.__table__.c, RoleRow.__table__.c
        with self.session() as s:
            if document_ids is None and ids is None:
                rows = s.execute(select(EventMentionRow.__table__).order_by(mention.id)).all()
                role_rows = s.execute(select(RoleRow.__table__).order_by(role.id)).all()
            else:
                query = select(EventMentionRow.__table__)
                if document_ids is not None and ids is not None:
                    query = query.where(mention.document_id.in_(sorted(set(document_ids))))
                    chunks, column = _chunks(sorted(set(ids)), 500), mention.id
                elif ids is not None:
                    chunks, column = _chunks(sorted(set(ids)), 500), mention.id
                else:
                    chunks, column = _chunks(sorted(set(document_ids)), 500), mention.document_id
                rows = []
                for chunk in chunks:
                    rows += s.execute(query.where(column.in_(chunk))).all()
                rows.sort(key=lambda r: r.id)
                role_rows = []
                for chunk in _chunks([r.id for r in rows], 500):
                    role_rows += s.execute(select(RoleRow.__table__).where(role.event_mention_id.in_(chunk))).all()
                role_rows.sort(key=lambda r: r.id)
            roles: dict[int, list] = {}
            for r in role_rows:
                roles.setdefault(r.event_mention_id, []).append(r)
            return [_stored_mention(r, roles.get(r.id, [])) for r in rows]

    def members_of(self, entity_ids: Iterable[int]) -> list[StoredEntity]:
        with self.session() as s:
            return _entities_where(s, DocEntityRow.__table__.c.entity_id, entity_ids)

    def judgements(self, *, reviewers_only: bool = False) -> list[IdentityJudgement]:
        with self.session() as s:
            query = select(JudgementRow).order_by(JudgementRow.id)
            if reviewers_only:
                query = query.where(JudgementRow.author != "chronicle")
            return [
                IdentityJudgement(r.left_id, r.right_id, r.verdict, r.score or 0.0, r.reason, r.author)
                for r in s.scalars(query)
            ]

    def judgements_among(self, doc_entity_ids: Iterable[int], *, reviewers_only: bool = False) -> list[IdentityJudgement]:
        """Judgements on pairs of these doc entities, in the order they were made."""
        ids = set(doc_entity_ids)
        rows: list[JudgementRow] = []
        with self.session() as s:
            for chunk in _chunks(sorted(ids), 500):
                query = select(JudgementRow).where(JudgementRow.left_id.in_(chunk))
                if reviewers_only:
                    query = query.where(JudgementRow.author != "chronicle")
                rows += [r for r in s.scalars(query) if r.right_id in ids]
        return [
            IdentityJudgement(r.left_id, r.right_id, r.verdict, r.score or 0.0, r.reason, r.author)
            for r in sorted(rows, key=lambda r: r.id)
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
            # Bulk statements: a rebuild writes every row of the record, and
            # one ORM flush per row made it minutes at 10,000 documents.
            rows = [{"kind": i.kind, "name": i.name, "country": i.country, "gazetteer_id": i.gazetteer_id} for i in identities]
            ids = _insert_returning_ids(s, EntityRow, rows)
            row_of = {ident.key: row for ident, row in zip(identities, ids)}
            members = [{"id": m, "entity_id": row_of[ident.key]} for ident in identities for m in ident.members]
            for chunk in _chunks(members, 5000):
                s.execute(update(DocEntityRow), chunk)
            rows = [
                {"left_id": j.left, "right_id": j.right, "verdict": j.verdict, "score": j.score, "reason": j.reason, "author": j.author}
                for j in judgements if j.author == "chronicle"
            ]
            for chunk in _chunks(rows, 5000):
                s.execute(insert(JudgementRow), chunk)
            _insert_events(s, events, row_of)

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

    def story_inputs(
        self, document_ids: Iterable[int] | None = None
    ) -> list[tuple[int, str, str | None, tuple[str, ...], int | None]]:
        """(document id, text, published value, entity names, story id) of
        every document, or of these documents."""
        with self.session() as s:
            names: dict[int, list[str]] = {}
            name_query = select(DocEntityRow.document_id, DocEntityRow.name).order_by(DocEntityRow.id)
            doc_query = select(DocumentRow.id, DocumentRow.text, DocumentRow.published_value, DocumentRow.story_id).order_by(DocumentRow.id)
            if document_ids is None:
                name_rows, doc_rows = list(s.execute(name_query)), list(s.execute(doc_query))
            else:
                name_rows, doc_rows = [], []
                for chunk in _chunks(sorted(set(document_ids)), 500):
                    name_rows += s.execute(name_query.where(DocEntityRow.document_id.in_(chunk))).all()
                    doc_rows += s.execute(doc_query.where(DocumentRow.id.in_(chunk))).all()
            for doc_id, name in name_rows:
                names.setdefault(doc_id, []).append(name)
            return [(d, text, pub, tuple(names.get(d, ())), story) for d, text, pub, story in doc_rows]

    def documents_without_story(self) -> list[int]:
        """Documents not yet placed in a story (indexed: no scan of the store)."""
        with self.session() as s:
            return list(s.scalars(select(DocumentRow.id).where(DocumentRow.story_id.is_(None)).order_by(DocumentRow.id)))

    def set_stories(self, groups: list[list[int]]) -> dict[int, int]:
        """Group documents into stories (replacing the stories of these
        documents); returns each document's story id.

        A group keeps the story most of its documents were in, and an old
        story goes to one group only, so a story that splits keeps its id on
        its larger part. A new story's label is the title of its first document."""
        with self.session() as s, s.begin():
            current: dict[int, int | None] = {}
            for chunk in _chunks(sorted({d for g in groups for d in g}), 500):
                current |= dict(s.execute(select(DocumentRow.id, DocumentRow.story_id).where(DocumentRow.id.in_(chunk))).all())
            used: set[int] = set()
            story_of: dict[int, int] = {}
            fresh: list[list[int]] = []
            for group in sorted(groups, key=lambda g: (-len(g), min(g))):
                olds = Counter(current.get(d) for d in group if current.get(d) is not None)
                keep = next((o for o in sorted(olds, key=lambda o: (-olds[o], o)) if o not in used), None)
                if keep is None:
                    fresh.append(group)
                    continue
                used.add(keep)
                story_of |= {d: keep for d in group}
            labels: dict[int, str] = {}
            for chunk in _chunks(sorted(min(g) for g in fresh), 500):
                for d, title, source in s.execute(select(DocumentRow.id, DocumentRow.title, DocumentRow.source).where(DocumentRow.id.in_(chunk))):
                    labels[d] = title or source
            rows = [StoryRow(label=labels[min(g)]) for g in fresh]
            s.add_all(rows)
            s.flush()
            for group, row in zip(fresh, rows):
                story_of |= {d: row.id for d in group}
            changed = [{"id": d, "story_id": story} for d, story in sorted(story_of.items()) if current.get(d) != story]
            if changed:
                s.execute(update(DocumentRow), changed)
            used_ids = select(DocumentRow.story_id).where(DocumentRow.story_id.is_not(None))
            s.execute(delete(StoryRow).where(StoryRow.id.not_in(used_ids)))
        return story_of

    # The story index (see chronicle.resolve.stories.StoryPostings, which
    # these methods implement; stories are keyed by their id as a string).

    def story_index_state(self) -> tuple[int, int] | None:
        """(documents indexed, documents at the last rebuild), or None when
        the index was never built (a new store, or one migrated to 0003)."""
        with self.session() as s:
            row = s.get(StoryIndexRow, 1)
            return (row.documents, row.rebuilt_at) if row is not None else None

    def story_index_size(self) -> int:
        state = self.story_index_state()
        return state[0] if state else 0

    def story_views(self) -> set[str]:
        with self.session() as s:
            return set(s.scalar(select(StoryIndexRow.views).where(StoryIndexRow.id == 1)) or ())

    def story_term_frequencies(self, terms: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        with self.session() as s:
            return {(v, t): df for _, v, t, df in _story_terms(s, terms)}

    def story_postings(self, terms: Iterable[tuple[str, str]]) -> dict[str, dict[tuple[str, str], float]]:
        out: dict[str, dict[tuple[str, str], float]] = {}
        with self.session() as s:
            for condition in _term_conditions(terms):
                query = select(StoryPostingRow.story_id, StoryTermRow.view, StoryTermRow.term, StoryPostingRow.weight).join(
                    StoryTermRow, StoryTermRow.id == StoryPostingRow.term_id).where(condition)
                for story, view, term, weight in s.execute(query):
                    out.setdefault(str(story), {})[(view, term)] = weight
        return out

    def story_weights(
        self, stories: Iterable[str], terms: Iterable[tuple[str, str]]
    ) -> dict[str, dict[tuple[str, str], float]]:
        stories = sorted({int(k) for k in stories})
        out: dict[str, dict[tuple[str, str], float]] = {}
        with self.session() as s:
            for chunk in _chunks(stories, 100):
                for condition in _term_conditions(terms):
                    # joined by the (story, term) primary key: a common
                    # term's long posting list is never scanned
                    query = select(StoryPostingRow.story_id, StoryTermRow.view, StoryTermRow.term, StoryPostingRow.weight).join(
                        StoryTermRow, StoryTermRow.id == StoryPostingRow.term_id).where(condition, StoryPostingRow.story_id.in_(chunk))
                    for story, view, term, weight in s.execute(query):
                        out.setdefault(str(story), {})[(view, term)] = weight
        return out

    def story_shapes(self, stories: Iterable[str]) -> dict[str, tuple[int, str | None, str | None]]:
        profile = StoryProfileRow.__table__.c
        out: dict[str, tuple[int, str | None, str | None]] = {}
        with self.session() as s:
            for chunk in _chunks(sorted({int(k) for k in stories}), 500):
                query = select(profile.story_id, profile.size, profile.first_published, profile.last_published).where(
                    profile.story_id.in_(chunk))
                for story, size, first, last in s.execute(query):
                    out[str(story)] = (size, first, last)
        return out

    def add_story_member(
        self,
        document_id: int,
        story: int | None,
        terms: Iterable[tuple[str, str]],
        vector: dict[tuple[str, str], float],
        published: str | None,
    ) -> int:
        """Put a document in a story (a new one when ``story`` is None) and
        add it to the index, in one transaction: its terms' document
        frequencies grow by one and its unit vector joins the story's sums.
        Returns the story id."""
        terms = sorted(set(terms))
        with self.session() as s, s.begin():
            ids = {(v, t): term_id for term_id, v, t, _ in _story_terms(s, terms)}
            for chunk in _chunks(sorted(ids.values()), 500):
                s.execute(update(StoryTermRow).where(StoryTermRow.id.in_(chunk)).values(df=StoryTermRow.df + 1))
            fresh = [k for k in terms if k not in ids]
            if fresh:
                s.execute(insert(StoryTermRow), [{"view": v, "term": t, "df": 1} for v, t in fresh])
                ids |= {(v, t): term_id for term_id, v, t, _ in _story_terms(s, fresh)}
            if story is None:
                doc = s.execute(select(DocumentRow.title, DocumentRow.source).where(DocumentRow.id == document_id)).one()
                row = StoryRow(label=doc.title or doc.source)
                s.add(row)
                s.flush()
                story = row.id
                s.add(StoryProfileRow(story_id=story, size=1, first_published=published, last_published=published))
            else:
                profile = s.get(StoryProfileRow, story)
                profile.size += 1
                if published is not None:
                    if profile.first_published is None or published < profile.first_published:
                        profile.first_published = published
                    if profile.last_published is None or published > profile.last_published:
                        profile.last_published = published
            weights = {ids[k]: w for k, w in vector.items()}
            posting = StoryPostingRow.__table__
            have: dict[int, float] = {}
            for chunk in _chunks(sorted(weights), 500):
                have |= dict(s.execute(select(posting.c.term_id, posting.c.weight).where(
                    posting.c.story_id == story, posting.c.term_id.in_(chunk))).all())
            if have:
                s.execute(
                    update(posting).where(posting.c.story_id == story, posting.c.term_id == bindparam("term"))
                    .values(weight=bindparam("sum")),
                    [{"term": t, "sum": have[t] + weights[t]} for t in sorted(have)],
                )
            new_rows = [{"story_id": story, "term_id": t, "weight": w} for t, w in sorted(weights.items()) if t not in have]
            if new_rows:
                s.execute(insert(posting), new_rows)
            s.execute(update(DocumentRow).where(DocumentRow.id == document_id).values(story_id=story))
            index = s.get(StoryIndexRow, 1)
            index.documents += 1
            views = sorted(set(index.views) | {view for view, _ in terms})
            if views != index.views:
                index.views = views
        return story

    def write_story_index(
        self,
        documents: int,
        df: dict[tuple[str, str], int],
        postings: dict[tuple[str, str], dict[str, float]],
        shapes: dict[str, tuple[int, str | None, str | None]],
    ) -> None:
        """Replace the whole story index (after a rebuild), in one transaction."""
        with self.session() as s, s.begin():
            for table in (StoryPostingRow, StoryProfileRow, StoryTermRow, StoryIndexRow):
                s.execute(delete(table))
            terms = sorted(df)
            for chunk in _chunks(terms, 5000):
                s.execute(insert(StoryTermRow), [{"view": v, "term": t, "df": df[(v, t)]} for v, t in chunk])
            ids = {(v, t): term_id for term_id, v, t in s.execute(select(StoryTermRow.id, StoryTermRow.view, StoryTermRow.term))}
            rows = [
                {"story_id": int(story), "size": size, "first_published": first, "last_published": last}
                for story, (size, first, last) in sorted(shapes.items(), key=lambda x: int(x[0]))
            ]
            for chunk in _chunks(rows, 5000):
                s.execute(insert(StoryProfileRow), chunk)
            rows = [
                {"story_id": int(story), "term_id": ids[k], "weight": w}
                for k in terms for story, w in sorted(postings.get(k, {}).items())
            ]
            for chunk in _chunks(rows, 5000):
                s.execute(insert(StoryPostingRow), chunk)
            s.add(StoryIndexRow(id=1, documents=documents, rebuilt_at=documents, views=sorted({view for view, _ in df})))

    def has_resolution(self) -> bool:
        with self.session() as s:
            return s.scalar(select(EntityRow.id).limit(1)) is not None

    # ------------------------------------------------------------ incremental

    def add_entity_keys(self, keys: dict[int, Iterable[str]]) -> None:
        """Set the blocking keys of doc entities (replacing any they had)."""
        with self.session() as s, s.begin():
            for chunk in _chunks(sorted(keys), 500):
                s.execute(delete(EntityKeyRow).where(EntityKeyRow.doc_entity_id.in_(chunk)))
            rows = [{"doc_entity_id": de, "key": key} for de in sorted(keys) for key in sorted({k[:200] for k in keys[de]})]
            for chunk in _chunks(rows, 5000):
                s.execute(insert(EntityKeyRow), chunk)

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

    def count_entity_keys(self, keys: Iterable[str], *, limit: int) -> int:
        """Doc entities holding one of ``keys``, counted up to ``limit`` (a
        block too large to use is known without counting all of it)."""
        keys = sorted({k[:200] for k in keys})
        with self.session() as s:
            capped = select(EntityKeyRow.id).where(EntityKeyRow.key.in_(keys)).limit(limit).subquery()
            return s.scalar(select(func.count()).select_from(capped)) or 0

    def held_entity_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` some doc entity holds."""
        held: set[str] = set()
        with self.session() as s:
            for chunk in _chunks(sorted({k[:200] for k in keys}), 500):
                held |= set(s.scalars(select(EntityKeyRow.key).where(EntityKeyRow.key.in_(chunk)).distinct()))
        return held

    def key_neighbours(
        self, keys: Iterable[str], *, exclude: Iterable[int] = (), per_name: int = 20
    ) -> list[tuple[StoredEntity, int]]:
        """Resolved doc entities holding one of ``keys``, with their identity:
        of each identity and name, the first ``per_name`` by id. Names only
        (variants and titles left empty): enough to tell which are worth
        loading with ``stored_entities_by_id``."""
        keys = sorted({k[:200] for k in keys})
        exclude = sorted(set(exclude))
        found: dict[int, tuple[StoredEntity, int]] = {}
        with self.session() as s:
            for chunk in _chunks(keys, 500):
                rank = func.row_number().over(partition_by=(DocEntityRow.entity_id, DocEntityRow.name), order_by=DocEntityRow.id)
                ranked = select(
                    DocEntityRow.id, DocEntityRow.document_id, DocEntityRow.kind, DocEntityRow.name, DocEntityRow.entity_id,
                    rank.label("n"),
                ).where(
                    DocEntityRow.id.in_(select(EntityKeyRow.doc_entity_id).where(EntityKeyRow.key.in_(chunk))),
                    DocEntityRow.entity_id.is_not(None),
                )
                if exclude:
                    ranked = ranked.where(DocEntityRow.id.not_in(exclude))
                ranked = ranked.subquery()
                query = select(ranked.c.id, ranked.c.document_id, ranked.c.kind, ranked.c.name, ranked.c.entity_id).where(ranked.c.n <= per_name)
                for de, doc, kind, name, entity in s.execute(query):
                    found[de] = (StoredEntity(de, doc, kind, name, (), (), None, None), entity)
        return [found[de] for de in sorted(found)]

    def identity_assignment(self, doc_entity_ids: Iterable[int]) -> dict[int, int | None]:
        out: dict[int, int | None] = {}
        with self.session() as s:
            for chunk in _chunks(sorted(set(doc_entity_ids)), 500):
                for de_id, entity_id in s.execute(select(DocEntityRow.id, DocEntityRow.entity_id).where(DocEntityRow.id.in_(chunk))):
                    out[de_id] = entity_id
        return out

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

    def member_name_counts(self, entity_id: int) -> Counter:
        """How often each name is given to the identity's members, counted in
        the database; in order of first use, as a list of the names would be."""
        with self.session() as s:
            query = (select(DocEntityRow.name, func.count()).where(DocEntityRow.entity_id == entity_id)
                     .group_by(DocEntityRow.name).order_by(func.min(DocEntityRow.id)))
            return Counter(dict(s.execute(query).all()))

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
        # Protests in different places are different protests: a dated
        # candidate must be at the same place or at no known place.
        same_place = or_(EventRow.place_entity_id.in_(places), EventRow.place_entity_id.is_(None)) if places else None
        conditions = []
        for month in months:
            # a range on the (type, date_value) index, where LIKE would scan the table
            in_month = and_(EventRow.date_value >= month, EventRow.date_value < month + "~")
            conditions.append(and_(in_month, same_place) if same_place is not None else in_month)
        if places:
            # an undated event at the same place may be the same protest
            conditions.append(and_(EventRow.date_value.is_(None), EventRow.place_entity_id.in_(places)))
        if actors:
            conditions.append(EventRow.id.in_(select(EventParticipantRow.event_id).where(EventParticipantRow.entity_id.in_(actors))))
        has_subject = select(EventParticipantRow.id).where(
            EventParticipantRow.event_id == EventRow.id, EventParticipantRow.role == "subject"
        ).exists()
        found: set[int] = set()
        with self.session() as s:
            # One query per condition: each is an index seek, where their OR
            # under the type made SQLite read every event of the type.
            for condition in conditions:
                found |= set(s.scalars(select(EventRow.id).where(EventRow.type == etype, condition, ~has_subject)))
            return self._sources_of(s, found)

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
            _insert_events(s, events, row_of)


def _insert_returning_ids(s: Session, model, rows: list[dict]) -> list[int]:
    """Insert rows in bulk; their ids, in the order of ``rows``."""
    ids: list[int] = []
    for chunk in _chunks(rows, 1000):
        ids += s.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), chunk).all()
    return ids


def _insert_events(s: Session, events: list[FusedEvent], row_of: dict[int, int]) -> None:
    rows = [
        {
            "type": event.type,
            "status": event.status,
            "date_value": event.date.value,
            "date_precision": event.date.precision,
            "date_start": event.date.start,
            "date_end": event.date.end,
            "place_entity_id": row_of.get(event.place) if event.place is not None else None,
            "attributes": dict(event.attributes),
            "participants": [{"role": role, "entity": row_of[key]} for role, key in event.participants if key in row_of],
            "derived": dict(event.derived),
        }
        for event in events
    ]
    sources, participants, conflicts = [], [], []
    for event_id, event, row in zip(_insert_returning_ids(s, EventRow, rows), events, rows):
        sources += [{"event_id": event_id, "event_mention_id": m} for m in event.mentions]
        participants += [{"event_id": event_id, "entity_id": p["entity"], "role": p["role"]} for p in row["participants"]]
        conflicts += [
            {"event_id": event_id, "field": c.field, "values": [{"value": v.value, "mentions": list(v.mentions)} for v in c.values]}
            for c in event.conflicts
        ]
    for model, batch in ((EventSourceRow, sources), (EventParticipantRow, participants), (ConflictRow, conflicts)):
        for chunk in _chunks(batch, 5000):
            s.execute(insert(model), chunk)


def _stored_entity(r) -> StoredEntity:
    """From a doc_entities row (ORM object or plain row)."""
    return StoredEntity(r.id, r.document_id, r.kind, r.name, tuple(r.variants), tuple(r.titles), r.country, r.gazetteer_id)


def _stored_mention(r, roles: list) -> StoredEventMention:
    """From an event_mentions row and its roles (ORM objects or plain rows)."""
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


def _story_terms(s: Session, terms: Iterable[tuple[str, str]]) -> list[tuple[int, str, str, int]]:
    """(id, view, term, df) of those of ``terms`` the story index has."""
    out = []
    for condition in _term_conditions(terms):
        query = select(StoryTermRow.id, StoryTermRow.view, StoryTermRow.term, StoryTermRow.df).where(condition)
        out += [tuple(row) for row in s.execute(query)]
    return out


def _term_conditions(terms: Iterable[tuple[str, str]], size: int = 500):
    """WHERE clauses matching (view, term) pairs, ``size`` terms at a time.

    One ``view = ? AND term IN (...)`` per view, joined by OR: both
    databases seek the (view, term) index for each, where a row-value IN
    makes SQLite scan the table."""
    for chunk in _chunks(sorted(set(terms)), size):
        by_view: dict[str, list[str]] = {}
        for view, term in chunk:
            by_view.setdefault(view, []).append(term)
        yield or_(*(and_(StoryTermRow.view == view, StoryTermRow.term.in_(names)) for view, names in sorted(by_view.items())))


def _entities_where(s, column, values: Iterable[int]) -> list[StoredEntity]:
    """Doc entities whose ``column`` is one of ``values``, in id order,
    read in chunks so no query carries thousands of parameters."""
    rows = []
    for chunk in _chunks(sorted(set(values)), 500):
        rows += s.execute(select(DocEntityRow.__table__).where(column.in_(chunk))).all()
    return [_stored_entity(r) for r in sorted(rows, key=lambda r: r.id)]


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
