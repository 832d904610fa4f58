"""Lemma repair, the ontology's PLOVER table, and the event scorers."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from chronicle.evaluate.events import PLOVER_COVERED, PLOVER_OF, evaluate_dev, main_event, plover_label
from chronicle.evaluate.events import annotate_and_extract
from chronicle.extract import lexicon as lx
from chronicle.extract.ontology import APPEAL_OUTCOMES, EVENT_TYPES, PROTEST_FORMS, ROLES, STATUSES, plover_of_mention
from chronicle.extract.syntax import _lemma

DEV = Path(__file__).resolve().parents[1] / "data" / "events_dev.yaml"
CONTRACT_TYPES = {"arrest", "detention", "search", "charge", "hearing", "sentence", "acquittal", "appeal",
                  "hunger_strike", "release", "protest", "strike", "letter", "statement", "ban"}


# ------------------------------------------------------------ lemma repair


@pytest.mark.parametrize(
    ("word", "model_lemma", "pos", "expected"),
    [("fined", "fin", "VERB", "fine"), ("staged", "stag", "VERB", "stage"), ("stopped", "stopp", "VERB", "stop"),
     ("detained", "detain", "VERB", "detain"), ("protests", "protests", "NOUN", "protest")],
)
def test_lemma_repair(word, model_lemma, pos, expected):
    assert _lemma(word, model_lemma, pos) == expected


DOUBLING = {"ban", "acquit"}  # "banned", "acquitted"


def inflect(verb: str, suffix: str) -> str:
    """Regular English inflection, written out here independently of the code under test."""
    if verb in DOUBLING and suffix in ("ed", "ing"):
        return verb + verb[-1] + suffix
    if verb.endswith("y") and suffix in ("ed", "s"):
        return verb[:-1] + ("ied" if suffix == "ed" else "ies")
    if verb.endswith("e") and suffix in ("ed", "ing"):
        return verb[:-1] + suffix
    if verb.endswith(("ch", "sh", "s", "x")) and suffix == "s":
        return verb + "es"
    return verb + suffix


@given(st.sampled_from(sorted(w for w in lx.VERB_TRIGGERS if w.isalpha())), st.sampled_from(["ed", "s", "ing"]))
def test_inflected_trigger_verbs_lead_back_to_their_lemma(verb, suffix):
    """Whatever the model's lemmatiser makes of it ("fin" for "fined"), a
    regular inflection of a trigger verb is recognised as that verb."""
    word = inflect(verb, suffix)
    assert _lemma(word, word[:-1], "VERB") == verb


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_lemma_of_unknown_words_keeps_the_model_lemma(word):
    """Repair only ever maps onto lexicon words; anything else is left alone."""
    lemma = _lemma(word, word, "NOUN")
    assert lemma == word or lemma in lx.known_words()


# ---------------------------------------------------------------- ontology


def test_ontology_covers_the_contract():
    assert set(EVENT_TYPES) == CONTRACT_TYPES
    assert STATUSES == ("occurred", "expected", "alleged", "denied", "disputed")
    assert set(ROLES) == {"subject", "agent", "organiser", "participant", "addressee", "about", "court"}
    assert set(PROTEST_FORMS) == {"picket", "demonstration", "rally", "march", "sit-in"}
    assert set(APPEAL_OUTCOMES) == {"rejected", "granted", "partly"}
    assert all(t.cameo.isdigit() for t in EVENT_TYPES.values())


def test_plover_scoring_table_is_the_ontology_restricted_to_covered_types():
    for name, plover in PLOVER_OF.items():
        assert EVENT_TYPES[name].plover == plover in PLOVER_COVERED
    uncovered = {name for name, t in EVENT_TYPES.items() if t.plover not in PLOVER_COVERED}
    assert uncovered == {"statement"}  # SUPPORT
    assert set(PLOVER_OF) | uncovered == set(EVENT_TYPES)


def test_decided_appeal_is_not_a_request():
    assert plover_of_mention("appeal", {"stage": "filed"}) == "REQUEST"
    assert plover_of_mention("appeal", {"stage": "decided", "outcome": "rejected"}) is None


# ----------------------------------------------------------------- scorers


def test_main_event_is_the_sentence_predicate(nlp):
    text = "The authorities freed the blogger Arman Sultan, who was arrested last week."
    _, mentions = annotate_and_extract(text, nlp)
    main = main_event(mentions, nlp(text))
    assert main is not None and main.type == "release"
    assert plover_label(main) == "YIELD"


@pytest.mark.parametrize(
    "text",
    [
        "The minister condemned the protest outside parliament in Bishkek on Monday.",
        "The court lifted its ban on the Free Voice party.",
        "Deputies demanded the release of the journalist Aidos Sadyk.",
    ],
)
def test_no_main_event_when_the_predicate_is_not_ours(nlp, text):
    _, mentions = annotate_and_extract(text, nlp)
    assert main_event(mentions, nlp(text)) is None


def test_dev_set_precision(nlp):
    scores = evaluate_dev(DEV, nlp)
    assert scores["precision"] >= 0.90
    assert all(t in CONTRACT_TYPES for t in scores["per_type"])


def test_documented_table_matches_the_ontology():
    """docs/ontology.md shows each type's PLOVER type, mode and CAMEO code."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "ontology.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 8 and cells[0] in EVENT_TYPES:
            rows[cells[0]] = (cells[5], cells[6] or None, cells[7])
    assert rows == {name: (t.plover, t.plover_mode, t.cameo) for name, t in EVENT_TYPES.items()}
