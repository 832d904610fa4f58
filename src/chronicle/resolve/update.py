"""Fold documents into the cross-document record.

Resolution is a pure function of the per-document rows and reviewers'
judgements, so the record can always be rebuilt from what was read
(``rebuild_record``). New documents don't need that: ``update_record``

1. places each new document in a story through the persisted story index
   (``stories.place_document``: the stories sharing its rarer terms),
2. finds the neighbourhood its entities touch (doc entities the batch
   resolver would pair them with, read by name, a few documents per
   identity and name) and re-resolves only that,
3. re-fuses only the events of the identities that changed plus the
   subject-less events (protests, strikes) the new mentions could join.

No step reads every document, judgement or event, so the cost of a new
document depends on its neighbourhood, not on the store's size (see
``docs/resolution.md`` for the measured figures).
"""
from __future__ import annotations

from collections.abc import Iterable

from chronicle.extract.ontology import EVENT_TYPES
from chronicle.records import FusedEvent, StoredEntity, StoredEventMention
from chronicle.resolve.cases import derive_facts
from chronicle.resolve.fusion import fuse_events
from chronicle.resolve.identities import (
    NEIGHBOURS_PER_NAME,
    canonical_name,
    identity_links,
    plausible_neighbours,
    resolve_identities,
)
from chronicle.resolve.identity import MAX_GIVEN_NAME_BLOCK, STRONG_KEY_PREFIXES, IdentityCandidate, blocking_keys, is_short
from chronicle.resolve.names import normalise_name
from chronicle.resolve.stories import StoryDocument, build_story_index, cluster_stories, place_document
from chronicle.store import Store

# A full name's given-name keys are stored under this prefix (see entity_keys).
FULL_NAME_GIVEN = "person/full:"


def entity_keys(entity: StoredEntity) -> set[str]:
    """Blocking keys, prefixed by kind so a person never meets a place.

    They are the keys the batch resolver blocks on
    (``identity.blocking_keys``). The batch resolver pairs two people on a
    given name only when one of them is a one-word mention, so a full
    name's given-name keys are stored apart (``person/full:``): a new full
    name looks its given name up among one-word mentions only, instead of
    among everyone who shares the given name.
    """
    if entity.kind == "place":
        return {"place:" + (entity.gazetteer_id or normalise_name(entity.name, "place"))}
    candidate = IdentityCandidate(str(entity.id), entity.kind, entity.name, tuple(entity.variants))
    keys = blocking_keys(candidate)
    if entity.kind != "person" or is_short(candidate):
        return {f"{entity.kind}:{k}" for k in keys}
    return {f"person:{k}" if k.startswith(STRONG_KEY_PREFIXES) else f"{FULL_NAME_GIVEN}{k}" for k in keys}


def lookup_keys(store: Store, new_keys: dict[int, set[str]]) -> set[str]:
    """The stored keys whose doc entities a new entity must be judged
    against, by ``candidate_pairs``' rules: every strong key; a given-name
    key only between a one-word mention and anyone, and only while the
    block has at most ``MAX_GIVEN_NAME_BLOCK`` members."""
    wanted: set[str] = set()
    given: dict[str, set[str]] = {}
    for keys in new_keys.values():
        for key in keys:
            if key.startswith(FULL_NAME_GIVEN):
                given.setdefault(key[len(FULL_NAME_GIVEN):], set()).add("person:")
            elif key.startswith("person:") and not key[len("person:"):].startswith(STRONG_KEY_PREFIXES):
                given.setdefault(key[len("person:"):], set()).update({"person:", FULL_NAME_GIVEN})
            elif not key.startswith("place:"):
                wanted.add(key)
    one_word = store.held_entity_keys(["person:" + k for k in given])
    for key, prefixes in given.items():
        if "person:" + key not in one_word and FULL_NAME_GIVEN not in prefixes:
            continue  # a full name, and no one-word mention to meet: no block to count
        block = ["person:" + key, FULL_NAME_GIVEN + key]
        if store.count_entity_keys(block, limit=MAX_GIVEN_NAME_BLOCK + 1) <= MAX_GIVEN_NAME_BLOCK:
            wanted |= {p + key for p in prefixes}
    return wanted


def rebuild_record(store: Store) -> None:
    """Recompute stories, identities, events and conflicts from every document."""
    rebuild_stories(store)
    entities = store.stored_entities()
    store.add_entity_keys({e.id: entity_keys(e) for e in entities})
    identities, judgements = resolve_identities(entities, store.judgements(reviewers_only=True))
    identity_of = {member: ident.key for ident in identities for member in ident.members}
    events = derive_facts(fuse_events(store.stored_event_mentions(), identity_of))
    store.replace_resolution(identities, judgements, events)


# Up to this many documents, stories are clustered as a whole (the more
# accurate method, quadratic in memory and time); beyond it, documents keep
# their stories and new ones join the nearest story, or start one.
STORY_BATCH_LIMIT = 2000
# Within the limit, a new document is placed in the nearest story too, and
# the whole store is re-clustered once it has grown by this factor since it
# was last clustered: re-clustering on every ingest would make the cost of
# one document grow with the store.
STORY_RECLUSTER_GROWTH = 1.25
# Beyond the limit, the index is re-fitted (today's IDF, same stories) once
# the store has doubled since the last fit: placed documents keep the IDF of
# the day they arrived, and this bounds how stale that gets.
STORY_REFIT_GROWTH = 2.0


def _story_document(doc_id: int, text: str, published: str | None, names: Iterable[str]) -> StoryDocument:
    return StoryDocument(str(doc_id), text, frozenset(names), published if published and len(published) == 10 else None)


def rebuild_stories(store: Store) -> None:
    """Stories of every document, and the story index rebuilt from them.

    Within ``STORY_BATCH_LIMIT`` documents all are clustered in batch.
    Beyond it, documents keep their stories (or, when fewer than the limit
    have one, the first ``STORY_BATCH_LIMIT`` are clustered in batch) and
    the others are placed one by one in id order; then the index is fitted
    anew on everything.
    """
    inputs = store.story_inputs()
    docs = {d: _story_document(d, text, pub, names) for d, text, pub, names, _ in inputs}
    if len(docs) <= STORY_BATCH_LIMIT:
        groups = [[int(k) for k in g] for g in cluster_stories(list(docs.values()))]
    else:
        groups = _place_beyond_batch(docs, {d: story for d, _, _, _, story in inputs if story is not None})
    story_of = store.set_stories(groups)
    keys = [str(story_of[g[0]]) for g in groups]
    index = build_story_index(list(docs.values()), [[str(d) for d in g] for g in groups], keys)
    store.write_story_index(index.documents, index.df, index.postings, index.shapes)


def _place_beyond_batch(docs: dict[int, StoryDocument], stories: dict[int, int]) -> list[list[int]]:
    if len(stories) >= STORY_BATCH_LIMIT:
        grouped: dict[int, list[int]] = {}
        for d, story in sorted(stories.items()):
            grouped.setdefault(story, []).append(d)
        seed = list(grouped.values())
    else:
        first = sorted(docs)[:STORY_BATCH_LIMIT]
        seed = [[int(k) for k in g] for g in cluster_stories([docs[d] for d in first])]
    seeded = {d for g in seed for d in g}
    index = build_story_index([docs[d] for d in sorted(seeded)], [[str(d) for d in g] for g in seed])
    members = {g[0]: list(g) for g in seed}
    for d in sorted(set(docs) - seeded):
        story = int(index.add(place_document(docs[d], index), str(d)))
        members.setdefault(story, []).append(d)
    return list(members.values())


def update_stories(store: Store, new_document_ids: list[int] | None = None) -> None:
    """Place the documents that have no story yet (``new_document_ids`` and
    any an interrupted run left), one by one, through the story index; or
    rebuild the stories when the index is missing or due (see the growth
    factors above). Without ``new_document_ids``, rebuild."""
    state = store.story_index_state()
    if state is None or not new_document_ids:
        rebuild_stories(store)
        return
    pending = store.documents_without_story()
    if not pending:
        return
    documents, rebuilt_at = state
    total = documents + len(pending)
    growth = STORY_RECLUSTER_GROWTH if total <= STORY_BATCH_LIMIT else STORY_REFIT_GROWTH
    if total >= growth * rebuilt_at:
        rebuild_stories(store)
        return
    for d, text, pub, names, _ in store.story_inputs(pending):
        placement = place_document(_story_document(d, text, pub, names), store)
        story = int(placement.story) if placement.story is not None else None
        store.add_story_member(d, story, placement.terms, dict(placement.vector), placement.published)


def update_record(store: Store, new_document_ids: list[int] | None = None) -> None:
    """Fold new documents in; without a record yet, or without new
    documents (after a review), build it."""
    if not new_document_ids or not store.has_resolution():
        rebuild_record(store)
        return
    update_stories(store, new_document_ids)
    touched = update_identities(store, new_document_ids)
    update_events(store, new_document_ids, touched)


def update_identities(store: Store, new_document_ids: list[int]) -> set[int]:
    """Resolve the new documents' entities; returns the identities (entity
    row ids) whose members changed.

    A new entity judged the same as exactly one existing identity joins it;
    one that matches nobody starts its own; one that bridges several
    identities re-resolves all their members (a merge).
    """
    new_entities = store.stored_entities(new_document_ids)
    new_keys = {e.id: entity_keys(e) for e in new_entities}
    store.add_entity_keys(new_keys)
    kind_of = {e.id: e.kind for e in new_entities}
    place_keys = [k for de, keys in new_keys.items() if kind_of[de] == "place" for k in keys]
    # Only names, and at most NEIGHBOURS_PER_NAME documents per identity and
    # name, are read before the names are compared: a person named in a
    # thousand documents costs what one named in twenty does.
    found = store.key_neighbours(lookup_keys(store, new_keys), exclude=set(new_keys), per_name=NEIGHBOURS_PER_NAME)
    identity_of = {n.id: identity for n, identity in found}
    kept = plausible_neighbours(new_entities, [n for n, _ in found], identity_of, per_name=NEIGHBOURS_PER_NAME)
    context = store.stored_entities({e.document_id for e in kept + new_entities})
    by_id = {e.id: e for e in context}
    neighbours = [by_id[n.id] for n in kept]
    links, link_judgements = identity_links(new_entities, neighbours, identity_of, context)
    bridged = {i for found in links.values() if len(found) > 1 for i in found}
    joining = {de: next(iter(found)) for de, found in links.items() if len(found) == 1 and not found & bridged}
    touched = set(joining.values())
    if joining:
        store.attach_members(joining)
        store.add_judgements(link_judgements)
        for identity in set(joining.values()):
            store.rename_identity(identity, canonical_name(store.member_name_counts(identity)))
    places = store.doc_entities_with_keys(place_keys, one_per_key=True)
    rest = [e for e in new_entities if e.id not in joining]
    scope = {e.id: e for e in store.members_of(bridged)} | {e.id: e for e in rest}
    scope |= {e.id: e for e in store.stored_entities_by_id(places)}
    if scope:
        context = store.stored_entities({e.document_id for e in scope.values()})
        identities, judgements = resolve_identities(list(scope.values()), store.judgements_among(scope, reviewers_only=True), context=context)
        row_of, changed = store.apply_identities(identities, scope, judgements)
        touched |= changed | {row_of[i.key] for i in identities if set(i.members) & set(new_keys)}
    return touched


def update_events(store: Store, new_document_ids: list[int], touched: set[int]) -> None:
    """Re-fuse every event about a touched identity, the subject-less events
    the new mentions could join, and the new mentions themselves."""
    new_mentions = store.stored_event_mentions(new_document_ids)
    old_events = store.events_with_subjects(touched)
    for etype, months, places, actors in _subjectless_scopes(new_mentions, store):
        old_events |= store.events_without_subject_near(etype, months=months, places=places, actors=actors)
    mention_ids = {m for ids in old_events.values() for m in ids} | {m.id for m in new_mentions}
    mentions = store.stored_event_mentions(ids=mention_ids)
    assignment = store.identity_assignment(_entities_named(mentions))
    identity_of = {de: ent for de, ent in assignment.items() if ent is not None}
    fused = [e for e in fuse_events(mentions, identity_of) if _in_scope(e, touched)]
    store.replace_events(old_events, derive_facts(fused), {ent: ent for ent in identity_of.values()})


def _entities_named(mentions: Iterable[StoredEventMention]) -> set[int]:
    out = set()
    for m in mentions:
        out |= {p.entity for p in m.participants if p.entity is not None}
        if m.place is not None:
            out.add(m.place)
    return out


def _subjectless_scopes(mentions: list[StoredEventMention], store: Store):
    """(type, months, place identities, actor identities) of the new mentions
    of subject-less types: what an existing protest or strike must share."""
    scopes: dict[str, tuple[set[str], set[int], set[int]]] = {}
    identity = store.identity_assignment(_entities_named(mentions))
    for m in mentions:
        if EVENT_TYPES[m.type].needs_subject:
            continue
        months, places, actors = scopes.setdefault(m.type, (set(), set(), set()))
        if m.date.value and len(m.date.value) >= 7:
            months.add(m.date.value[:7])
        if m.place is not None and identity.get(m.place) is not None:
            places.add(identity[m.place])
        actors |= {identity[p.entity] for p in m.participants if identity.get(p.entity) is not None}
    return [(t, *scope) for t, scope in scopes.items()]


def _in_scope(event: FusedEvent, touched: set[int]) -> bool:
    """Per-person events are rewritten only for touched people; a mention
    about others also feeds their events, which stay as they are."""
    if not EVENT_TYPES[event.type].needs_subject:
        return True
    return any(role == "subject" and key in touched for role, key in event.participants)
