"""Fold documents into the cross-document record.

Resolution is a pure function of the per-document rows and reviewers'
judgements, so the record can always be rebuilt from what was read
(``rebuild_record``). New documents don't need that: ``update_record`` finds
the neighbourhood a new document touches (doc entities sharing a blocking
key with its entities, and the identities they belong to), re-resolves only
that, and re-fuses only the events of the identities that changed plus the
subject-less events (protests, strikes) the new mentions could join. The
cost of a new document depends on its neighbourhood, not on the store's size.
"""
from __future__ import annotations

from collections.abc import Iterable

from chronicle.extract.ontology import EVENT_TYPES
from chronicle.records import FusedEvent, StoredEntity, StoredEventMention
from chronicle.resolve.cases import derive_facts
from chronicle.resolve.fusion import fuse_events
from chronicle.resolve.identities import canonical_name, identity_links, plausible_neighbours, resolve_identities
from chronicle.resolve.names import name_keys, normalise_name
from chronicle.resolve.stories import StoryDocument, assign_story, cluster_stories, index_stories
from chronicle.store import Store


def entity_keys(entity: StoredEntity) -> set[str]:
    """Blocking keys, prefixed by kind so a person never meets a place."""
    if entity.kind == "place":
        return {"place:" + (entity.gazetteer_id or normalise_name(entity.name, "place"))}
    keys: set[str] = set()
    for name in (entity.name, *entity.variants):
        keys |= {f"{entity.kind}:{k}" for k in name_keys(name, entity.kind)}
    return keys


def rebuild_record(store: Store) -> None:
    """Recompute identities, events and conflicts from every document."""
    entities = store.stored_entities()
    store.add_entity_keys({e.id: entity_keys(e) for e in entities})
    identities, judgements = resolve_identities(entities, store.judgements(reviewers_only=True))
    identity_of = {member: ident.key for ident in identities for member in ident.members}
    events = derive_facts(fuse_events(store.stored_event_mentions(), identity_of))
    store.replace_resolution(identities, judgements, events)


# Up to this many documents, stories are re-clustered as a whole after each
# ingest (batch clustering is the more accurate); beyond it, new documents
# join the nearest existing story, or start one.
STORY_BATCH_LIMIT = 2000


def update_stories(store: Store, new_document_ids: list[int] | None = None) -> None:
    inputs = store.story_inputs()
    docs = {d: StoryDocument(str(d), text, frozenset(names), pub if pub and len(pub) == 10 else None)
            for d, text, pub, names, _ in inputs}
    if len(inputs) <= STORY_BATCH_LIMIT or not new_document_ids:
        groups = cluster_stories(list(docs.values()))
        store.set_stories([[int(k) for k in g] for g in groups])
        return
    new = set(new_document_ids)
    old_groups: dict[int, list[str]] = {}
    for d, _, _, _, story in inputs:
        if d not in new and story is not None:
            old_groups.setdefault(story, []).append(str(d))
    index = index_stories([docs[d] for d in docs if d not in new], list(old_groups.values()))
    joined: dict[str, list[int]] = {}
    for d in sorted(new):
        key = assign_story(docs[d], index)
        joined.setdefault(key or str(d), []).append(d)
    store.set_stories([[int(key)] + ids if key != str(ids[0]) else ids for key, ids in joined.items()])


def update_record(store: Store, new_document_ids: list[int] | None = None) -> None:
    """Fold new documents in; without a record yet, build it."""
    update_stories(store, new_document_ids)
    if not new_document_ids or not store.has_resolution():
        rebuild_record(store)
        return
    new_entities = store.stored_entities(new_document_ids)
    new_keys = {e.id: entity_keys(e) for e in new_entities}
    store.add_entity_keys(new_keys)

    # 1. Identities. A new entity judged the same as exactly one existing
    #    identity joins it; one that matches nobody starts its own; one that
    #    bridges several identities re-resolves all their members (a merge).
    kind_of = {e.id: e.kind for e in new_entities}
    people_keys = [k for de, keys in new_keys.items() if kind_of[de] != "place" for k in keys]
    place_keys = [k for de, keys in new_keys.items() if kind_of[de] == "place" for k in keys]
    neighbours = store.stored_entities_by_id(store.doc_entities_with_keys(people_keys) - set(new_keys))
    identity_of = store.identity_assignment(n.id for n in neighbours)
    neighbours = plausible_neighbours(new_entities, neighbours, identity_of)
    context = store.stored_entities({e.document_id for e in neighbours + new_entities})
    links, link_judgements = identity_links(new_entities, neighbours, identity_of, context)
    bridged = {i for found in links.values() if len(found) > 1 for i in found}
    joining = {de: next(iter(found)) for de, found in links.items() if len(found) == 1 and not found & bridged}
    touched = set(joining.values())
    if joining:
        store.attach_members(joining)
        store.add_judgements(link_judgements)
        for identity in set(joining.values()):
            store.rename_identity(identity, canonical_name(store.member_names(identity)))
    places = store.doc_entities_with_keys(place_keys, one_per_key=True)
    rest = [e for e in new_entities if e.id not in joining]
    scope = {e.id: e for e in store.members_of(bridged)} | {e.id: e for e in rest}
    scope |= {e.id: e for e in store.stored_entities_by_id(places)}
    if scope:
        context = store.stored_entities({e.document_id for e in scope.values()})
        identities, judgements = resolve_identities(list(scope.values()), _reviewed_within(store, scope), context=context)
        row_of, changed = store.apply_identities(identities, scope, judgements)
        touched |= changed | {row_of[i.key] for i in identities if set(i.members) & set(new_keys)}

    # 2. Events: every event about a touched identity, the subject-less events
    #    the new mentions could join, and the new mentions themselves.
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


def _reviewed_within(store: Store, scope: dict[int, StoredEntity]):
    return [j for j in store.judgements(reviewers_only=True) if j.left in scope and j.right in scope]


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
