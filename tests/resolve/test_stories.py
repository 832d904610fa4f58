"""Story clustering and incremental assignment on documents we wrote, plus the ECB+ reader.

The ECB+ smoke tests skip when the shared benchmark folder is absent.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from chronicle.evaluate.ecb import read_corpus, read_document, read_selected_sentences
from chronicle.resolve.stories import (
    DEFAULT_PARAMS,
    StoryDocument,
    assign_story,
    cluster_stories,
    date_factor,
    first_order_similarity,
    index_stories,
)

ECB = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "coref-ecbplus"

# Three stories, written for these tests: an activist's arrest (three reports
# worded differently), a teachers' strike (two reports), a flood (one report).
ARREST = [
    StoryDocument(
        "arrest-1",
        "Police in Almaty detained the activist Dana Serik on Tuesday.\n"
        "Serik was taken from her home and charged with organising an unsanctioned rally. "
        "Her lawyer said the charges against Dana Serik were political.",
        frozenset({"Dana Serik", "Almaty"}),
        "2023-03-14",
    ),
    StoryDocument(
        "arrest-2",
        "Activist Dana Serik arrested in Almaty.\n"
        "The activist was detained by police on Tuesday and faces charges of organising an unsanctioned rally, "
        "according to her lawyer, who called the case political.",
        frozenset({"Dana Serik", "Almaty"}),
        "2023-03-15",
    ),
    StoryDocument(
        "arrest-3",
        "Almaty court remands Dana Serik.\n"
        "A court in Almaty ordered the activist Dana Serik held for two months after police detained her "
        "on Tuesday over an unsanctioned rally; her lawyer said she would appeal.",
        frozenset({"Dana Serik", "Almaty"}),
        "2023-03-17",
    ),
]
STRIKE = [
    StoryDocument(
        "strike-1",
        "Teachers in Porto Velho walked out on Monday, demanding unpaid wages.\n"
        "The union said 4,000 teachers joined the strike and schools across the city were closed.",
        frozenset({"Porto Velho"}),
        "2023-05-08",
    ),
    StoryDocument(
        "strike-2",
        "Schools closed in Porto Velho as teachers strike over unpaid wages.\n"
        "About 4,000 teachers stayed away from classrooms on Monday, the union said, and the strike will go on.",
        frozenset({"Porto Velho"}),
        "2023-05-09",
    ),
]
FLOOD = [
    StoryDocument(
        "flood-1",
        "Heavy rain flooded the lower town of Grevena overnight, and firefighters rescued twelve residents "
        "from rooftops. The river burst its banks after three days of storms.",
        frozenset({"Grevena"}),
        "2023-09-02",
    ),
]
ALL = ARREST + STRIKE + FLOOD


def as_sets(groups):
    return {frozenset(g) for g in groups}


def test_cluster_stories_groups_reports_of_the_same_story():
    groups = cluster_stories(ALL)
    assert as_sets(groups) == {
        frozenset(d.key for d in ARREST),
        frozenset(d.key for d in STRIKE),
        frozenset(d.key for d in FLOOD),
    }


def test_cluster_stories_result_is_ordered_by_first_document():
    groups = cluster_stories(ALL)
    assert groups[0][0] == "arrest-1"
    assert [key for group in groups for key in group][0] == ALL[0].key


def test_cluster_stories_edge_cases():
    assert cluster_stories([]) == []
    assert cluster_stories([FLOOD[0]]) == [["flood-1"]]
    with pytest.raises(ValueError):
        cluster_stories([FLOOD[0], FLOOD[0]])


def test_a_higher_threshold_never_merges_more():
    loose = cluster_stories(ALL, threshold=0.02)
    strict = cluster_stories(ALL, threshold=0.6)
    assert len(strict) >= len(loose)
    # every strict group sits inside one loose group (the cut is hierarchical)
    for group in strict:
        assert any(set(group) <= set(other) for other in loose)


def test_date_factor_damps_only_large_gaps():
    assert date_factor(None) == 1.0
    assert date_factor(0) == 1.0
    assert date_factor(DEFAULT_PARAMS.date_grace_days) == 1.0
    assert date_factor(-10) == date_factor(10)
    mid = date_factor((DEFAULT_PARAMS.date_grace_days + DEFAULT_PARAMS.date_full_days) / 2)
    assert DEFAULT_PARAMS.date_min_factor < mid < 1.0
    assert date_factor(DEFAULT_PARAMS.date_full_days) == pytest.approx(DEFAULT_PARAMS.date_min_factor)
    assert date_factor(10 * DEFAULT_PARAMS.date_full_days) == pytest.approx(DEFAULT_PARAMS.date_min_factor)


def test_publication_dates_lower_similarity_of_distant_reports():
    later = StoryDocument(ARREST[1].key, ARREST[1].text, ARREST[1].entities, "2025-06-01")
    undated = first_order_similarity([ARREST[0], StoryDocument(later.key, later.text, later.entities)])
    dated = first_order_similarity([ARREST[0], later])
    assert dated[0, 1] == pytest.approx(undated[0, 1] * DEFAULT_PARAMS.date_min_factor)


def test_first_order_similarity_is_symmetric_with_unit_diagonal():
    sim = first_order_similarity(ALL)
    assert np.allclose(sim, sim.T)
    assert np.allclose(np.diag(sim), 1.0)
    arrest_pair = sim[0, 1]
    across = sim[0, 3]
    assert arrest_pair > across


def test_assign_story_places_new_reports():
    groups = cluster_stories(ALL)
    index = index_stories(ALL, groups)
    follow_up = StoryDocument(
        "arrest-4",
        "Dana Serik, the activist detained in Almaty on Tuesday, lost her appeal; her lawyer said the rally "
        "charges were political.",
        frozenset({"Dana Serik", "Almaty"}),
        "2023-03-20",
    )
    unrelated = StoryDocument(
        "budget-1",
        "The finance ministry published next year's budget, with more spending on railways and hospitals.",
        frozenset({"finance ministry"}),
        "2023-10-01",
    )
    assert assign_story(follow_up, index) == "arrest-1"
    assert assign_story(unrelated, index) is None


def test_with_document_returns_a_new_index():
    groups = cluster_stories(ALL)
    index = index_stories(ALL, groups)
    extra = StoryDocument("strike-3", "Teachers in Porto Velho strike for a second week over unpaid wages.")
    updated = index.with_document("strike-1", extra)
    sizes = {s.key: s.size for s in index.stories}
    new_sizes = {s.key: s.size for s in updated.stories}
    assert new_sizes["strike-1"] == sizes["strike-1"] + 1
    assert {k: v for k, v in new_sizes.items() if k != "strike-1"} == {
        k: v for k, v in sizes.items() if k != "strike-1"
    }
    assert {s.key: s.size for s in index.stories} == sizes  # the old index is untouched
    alone = updated.with_document(None, FLOOD[0])
    assert len(alone.stories) == len(updated.stories) + 1


def test_centroid_similarity_is_average_link_similarity():
    """For a one-document story, assign_story's score is batch first-order similarity."""
    docs = [StoryDocument(d.key, d.text, d.entities) for d in ALL]  # no dates
    groups = [[d.key] for d in docs]
    index = index_stories(docs, groups)
    sim = first_order_similarity(docs)
    from chronicle.resolve.stories import _centroid_similarity

    vectors = index.vectors(docs[0])
    for j, story in enumerate(index.stories[1:], start=1):  # the batch diagonal is 1 by convention
        assert _centroid_similarity(index, vectors, story) == pytest.approx(sim[0, j], abs=1e-9)
    assert _centroid_similarity(index, vectors, index.stories[0]) <= 1.0 + 1e-9


words = st.sampled_from(
    "police court activist strike teachers flood rain wages rally lawyer charge river appeal union".split()
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(words, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=8))
def test_cluster_stories_returns_a_partition(texts):
    docs = [StoryDocument(f"d{i}", text) for i, text in enumerate(texts)]
    groups = cluster_stories(docs)
    flat = [key for group in groups for key in group]
    assert sorted(flat) == sorted(d.key for d in docs)
    assert all(groups)
    assert cluster_stories(docs) == groups  # deterministic


# ------------------------------------------------------------------ ECB+ reader

MINI = """<Document doc_name="9_1ecbplus.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">http</token>
<token t_id="2" sentence="0" number="1">:</token>
<token t_id="3" sentence="1" number="0">Ana</token>
<token t_id="4" sentence="1" number="1">was</token>
<token t_id="5" sentence="1" number="2">detained</token>
<token t_id="6" sentence="1" number="3">today</token>
<token t_id="7" sentence="2" number="0">The</token>
<token t_id="8" sentence="2" number="1">arrest</token>
<token t_id="9" sentence="2" number="2">angered</token>
<token t_id="10" sentence="2" number="3">her</token>
<Markables>
<HUMAN_PART_PER m_id="1"><token_anchor t_id="3"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="5"/></ACTION_OCCURRENCE>
<TIME_DATE m_id="3"><token_anchor t_id="6"/></TIME_DATE>
<ACTION_OCCURRENCE m_id="4"><token_anchor t_id="8"/></ACTION_OCCURRENCE>
<ACTION_STATE m_id="5"><token_anchor t_id="9"/></ACTION_STATE>
<HUMAN_PART_PER m_id="6"><token_anchor t_id="10"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="7" RELATED_TO="" TAG_DESCRIPTOR="ana_detained" instance_id="ACT123"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT123"><source m_id="2"/><source m_id="4"/><target m_id="7"/></CROSS_DOC_COREF>
<INTRA_DOC_COREF r_id="2"><source m_id="1"/><source m_id="6"/><target m_id="8"/></INTRA_DOC_COREF>
</Relations>
</Document>
"""


def test_read_document_on_a_handwritten_file(tmp_path):
    path = tmp_path / "9_1ecbplus.xml"
    path.write_text(MINI, encoding="utf-8")
    doc = read_document(path)
    assert (doc.topic, doc.subtopic, doc.story) == (9, 2, "9_ecbplus")
    assert len(doc.tokens) == 10
    assert doc.text() == "Ana was detained today\nThe arrest angered her"  # URL line dropped
    by_id = {m.m_id: m for m in doc.mentions}
    assert 7 not in by_id  # the unanchored instance is not a mention
    assert by_id[2].chain == by_id[4].chain == "ACT123"
    assert by_id[1].chain == by_id[6].chain != by_id[2].chain
    assert by_id[5].chain == "9_1ecbplus:s5"  # singleton
    assert [m.m_id for m in doc.mentions if m.is_event] == [2, 4, 5]
    assert by_id[3].kind == "time" and by_id[1].kind == "participant"
    assert by_id[4].sentence == 2 and by_id[4].text == "arrest"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(st.text("abcdefghij", min_size=1, max_size=6), min_size=1, max_size=5), min_size=1, max_size=4
    )
)
def test_read_document_round_trips_tokens(tmp_path_factory, sentences):
    lines = ['<Document doc_name="3_2ecb.xml" doc_id="Y">']
    t_id = 0
    for s, sentence in enumerate(sentences):
        for n, word in enumerate(sentence):
            t_id += 1
            lines.append(f'<token t_id="{t_id}" sentence="{s}" number="{n}">{word}</token>')
    lines.append('<Markables>\n<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="1"/></ACTION_OCCURRENCE>\n</Markables>')
    lines.append("</Document>")
    path = tmp_path_factory.mktemp("ecb") / "3_2ecb.xml"
    path.write_text("\n".join(lines), encoding="utf-8")
    doc = read_document(path)
    assert doc.text() == "\n".join(" ".join(s) for s in sentences)  # ecb files keep sentence 0
    assert doc.mentions[0].text == sentences[0][0]
    assert doc.story == "3_ecb"


@pytest.fixture(scope="module")
def ecb_docs():
    if not (ECB / "ECB+").is_dir():
        pytest.skip(f"{ECB} is not here: the shared evaluation data sits beside the repository")
    return read_corpus(ECB)


def test_ecb_reader_finds_topics_documents_and_mentions(ecb_docs):
    assert len({d.topic for d in ecb_docs}) == 33  # topics 1-35 less 15 and 17
    assert {15, 17}.isdisjoint({d.topic for d in ecb_docs})
    assert len(ecb_docs) == 772
    assert len({d.story for d in ecb_docs}) == 66
    selected = read_selected_sentences(ECB)
    events = [m for d in ecb_docs for m in d.mentions if m.is_event and m.sentence in selected.get(d.name, ())]
    assert len(events) == 5053  # the usual count of gold event mentions for these topics
    assert all(not d.text().startswith("http") for d in ecb_docs)
