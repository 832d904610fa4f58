"""Case files and derived facts."""
from __future__ import annotations

import datetime as dt

from chronicle.records import Conflict, ConflictValue, FusedEvent, PartialDate
from chronicle.resolve.cases import case_file, derive_facts

PERSON = 7


def event(etype, date=None, mentions=(1,), attributes=(), conflicts=(), role="subject"):
    return FusedEvent(
        type=etype,
        status="occurred",
        date=PartialDate(date, "day") if date else PartialDate.unknown(),
        place=None,
        participants=((role, PERSON),),
        attributes=attributes,
        mentions=mentions,
        conflicts=conflicts,
    )


def test_term_and_release_date_derive_the_start_of_detention():
    sentence = event("sentence", mentions=(1, 2), conflicts=(
        Conflict("term", (ConflictValue("P14D", (1,)), ConflictValue("P15D", (2,)))),))
    release = event("release", "2010-05-12", mentions=(3,))
    derived = dict(derive_facts([sentence, release])[0].derived)
    assert derived["detention_start"] == "2010-04-27/2010-04-28"
    assert "P14D or P15D" in derived["detention_start_derived_from"]
    assert "2010-05-12" in derived["detention_start_derived_from"]


def test_a_term_that_does_not_fit_the_dates_is_a_conflict():
    sentence = event("sentence", attributes=(("term", "P15D"),), mentions=(1,))
    arrest = event("arrest", "2021-03-02", mentions=(2,))
    release = event("release", "2021-03-30", mentions=(3,))
    checked = derive_facts([sentence, arrest, release])[0]
    (conflict,) = [c for c in checked.conflicts if c.field == "term_vs_dates"]
    assert conflict.values[0].value == "P15D"
    assert conflict.values[1].value.startswith("P28D")


def test_a_fitting_term_raises_nothing():
    sentence = event("sentence", attributes=(("term", "P15D"),))
    arrest = event("arrest", "2021-03-02", mentions=(2,))
    release = event("release", "2021-03-17", mentions=(3,))
    assert derive_facts([sentence, arrest, release])[0].conflicts == ()


def test_case_file_orders_the_chain_and_separates_solidarity():
    events = {
        1: event("release", "2021-03-17"),
        2: event("arrest", "2021-03-02"),
        3: event("sentence"),
        4: event("protest", "2021-03-06", role="about"),
    }
    case = case_file(PERSON, events)
    assert [e.type for e in case.entries] == ["arrest", "release", "sentence"]
    assert case.entries[0].date_start == dt.date(2021, 3, 2)
    assert [e.event for e in case.solidarity] == [4]
