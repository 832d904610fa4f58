"""Trigger-lemma morphology for event coreference, on words and sentences we wrote.

The repairs must join what the lemmatiser split ("dispersal"/"dispersed",
"#Protest"/"protest") and must never invent a word the story does not use.
"""
from __future__ import annotations

from hypothesis import given, strategies as st

from chronicle.resolve.coreference import (
    DERIVATIONS,
    FEATURE_NAMES,
    LIGHT_VERBS,
    SYNONYM_CLASSES,
    EventMentionFeatures,
    clean_lemma,
    cluster_event_mentions,
    construction_lemma,
    derivational_candidates,
    normalise_lemma,
    story_pairs,
)

# ------------------------------------------------------------------ cleaning


def test_clean_lemma_drops_marks_hyphens_and_british_spelling():
    assert clean_lemma("#Protests") == "protests"
    assert clean_lemma('"riot"') == "riot"
    assert clean_lemma("Awards®") == "awards"
    assert clean_lemma("sit-in") == "sitin"
    assert clean_lemma("organise") == clean_lemma("organize") == "organize"
    assert clean_lemma("criticised") == "criticized"
    assert clean_lemma("rise") == "rise"  # too short to be an -ise spelling
    assert clean_lemma("---") == "---"  # nothing but marks: kept rather than emptied


def test_the_word_tables_are_already_clean():
    # The tables are looked up with cleaned lemmas, so a table word that
    # cleaning changed (an -ise spelling, a hyphen) could never match.
    table = set().union(*SYNONYM_CLASSES) | set(DERIVATIONS) | set(DERIVATIONS.values()) | set(LIGHT_VERBS)
    assert {w for w in table if clean_lemma(w) != w} == set()


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCZ-#'\" .", max_size=24)


@given(words)
def test_clean_lemma_is_idempotent_and_lower_case(text):
    once = clean_lemma(text)
    assert clean_lemma(once) == once
    assert once == once.lower()
    assert "  " not in once and once == once.strip()


# -------------------------------------------------------------- derivations


def test_derivational_candidates_propose_the_verb():
    assert "negotiate" in derivational_candidates("negotiation")
    assert "decide" in derivational_candidates("decision")
    assert "stop" in derivational_candidates("stoppage")
    assert "fail" in derivational_candidates("failure")
    assert "appear" in derivational_candidates("appearance")
    assert "disperse" in derivational_candidates("dispersal")
    assert "detain" in derivational_candidates("detention")
    assert "attend" in derivational_candidates("attention")
    assert "admit" in derivational_candidates("admission")
    assert derivational_candidates("trial") == []  # a three-letter stem is too short to trust
    assert derivational_candidates("arrest") == []


def test_normalise_lemma_takes_a_derivation_only_when_the_story_uses_the_verb():
    story = frozenset({"negotiate", "disperse", "disrupt", "stop"})
    assert normalise_lemma("negotiations", story) == "negotiate"
    assert normalise_lemma("dispersal", story) == "disperse"
    assert normalise_lemma("disruption", story) == "disrupt"
    assert normalise_lemma("stoppage", story) == "stop"
    assert normalise_lemma("dispersal") == "dispersal"  # no evidence: left alone
    assert normalise_lemma("final", frozenset({"fine"})) == "final"


def test_a_second_arrest_is_not_the_arrest():
    assert normalise_lemma("re-arrest", frozenset({"arrest"})) != "arrest"
    assert normalise_lemma("rearrested", frozenset({"arrest"})) != "arrest"


def test_the_written_trigger_repairs_a_damaged_lemma():
    story = frozenset({"arrest", "die", "fire"})
    assert normalise_lemma("areste", story, surface="arrested") == "arrest"
    assert normalise_lemma("dy", story, surface="Dies") == "die"
    assert normalise_lemma("fir", story, surface="firing") == "fire"
    # A sound lemma is not second-guessed by its surface form.
    assert normalise_lemma("leave", story, surface="left") == "leave"
    assert normalise_lemma("say", story, surface="said") == "say"


lemmas = st.text(alphabet="abcdefghijklmnoprstuy-#", min_size=1, max_size=14)


@given(lemmas, st.frozensets(lemmas, max_size=6), st.text(alphabet="abcdefghilnorsty -", max_size=20))
def test_normalise_lemma_never_invents_a_word(lemma, known, surface):
    out = normalise_lemma(lemma, known, surface)
    assert out in {clean_lemma(lemma)} | set(known) | set(DERIVATIONS.values())


# ---------------------------------------------------------- constructions


def test_light_verb_constructions_keep_their_complement():
    assert construction_lemma("take", "took place") == "take place"
    assert construction_lemma("take", "taking over") == "take over"
    assert construction_lemma("take", "took place") != construction_lemma("take", "took over")
    assert construction_lemma("set", "record - setting") == "set record"
    assert construction_lemma("take", "took") == "take"  # one word: nothing to add
    assert construction_lemma("arrest", "arrested on") == "arrest"  # not a light verb
    assert "take" in LIGHT_VERBS


# --------------------------------------------------------------- in use


def _mention(key, doc, trigger, lemma, sentence, participants=(), times=(), locations=()):
    return EventMentionFeatures(
        key=key, doc=doc, trigger=trigger, lemma=lemma, sentence=sentence, story="S",
        participants=frozenset(participants), times=frozenset(times), locations=frozenset(locations),
    )


# One rally broken up, told by two reports (one with a noun, one with the
# verb), and a separate march the next day.
DISPERSAL = [
    _mention("r1", "d1", "dispersal", "dispersal",
             "Witnesses described the dispersal of the rally on Lenin Square on Saturday .",
             ["the rally"], ["on Saturday"], ["Lenin Square"]),
    _mention("r2", "d2", "dispersed", "disperse",
             "Riot police dispersed the rally on Lenin Square on Saturday .",
             ["Riot police", "the rally"], ["on Saturday"], ["Lenin Square"]),
    _mention("r3", "d2", "marched", "march",
             "On Sunday about 200 pensioners marched to the parliament .",
             ["about 200 pensioners"], ["On Sunday"], ["the parliament"]),
]


def test_a_nominalisation_and_its_verb_share_a_lemma():
    _, pairs, features = story_pairs(DISPERSAL)
    row = dict(zip(pairs, features.tolist()))[(0, 1)]
    assert row[FEATURE_NAMES.index("same_lemma")] == 1.0


def test_a_nominalisation_and_its_verb_are_one_event():
    clusters = {frozenset(c) for c in cluster_event_mentions(DISPERSAL)}
    assert frozenset({"r1", "r2"}) in clusters
    assert frozenset({"r3"}) in clusters
