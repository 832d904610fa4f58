"""Event extraction on sentences written for these tests."""
from __future__ import annotations

import pytest

from chronicle.evaluate.events import extract_from_text


def events(nlp, text, published="2021-03-12"):
    return extract_from_text(text, nlp, published)


def by_type(found, etype):
    return [e for e in found if e.type == etype]


def subjects(event):
    return {p.span.text for p in event.participants if p.role in ("subject", "organiser")}


def test_passive_arrest_with_date_and_place(nlp):
    (arrest,) = by_type(events(nlp, "Mirlan Osmonov was arrested in Bishkek on 9 March."), "arrest")
    assert subjects(arrest) == {"Mirlan Osmonov"}
    assert arrest.status == "occurred"
    assert (arrest.date.value, arrest.date.precision) == ("2021-03-09", "day")
    assert arrest.sentence.text.startswith("Mirlan Osmonov was arrested")


def test_conjunction_gives_one_event_per_verb_with_the_shared_subject(nlp):
    found = events(nlp, "Dana Ospanova was arrested, charged with hooliganism and sentenced to 15 days in jail.")
    types = {e.type for e in found}
    assert {"arrest", "charge", "sentence"} <= types
    for etype in ("arrest", "charge", "sentence"):
        assert all(subjects(e) == {"Dana Ospanova"} for e in by_type(found, etype))
    (sentence,) = by_type(found, "sentence")
    assert sentence.attribute("term") == "P15D"
    assert by_type(found, "charge")[0].attribute("charge") == "hooliganism"


def test_future_tense_is_expected(nlp):
    (release,) = by_type(events(nlp, "Ruslan Tokayev will be released on March 20."), "release")
    assert release.status == "expected"
    assert release.date.value == "2021-03-20"


def test_negated_event_is_denied(nlp):
    (arrest,) = by_type(events(nlp, "Police said that Aigerim Nurlanova was not arrested."), "arrest")
    assert arrest.status == "denied"


def test_negated_role_keeps_the_event_but_not_the_role(nlp):
    found = events(nlp, "Marat Ospanov was not organising the rally in Shymkent on 2 March.")
    rallies = by_type(found, "protest")
    assert all("Marat Ospanov" not in subjects(e) for e in rallies)


def test_demanded_release_is_not_a_release(nlp):
    found = events(nlp, "The deputies urged the government to release Olga Petrenko immediately.")
    assert by_type(found, "release") == []


def test_purpose_protest_is_not_an_event(nlp):
    found = events(nlp, "Anna Petrova went on hunger strike in protest at her detention.")
    assert [subjects(e) for e in by_type(found, "hunger_strike")] == [{"Anna Petrova"}]
    assert by_type(found, "protest") == []


def test_gapped_release_dates(nlp):
    found = by_type(events(nlp, "Anna Lisova will be released on March 14, Pavel Grek on March 16."), "release")
    assert {(next(iter(subjects(e))), e.date.value) for e in found} == {("Anna Lisova", "2021-03-14"), ("Pavel Grek", "2021-03-16")}


def test_picket_with_place_and_organiser(nlp):
    (picket,) = by_type(events(nlp, "On 4 March, a picket was held in Vienna by Amnesty International."), "protest")
    assert picket.attribute("form") == "picket"
    assert picket.date.value == "2021-03-04"
    assert picket.place is not None


@pytest.mark.parametrize(
    "text",
    [
        "The stock market rallied on Friday.",
        "She was charged with the task of rebuilding the library.",
        "A protest movement formed in the spring.",
        "The company released a statement on Monday.",
    ],
)
def test_sentences_without_events(nlp, text):
    assert events(nlp, text) == []


def test_evidence_offsets_quote_the_text(nlp):
    text = "Critics say the trial was a sham. Igor Sych was sentenced to three years in prison on 1 March."
    (sentence,) = by_type(events(nlp, text), "sentence")
    assert text[sentence.sentence.start:sentence.sentence.end] == sentence.sentence.text
    assert text[sentence.trigger.start:sentence.trigger.end] == sentence.trigger.text
    for p in sentence.participants:
        assert text[p.span.start:p.span.end] == p.span.text
    assert sentence.attribute("term") == "P3Y"
