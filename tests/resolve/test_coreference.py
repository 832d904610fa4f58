"""Coreference metrics on hand-computed examples, and event clustering on mentions we wrote."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from chronicle.evaluate.ecb import b_cubed, ceaf_e, conll, coref_scores, drop_singletons, muc
from chronicle.resolve.coreference import (
    DEFAULT_MODEL,
    FEATURE_NAMES,
    EventMentionFeatures,
    cluster_event_mentions,
    fit_pair_model,
    lemma_baseline,
    normalise_lemma,
    related_lemmas,
    story_pairs,
)

# ------------------------------------------------------------------ metrics

KEY = [{"a", "b", "c"}, {"d", "e"}]
RESPONSE = [{"a", "b"}, {"c", "d", "e"}]


def test_muc_hand_computed():
    # recall: {a,b,c} keeps 1 of 2 links, {d,e} 1 of 1 -> 2/3; precision: {a,b} 1/1, {c,d,e} 1/2 -> 2/3
    s = muc(KEY, RESPONSE)
    assert s.recall == pytest.approx(2 / 3)
    assert s.precision == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)


def test_b_cubed_hand_computed():
    # per mention (P, R): a,b (1, 2/3); c (1/3, 1/3); d,e (2/3, 1) -> both means 11/15
    s = b_cubed(KEY, RESPONSE)
    assert s.precision == pytest.approx(11 / 15)
    assert s.recall == pytest.approx(11 / 15)


def test_ceaf_e_hand_computed():
    # phi4: K1-R1 = 4/5, K2-R2 = 4/5 beats K1-R2 + K2-R1 = 1/3; 1.6 over 2 clusters each side
    s = ceaf_e(KEY, RESPONSE)
    assert s.precision == pytest.approx(0.8)
    assert s.recall == pytest.approx(0.8)


def test_conll_is_the_mean_of_the_three_f1():
    assert conll(KEY, RESPONSE) == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)
    scores = coref_scores(KEY, RESPONSE)
    assert scores["conll_f1"] == pytest.approx(conll(KEY, RESPONSE))
    assert scores["muc"]["f1"] == pytest.approx(2 / 3)


def test_metrics_with_mentions_missing_on_either_side():
    """The example of Pradhan et al. (2014): h and i only in the response, e only in the key."""
    key = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
    response = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]
    m = muc(key, response)
    assert (m.recall, m.precision) == (pytest.approx(2 / 5), pytest.approx(2 / 5))
    b = b_cubed(key, response)
    assert b.recall == pytest.approx((5 / 3 + 5 / 4) / 7)  # sum |K&R|^2/|K| over 7 key mentions
    assert b.precision == pytest.approx((4 / 2 + 2 / 2 + 4 / 4) / 8)
    c = ceaf_e(key, response)
    assert c.recall == pytest.approx(1.3 / 2)  # 4/5 + 1/2 aligned
    assert c.precision == pytest.approx(1.3 / 3)


def test_perfect_and_degenerate_responses():
    assert conll(KEY, KEY) == pytest.approx(1.0)
    singletons = [{m} for c in KEY for m in c]
    assert muc(KEY, singletons).f1 == 0.0
    assert b_cubed(KEY, singletons).precision == 1.0
    assert b_cubed(KEY, singletons).recall == pytest.approx((3 * (1 / 3) + 2 * (1 / 2)) / 5)
    one = [{m for c in KEY for m in c}]
    assert muc(KEY, one).recall == 1.0
    assert muc(KEY, one).precision == pytest.approx(3 / 4)
    with pytest.raises(ValueError):
        muc(KEY, [{"a"}, {"a", "b"}])


def test_drop_singletons():
    key, response = drop_singletons([{"a"}, {"b", "c"}], [{"a", "b"}, {"c"}])
    assert key == [frozenset({"b", "c"})]
    assert response == [frozenset({"a", "b"})]


partitions = st.lists(st.integers(0, 5), min_size=1, max_size=14)


def _clusters(labels):
    out: dict[int, set[int]] = {}
    for mention, label in enumerate(labels):
        out.setdefault(label, set()).add(mention)
    return list(out.values())


@settings(max_examples=60, deadline=None)
@given(partitions, partitions)
def test_ceaf_e_matches_a_dense_hungarian_alignment(a, b):
    from scipy.optimize import linear_sum_assignment

    n = min(len(a), len(b))
    key, response = _clusters(a[:n]), _clusters(b[:n])
    matrix = [[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    best = sum(matrix[r][c] for r, c in zip(rows, cols))
    s = ceaf_e(key, response)
    assert s.recall == pytest.approx(best / len(key))
    assert s.precision == pytest.approx(best / len(response))


@settings(max_examples=60, deadline=None)
@given(partitions, partitions)
def test_metrics_swap_precision_and_recall(a, b):
    n = min(len(a), len(b))
    key, response = _clusters(a[:n]), _clusters(b[:n])
    for metric in (muc, b_cubed, ceaf_e):
        forward, backward = metric(key, response), metric(response, key)
        assert forward.precision == pytest.approx(backward.recall)
        assert 0.0 <= forward.f1 <= 1.0


# ------------------------------------------------------------ normalisation


def test_normalise_lemma():
    assert normalise_lemma("Checks", frozenset({"check"})) == "check"
    assert normalise_lemma("checks") == "checks"  # no evidence in the story
    assert normalise_lemma("shooting") == "shoot"
    assert normalise_lemma("death") == "die"
    assert normalise_lemma("detaining", frozenset({"detain"})) == "detain"
    assert normalise_lemma("  Protest ") == "protest"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=20))
def test_normalise_lemma_is_lower_case_and_single_spaced(text):
    out = normalise_lemma(text)
    assert out == out.lower()
    assert "  " not in out and out == out.strip()


def test_related_lemmas():
    assert related_lemmas("arrest", "detain")
    assert related_lemmas("kill", "murder")
    assert related_lemmas("quake", "earthquake")
    assert not related_lemmas("arrest", "arrest")  # the same lemma is not a synonym pair
    assert not related_lemmas("arrest", "protest")


# ------------------------------------------------------------ clustering


def mention(key, doc, trigger, lemma, sentence, story, participants=(), times=(), locations=()):
    return EventMentionFeatures(
        key=key,
        doc=doc,
        trigger=trigger,
        lemma=lemma,
        sentence=sentence,
        story=story,
        participants=frozenset(participants),
        times=frozenset(times),
        locations=frozenset(locations),
    )


# Story A: one arrest told by three reports, plus a statement and a protest.
# Story B: a different arrest (another activist, another city).
MENTIONS = [
    mention("a1", "d1", "detained", "detain", "Police detained activist Dana Serik in Almaty on Tuesday .", "A",
            ["activist Dana Serik", "Police"], ["Tuesday"], ["Almaty"]),
    mention("a2", "d2", "arrested", "arrest", "Activist Dana Serik was arrested in Almaty on Tuesday .", "A",
            ["Activist Dana Serik"], ["Tuesday"], ["Almaty"]),
    mention("a3", "d3", "arrest", "arrest", "The arrest of Dana Serik in Almaty on Tuesday drew protests .", "A",
            ["Dana Serik"], ["Tuesday"], ["Almaty"]),
    mention("a4", "d3", "protests", "protest", "The arrest of Dana Serik in Almaty on Tuesday drew protests .", "A"),
    mention("a5", "d2", "said", "say", "Her lawyer said the case was political .", "A", ["Her lawyer"]),
    mention("b1", "d4", "arrested", "arrest", "Police arrested the blogger Arman Ospan in Shymkent .", "B",
            ["the blogger Arman Ospan", "Police"], (), ["Shymkent"]),
    mention("b2", "d5", "detention", "detention", "The detention of blogger Arman Ospan in Shymkent was condemned .",
            "B", ["blogger Arman Ospan"], (), ["Shymkent"]),
]


def test_cluster_event_mentions_fuses_one_arrest_across_reports():
    clusters = {frozenset(c) for c in cluster_event_mentions(MENTIONS)}
    assert frozenset({"a1", "a2", "a3"}) in clusters
    assert frozenset({"a4"}) in clusters and frozenset({"a5"}) in clusters
    assert frozenset({"b1", "b2"}) in clusters


def test_stories_keep_similar_events_apart():
    clusters = cluster_event_mentions(MENTIONS)
    for cluster in clusters:
        stories = {m.story for m in MENTIONS if m.key in cluster}
        assert len(stories) == 1


def test_cluster_event_mentions_edge_cases():
    assert cluster_event_mentions([]) == []
    assert cluster_event_mentions(MENTIONS[:1]) == [["a1"]]
    with pytest.raises(ValueError):
        cluster_event_mentions([MENTIONS[0], MENTIONS[0]])


def test_mentions_without_story_share_one_pool():
    from dataclasses import replace

    pooled = [replace(m, story=None) for m in MENTIONS[:3]]
    assert {frozenset(c) for c in cluster_event_mentions(pooled)} == {frozenset({"a1", "a2", "a3"})}


def test_lemma_baseline_groups_by_story_and_lemma():
    clusters = {frozenset(c) for c in lemma_baseline(MENTIONS)}
    assert frozenset({"a2", "a3"}) in clusters  # "arrest" in story A
    assert frozenset({"b1"}) in clusters  # "arrest" in story B stays apart
    assert frozenset({"a1"}) in clusters  # "detain" is another lemma to the baseline


def test_story_pairs_only_pair_within_stories():
    _, pairs, features = story_pairs(MENTIONS)
    assert features.shape == (len(pairs), len(FEATURE_NAMES))
    stories = {i: m.story for i, m in enumerate(MENTIONS)}
    assert all(stories[i] == stories[j] for i, j in pairs)
    assert len(pairs) == 5 * 4 // 2 + 1


def test_default_model_matches_the_features():
    assert len(DEFAULT_MODEL.coefficients) == len(FEATURE_NAMES)
    weights = dict(zip(FEATURE_NAMES, DEFAULT_MODEL.coefficients))
    assert weights["same_lemma"] > 0 and weights["related_lemma"] > 0
    assert weights["same_sentence"] < 0  # two event mentions in one sentence are rarely one event


def test_fit_pair_model_learns_from_labelled_mentions():
    gold = [["a1", "a2", "a3"], ["a4"], ["a5"], ["b1", "b2"]]
    model = fit_pair_model(MENTIONS, gold)
    assert len(model.coefficients) == len(FEATURE_NAMES)
    clusters = {frozenset(c) for c in cluster_event_mentions(MENTIONS, model=model)}
    assert frozenset({"a1", "a2", "a3"}) in clusters
    with pytest.raises(ValueError):
        fit_pair_model(MENTIONS[:2], [["a1", "a2"]])
