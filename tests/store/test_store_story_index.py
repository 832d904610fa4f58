"""The story index and the incremental-resolution lookups, on SQLite and PostgreSQL."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import inspect

from chronicle.records import (
    AnnotatedDocument,
    CleanDocument,
    DocEntity,
    Identity,
    IdentityJudgement,
    PartialDate,
    ProcessedDocument,
    RawDocument,
    Span,
)
from chronicle.resolve.stories import StoryDocument, build_story_index, index_terms, place_document
from chronicle.store import Store

TEXTS = [
    ("Dock workers in Aktobe walked out over unpaid wages on Monday.", ("Aktobe",), "2023-04-03"),
    ("The Aktobe dock strike over unpaid wages continued for a second day.", ("Aktobe",), "2023-04-04"),
    ("A poet, Sara Omar, was fined 50,000 tenge for a poem read at a rally.", ("Sara Omar",), "2023-06-11"),
    ("Sara Omar said she would not pay the 50,000 tenge fine.", ("Sara Omar",), "2023-06-12"),
    ("Heavy snow closed the mountain pass for the weekend.", (), "2023-01-20"),
]


def report(text: str, names: tuple[str, ...] = (), published: str | None = None, source: str | None = None) -> ProcessedDocument:
    raw = text.encode()
    sha = hashlib.sha256(raw).hexdigest()
    source = source or f"{sha[:8]}.txt"
    clean = CleanDocument(sha, source, text, title=text.split(",")[0][:30],
                          published=PartialDate(published, "day") if published else None)
    entities = tuple(DocEntity(i, "person", n) for i, n in enumerate(names))
    annotated = AnnotatedDocument(clean, (Span(0, len(text), text),), entities, (), ())
    return ProcessedDocument(RawDocument(source, raw, sha, "text/plain", text, "utf-8"), clean, annotated, ())


@pytest.fixture
def store(db_url):
    store = Store.open(db_url)
    yield store
    store.close()


def same_sums(a: dict, b: dict) -> bool:
    """Nested weight sums equal up to float rounding (the databases store doubles)."""
    return a.keys() == b.keys() and all(a[k] == pytest.approx(b[k]) for k in a)


def story_docs(store: Store) -> dict[int, StoryDocument]:
    return {d: StoryDocument(str(d), text, frozenset(names), pub) for d, text, pub, names, _ in store.story_inputs()}


def test_the_story_tables_come_with_the_schema(store):
    assert {"story_index", "story_terms", "story_postings", "story_profiles"} <= set(inspect(store.engine).get_table_names())
    assert store.story_index_state() is None  # never built: the next resolution builds it


def test_set_stories_keeps_a_split_storys_id_on_its_larger_part(store):
    ids = [store.save_processed(report(t, n, p)).document_id for t, n, p in TEXTS[:3]]
    first = store.set_stories([ids])
    (story,) = set(first.values())
    second = store.set_stories([[ids[0], ids[1]], [ids[2]]])
    assert second[ids[0]] == second[ids[1]] == story
    assert second[ids[2]] != story
    assert store.documents_without_story() == []


def test_the_store_answers_as_the_index_it_was_given(store):
    ids = [store.save_processed(report(t, n, p)).document_id for t, n, p in TEXTS]
    docs = story_docs(store)
    groups = [[ids[0], ids[1]], [ids[2], ids[3]], [ids[4]]]
    story_of = store.set_stories(groups)
    keys = [str(story_of[g[0]]) for g in groups]
    memory = build_story_index([docs[d] for d in ids], [[str(d) for d in g] for g in groups], keys)
    store.write_story_index(memory.documents, memory.df, memory.postings, memory.shapes)

    assert store.story_index_state() == (5, 5)
    assert store.story_index_size() == memory.story_index_size()
    assert store.story_views() == memory.story_views()
    terms = list(memory.df) + [("text", "never seen")]
    assert store.story_term_frequencies(terms) == memory.story_term_frequencies(terms)
    assert same_sums(store.story_postings(terms), memory.story_postings(terms))
    assert same_sums(store.story_weights(keys[:2], terms), memory.story_weights(keys[:2], terms))
    assert store.story_shapes(keys) == memory.story_shapes(keys)

    new_id = store.save_processed(report("Sara Omar appealed against the fine for her poem.", ("Sara Omar",), "2023-06-20")).document_id
    assert store.documents_without_story() == [new_id]
    doc = story_docs(store)[new_id]
    in_store, in_memory = place_document(doc, store), place_document(doc, memory)
    assert in_store.story == in_memory.story == keys[1]
    assert in_store.vector == pytest.approx(in_memory.vector)

    story = store.add_story_member(new_id, int(in_store.story), in_store.terms, dict(in_store.vector), in_store.published)
    memory.add(in_memory, doc.key)
    assert story == story_of[ids[2]]
    assert store.story_index_state() == (6, 5)
    assert store.documents_without_story() == []
    mine = {(v, t) for v, bag in index_terms(doc).items() for t in bag}
    assert store.story_term_frequencies(mine) == memory.story_term_frequencies(mine)
    assert same_sums(store.story_weights([keys[1]], mine), memory.story_weights([keys[1]], mine))
    assert store.story_shapes([keys[1]]) == {keys[1]: (3, "2023-06-11", "2023-06-20")}

    other = store.save_processed(report("A ferry ran aground in fog off the northern cape.", (), None)).document_id
    fresh = store.add_story_member(other, None, [("text", "ferry")], {("text", "ferry"): 1.0}, None)
    assert fresh not in story_of.values()
    assert store.story_shapes([str(fresh)]) == {str(fresh): (1, None, None)}
    assert store.story_term_frequencies([("text", "ferry")]) == {("text", "ferry"): 1}


def test_rewriting_the_index_replaces_it(store):
    ids = [store.save_processed(report(t, n, p)).document_id for t, n, p in TEXTS[:2]]
    story_of = store.set_stories([ids])
    docs = story_docs(store)
    index = build_story_index([docs[d] for d in ids], [[str(d) for d in ids]], [str(story_of[ids[0]])])
    store.write_story_index(index.documents, index.df, index.postings, index.shapes)
    store.write_story_index(index.documents, index.df, index.postings, index.shapes)
    assert store.story_term_frequencies(index.df) == index.df


def test_neighbours_are_read_by_name_with_a_few_documents_each(store):
    docs = [store.save_processed(report(f"Report {i} on Arman Zhunusov and Arman Zhunusov's case.", ("Arman Zhunusov",))).document_id
            for i in range(5)]
    entities = store.stored_entities(docs)
    store.replace_resolution([Identity(1, "person", "Arman Zhunusov", tuple(e.id for e in entities))], [], [])
    store.add_entity_keys({e.id: {"person:s:zhunusov", "person/full:t:arm"} for e in entities})
    found = store.key_neighbours(["person:s:zhunusov"], exclude=[entities[0].id], per_name=2)
    assert [n.id for n, _ in found] == [entities[1].id, entities[2].id]
    assert {identity for _, identity in found} == {store.identity_assignment([entities[0].id])[entities[0].id]}
    assert store.key_neighbours(["person:t:arm"]) == []
    assert store.held_entity_keys(["person:s:zhunusov", "person:t:arm"]) == {"person:s:zhunusov"}
    assert store.count_entity_keys(["person:s:zhunusov"], limit=3) == 3
    assert store.count_entity_keys(["person:s:zhunusov", "person/full:t:arm"], limit=100) == 10


def test_judgements_among_a_scope_keep_their_order(store):
    docs = [store.save_processed(report(f"Note {i}: Dana Ibraeva spoke.", ("Dana Ibraeva",))).document_id for i in range(3)]
    a, b, c = (e.id for e in store.stored_entities(docs))
    store.add_judgements([
        IdentityJudgement(a, b, "same", 0.9, "machine"),
        IdentityJudgement(a, b, "different", 1.0, "reviewer said so", "reviewer"),
        IdentityJudgement(b, c, "same", 1.0, "reviewer said so", "reviewer"),
        IdentityJudgement(a, c, "unsure", 0.5, "later", "reviewer"),
    ])
    within = store.judgements_among({a, b}, reviewers_only=True)
    assert [(j.left, j.right, j.verdict) for j in within] == [(a, b, "different")]
    everything = store.judgements_among({a, b, c})
    assert [j.reason for j in everything] == ["machine", "reviewer said so", "reviewer said so", "later"]


def test_migration_0003_goes_down_and_up_again(store):
    from alembic import command
    from alembic.config import Config

    from chronicle.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))

    def run(step, target):
        with store.engine.begin() as connection:
            cfg.attributes["connection"] = connection
            step(cfg, target)

    run(command.downgrade, "0002")
    tables = set(inspect(store.engine).get_table_names())
    assert not {"story_index", "story_terms", "story_postings", "story_profiles"} & tables
    assert "ix_entity_keys_key" in {i["name"] for i in inspect(store.engine).get_indexes("entity_keys")}
    run(command.upgrade, "head")
    assert {"story_index", "story_postings"} <= set(inspect(store.engine).get_table_names())
    assert "ix_judgement_right" in {i["name"] for i in inspect(store.engine).get_indexes("identity_judgements")}
