"""How tense, modality, negation and attribution become a status."""
from __future__ import annotations

import pytest

from chronicle.evaluate.events import extract_from_text


def statuses(nlp, text, etype):
    return [e.status for e in extract_from_text(text, nlp, "2021-04-10") if e.type == etype]


@pytest.mark.parametrize(
    ("text", "etype", "status"),
    [
        ("Officials denied that the blogger Anton Kruglov had been arrested.", "arrest", "denied"),
        ("The ministry denied detaining the reporter Aigerim Sarsen.", "detention", "denied"),
        ("Prison staff denied that Lena Orlova was on hunger strike.", "hunger_strike", "denied"),
        ("Neither Saken Ali nor his brother has been charged.", "charge", "denied"),
        ("Timur Bekov was released without charge on Friday.", "charge", "denied"),
        ("According to his wife, Kairat Nurlanov was detained by plainclothes police.", "detention", "alleged"),
        ("The activist Roza Baimenova was reportedly arrested in Aktau.", "arrest", "alleged"),
        ("A police source said officers would arrest Daniyar Ospan on arrival.", "arrest", "expected"),
        ("Investigators are expected to charge Ruslan Iskakov with fraud.", "charge", "expected"),
        ("The ministry is seeking to ban the Free Voice party.", "ban", "expected"),
        ("The hearing in the case of Arman Zhan was postponed until 3 May.", "hearing", "expected"),
        ("Ivan Gromov's trial has not yet begun.", "hearing", "expected"),
        ("Asel Nurova is to be released on Monday.", "release", "expected"),
    ],
)
def test_status(nlp, text, etype, status):
    assert statuses(nlp, text, etype) == [status]


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Deputies called for the release of Olga Petrenko.", "release"),
        ("The lawyer Zhanna Ibraeva could be arrested any day.", "arrest"),
        ("Her colleagues urged the court to acquit the teacher Dana Sadyk.", "acquittal"),
    ],
)
def test_not_asserted_events_are_left_out(nlp, text, etype):
    assert statuses(nlp, text, etype) == []


def test_negating_an_arrest_does_not_deny_the_march_it_happened_at(nlp):
    text = "The student Lam Wai was not arrested at the march on Sunday."
    assert statuses(nlp, text, "arrest") == ["denied"]
    assert statuses(nlp, text, "protest") in ([], ["occurred"])


def test_calling_a_rally_organises_it(nlp):
    found = [e for e in extract_from_text("Bakyt Osmon called a rally in Osh on Sunday.", nlp, "2021-04-10") if e.type == "protest"]
    assert [e.status for e in found] == ["occurred"]
    assert {p.span.text for p in found[0].participants if p.role == "organiser"} == {"Bakyt Osmon"}
