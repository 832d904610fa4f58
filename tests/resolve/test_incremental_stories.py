"""Placing documents through a persisted story index (``place_document``)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from chronicle.resolve.stories import (
    MemoryStoryIndex,
    StoryDocument,
    assign_story,
    build_story_index,
    cluster_stories,
    index_stories,
    index_terms,
    place_document,
)

REPORTS = [
    StoryDocument("court-1", "A court in Karaganda jailed the blogger Timur Sadykov for ten days after the rally on Friday.",
                  frozenset({"Timur Sadykov", "Karaganda"}), "2022-05-14"),
    StoryDocument("court-2", "Blogger Timur Sadykov was jailed for ten days by a Karaganda court; his wife said he would appeal.",
                  frozenset({"Timur Sadykov", "Karaganda"}), "2022-05-15"),
    StoryDocument("court-3", "Sadykov's appeal against the ten-day jail term was rejected by the regional court in Karaganda.",
                  frozenset({"Sadykov", "Karaganda"}), "2022-05-30"),
    StoryDocument("miners-1", "Miners at the Zhezkazgan copper pits stopped work demanding a wage rise of 40 percent.",
                  frozenset({"Zhezkazgan"}), "2022-08-02"),
    StoryDocument("miners-2", "The strike at the Zhezkazgan copper mines entered its third day; managers offered 20 percent.",
                  frozenset({"Zhezkazgan"}), "2022-08-04"),
    StoryDocument("library-1", "The city library reopened after repairs, with a new reading room for children.",
                  frozenset(), "2021-01-10"),
]
NEW = [
    StoryDocument("court-4", "Relatives of Timur Sadykov waited outside the Karaganda court as his appeal was heard.",
                  frozenset({"Timur Sadykov", "Karaganda"}), "2022-05-29"),
    StoryDocument("miners-3", "Copper miners in Zhezkazgan ended their strike after a 30 percent rise was agreed.",
                  frozenset({"Zhezkazgan"}), "2022-08-09"),
    StoryDocument("ferry-1", "A ferry between the two islands ran aground in fog; no passengers were hurt.",
                  frozenset(), "2020-11-03"),
]
UNLIMITED = {"budget": 10**9, "shortlist": 10**9}


def test_built_index_holds_the_centroids_index_stories_computes():
    groups = cluster_stories(REPORTS)
    reference = index_stories(REPORTS, groups)
    built = build_story_index(REPORTS, groups)
    assert built.documents == len(REPORTS)
    for story in reference.stories:
        size, _, _ = built.shapes[story.key]
        assert size == story.size
        for view, centroid in story.centroids.items():
            for term, weight in centroid.items():
                assert built.postings[(view, term)][story.key] / size == pytest.approx(weight, abs=1e-12)


def test_document_frequencies_count_documents_not_occurrences():
    doc = StoryDocument("d", "Strike, strike and strike again.", frozenset())
    built = build_story_index([doc], [["d"]])
    assert built.df[("text", "strike")] == 1
    assert built.story_views() == {"text", "lead"}


def test_placing_follows_assign_story_and_the_date_range():
    groups = cluster_stories(REPORTS)
    reference = index_stories(REPORTS, groups)
    built = build_story_index(REPORTS, groups)
    for doc in NEW:
        assert place_document(doc, built).story == assign_story(doc, reference)
    assert place_document(NEW[0], built).story == "court-1"
    assert place_document(NEW[2], built).story is None


def test_a_placed_document_is_counted_and_its_story_grows():
    groups = cluster_stories(REPORTS)
    built = build_story_index(REPORTS, groups)
    placement = place_document(NEW[1], built)
    key = built.add(placement, NEW[1].key)
    assert key == "miners-1"
    assert built.documents == len(REPORTS) + 1
    assert built.shapes[key] == (3, "2022-08-02", "2022-08-09")
    everything = build_story_index([*REPORTS, NEW[1]], [])  # document frequencies only
    for term in {(v, t) for v, bag in index_terms(NEW[1]).items() for t in bag}:
        assert built.df[term] == everything.df[term]
    alone = built.add(place_document(NEW[2], built), NEW[2].key)
    assert alone == "ferry-1" and built.shapes[alone][0] == 1


def test_a_document_sharing_only_common_words_is_not_read_against_every_story():
    """With a budget below the common words' frequencies, only stories that
    share a rarer term are candidates: here there are none."""
    docs = [StoryDocument(f"d{i}", f"Police detained protesters in town number {i} on Monday.", frozenset()) for i in range(6)]
    built = build_story_index(docs, [[d.key] for d in docs])
    newcomer = StoryDocument("x", "Police detained protesters on Monday.", frozenset())
    assert place_document(newcomer, built, **UNLIMITED).story is not None
    assert place_document(newcomer, built, budget=5).story is None


class Spy(MemoryStoryIndex):
    """Counts the postings rows a placement reads."""

    read = 0

    def story_postings(self, terms):
        found = super().story_postings(terms)
        self.read += sum(len(v) for v in found.values())
        return found


def test_postings_read_stay_within_the_budget():
    docs = [StoryDocument(f"d{i}", f"Police detained {i} protesters at the square on Monday.", frozenset()) for i in range(40)]
    built = build_story_index(docs, [[d.key] for d in docs])
    spy = Spy(built.documents, built.df, built.postings, built.shapes, built.views)
    place_document(StoryDocument("x", "Police detained 7 protesters at the square.", frozenset()), spy, budget=50)
    assert 0 < spy.read <= 50


words = st.sampled_from("police court activist strike teachers flood rain wages rally lawyer charge river appeal union 12 40".split())
texts = st.lists(st.lists(words, min_size=1, max_size=10).map(" ".join), min_size=2, max_size=8)


@settings(max_examples=30, deadline=None)
@given(texts, st.lists(words, min_size=1, max_size=10).map(" ".join))
def test_unlimited_placement_is_assign_story(collection, text):
    docs = [StoryDocument(f"d{i}", t) for i, t in enumerate(collection)]
    groups = cluster_stories(docs)
    doc = StoryDocument("new", text)
    assert place_document(doc, build_story_index(docs, groups), **UNLIMITED).story == assign_story(doc, index_stories(docs, groups))
