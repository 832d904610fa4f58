"""Incremental resolution that reads a neighbourhood, not the store.

The lookups that keep the cost of a new document flat must not change what
is resolved: the entities a new one is judged against are exactly those the
batch resolver would pair it with, and folding reports in one at a time
gives the record (and a story index) that a rebuild gives.
"""
from __future__ import annotations

import hashlib
import random

import pytest
from hypothesis import given, settings, strategies as st

from chronicle.export.record import build_record
from chronicle.records import (
    AnnotatedDocument,
    CleanDocument,
    DocEntity,
    EntityMention,
    EventMention,
    PartialDate,
    ProcessedDocument,
    RawDocument,
    RoleFiller,
    Span,
    StoredEntity,
)
from chronicle.resolve import update
from chronicle.resolve.identity import IdentityCandidate, candidate_pairs
from chronicle.resolve.stories import StoryDocument, build_story_index
from chronicle.resolve.update import MAX_GIVEN_NAME_BLOCK, entity_keys, lookup_keys, rebuild_record, update_record
from chronicle.store import Store
from tests.resolve.test_incremental import canonical

GIVEN = ["Marat", "Aigerim", "Nurlan", "Zhanar", "Bakhyt"]
SURNAMES = ["Seitkali", "Abenov", "Abenova", "Tursyn", "Kaliyev", "Omarbek"]
TOWNS = ["Taraz", "Semey", "Oral"]


class KeyCounts:
    """What lookup_keys asks of a store, over entities held in memory."""

    def __init__(self, keys: dict[int, set[str]]):
        self.keys = keys

    def held_entity_keys(self, keys) -> set[str]:
        return set(keys) & set().union(*self.keys.values())

    def count_entity_keys(self, keys, *, limit: int) -> int:
        wanted = set(keys)
        return min(sum(len(held & wanted) for held in self.keys.values()), limit)


def neighbours_by_lookup(entities: list[StoredEntity], new: StoredEntity) -> set[int]:
    keys = {e.id: entity_keys(e) for e in [*entities, new]}
    wanted = lookup_keys(KeyCounts(keys), {new.id: keys[new.id]})
    return {e.id for e in entities if keys[e.id] & wanted}


def neighbours_by_batch(entities: list[StoredEntity], new: StoredEntity) -> set[int]:
    candidates = [IdentityCandidate(str(e.id), e.kind, e.name, e.variants) for e in [*entities, new]]
    return {int(b.key) if a.key == str(new.id) else int(a.key)
            for a, b in candidate_pairs(candidates) if str(new.id) in (a.key, b.key)}


names = st.one_of(
    st.tuples(st.sampled_from(GIVEN), st.sampled_from(SURNAMES)).map(" ".join),
    st.sampled_from(GIVEN + SURNAMES),
)


named = st.tuples(names, st.lists(names, max_size=2).map(tuple))


@settings(max_examples=80, deadline=None)
@given(st.lists(named, min_size=1, max_size=12), named)
def test_lookup_finds_the_entities_the_batch_resolver_would_pair(existing, new_names):
    """Names, with the variants a document also uses ("Abenov" beside "Marat Abenov")."""
    entities = [StoredEntity(i, i, "person", n, variants) for i, (n, variants) in enumerate(existing, start=1)]
    new = StoredEntity(100, 100, "person", *new_names)
    assert neighbours_by_lookup(entities, new) == neighbours_by_batch(entities, new)


def test_a_full_name_is_not_looked_up_among_everyone_with_its_given_name():
    entities = [StoredEntity(1, 1, "person", "Marat Abenov"), StoredEntity(2, 2, "person", "Marat"),
                StoredEntity(3, 3, "person", "Marat Tursyn")]
    assert neighbours_by_lookup(entities, StoredEntity(9, 9, "person", "Marat Seitkali")) == {2}
    assert neighbours_by_lookup(entities, StoredEntity(9, 9, "person", "Marat")) == {1, 2, 3}


def test_a_given_name_block_too_large_for_the_batch_resolver_is_not_read():
    entities = [StoredEntity(i, i, "person", f"Nurlan Q{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}") for i in range(MAX_GIVEN_NAME_BLOCK + 5)]
    new = StoredEntity(10**4, 10**4, "person", "Nurlan")
    assert neighbours_by_lookup(entities, new) == neighbours_by_batch(entities, new) == set()


# --------------------------------------------------------- folding reports in


def synthetic_report(n: int) -> ProcessedDocument:
    """A short report of our own: someone detained in a town; a picket."""
    rng = random.Random(n)
    person = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    town = rng.choice(TOWNS)
    day = f"2024-0{1 + n % 3}-1{n % 5}"
    text = f"{person} was detained in {town} on {day}. Supporters of {person} held a picket in {town} the same day."
    raw = text.encode()
    sha = hashlib.sha256(raw).hexdigest()
    clean = CleanDocument(sha, f"report-{n}.txt", text, title=f"Report {n}", published=PartialDate(day, "day"))
    entities = (DocEntity(0, "person", person), DocEntity(1, "place", town))
    spans = {name: Span(text.index(name), text.index(name) + len(name), name) for name in (person, town)}
    mentions = tuple(EntityMention(spans[e.name], e.id) for e in entities)
    sentence = Span(0, len(text), text)
    subject = (RoleFiller("subject", 0, spans[person]),)
    trigger = Span(text.index("detained"), text.index("detained") + 8, "detained")
    events = (
        EventMention(sha, "detention", "occurred", trigger, sentence, subject, 1, PartialDate(day, "day")),
        EventMention(sha, "protest", "occurred", Span(text.index("picket"), text.index("picket") + 6, "picket"),
                     sentence, (), 1, PartialDate(day, "day")),
    )
    annotated = AnnotatedDocument(clean, (sentence,), entities, mentions, ())
    return ProcessedDocument(RawDocument(clean.source, raw, sha, "text/plain", text, "utf-8"), clean, annotated, events)


def story_state(store: Store) -> tuple[dict, dict, dict]:
    """The stored index's document frequencies and story sizes, and the
    index a fresh fit over the documents and their current stories gives."""
    inputs = store.story_inputs()
    groups: dict[int, list[str]] = {}
    for d, _, _, _, story in inputs:
        groups.setdefault(story, []).append(str(d))
    docs = [StoryDocument(str(d), text, frozenset(names), pub) for d, text, pub, names, _ in inputs]
    fresh = build_story_index(docs, list(groups.values()), [str(k) for k in groups])
    stored_sizes = {k: v[0] for k, v in store.story_shapes([str(k) for k in groups]).items()}
    return store.story_term_frequencies(fresh.df), stored_sizes, fresh


@pytest.mark.parametrize("batch_limit", [3, 10_000])
def test_reports_folded_in_one_at_a_time_give_the_rebuilt_record(tmp_path, monkeypatch, batch_limit):
    monkeypatch.setattr(update, "STORY_BATCH_LIMIT", batch_limit)
    store = Store.open(str(tmp_path / "fold.db"))
    try:
        for n in range(30):
            saved = store.save_processed(synthetic_report(n))
            update_record(store, [saved.document_id])
        assert store.documents_without_story() == []
        df, sizes, fresh = story_state(store)
        assert df == fresh.df  # frequencies are counted exactly as documents arrive
        assert sizes == {k: v[0] for k, v in fresh.shapes.items()}
        assert store.story_index_state()[0] == 30
        folded = canonical(build_record(store))

        rebuild_record(store)
        assert canonical(build_record(store)) == folded
        df, sizes, fresh = story_state(store)
        assert store.story_index_state() == (30, 30)
        assert store.story_postings(fresh.df).keys() == {k for bucket in fresh.postings.values() for k in bucket}
    finally:
        store.close()


def test_an_interrupted_run_leaves_documents_that_the_next_one_places(tmp_path, monkeypatch):
    monkeypatch.setattr(update, "STORY_BATCH_LIMIT", 3)
    store = Store.open(str(tmp_path / "resume.db"))
    try:
        first = [store.save_processed(synthetic_report(n)).document_id for n in range(6)]
        update_record(store, first)
        orphan = store.save_processed(synthetic_report(6)).document_id  # saved, never resolved
        latest = store.save_processed(synthetic_report(7)).document_id
        update_record(store, [latest])
        assert orphan not in store.documents_without_story()
        assert store.story_index_state()[0] == 8
    finally:
        store.close()
