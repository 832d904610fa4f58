"""Event fusion on hand-built mentions: one event per real-world event."""
from __future__ import annotations

from hypothesis import given, strategies as st

from chronicle.records import PartialDate, RoleFiller, Span, StoredEventMention
from chronicle.resolve.fusion import duration_days, fuse_events, terms_compatible

SUBJECT_A, SUBJECT_B, PLACE = 1, 2, 3
IDENTITY = {1: 101, 2: 102, 3: 103, 11: 101}  # entity 11 is A again, named in another document


def mention(mid, doc, etype, subject=None, date=None, status="occurred", place=None, **attrs):
    participants = ()
    if subject is not None:
        participants = (RoleFiller("subject", subject, Span(0, 1, "x")),)
    return StoredEventMention(
        id=mid,
        document_id=doc,
        type=etype,
        status=status,
        date=PartialDate(date, "day") if date else PartialDate.unknown(),
        place=place,
        attributes=tuple(sorted(attrs.items())),
        participants=participants,
        sentence=Span(0, 10, f"sentence {mid}"),
        trigger=Span(0, 1, "t"),
    )


def test_two_reports_of_one_release_become_one_event_with_both_sources():
    expected = mention(1, 1, "release", SUBJECT_A, "2010-05-12", status="expected")
    occurred = mention(2, 2, "release", 11, "2010-05-12")
    (event,) = fuse_events([expected, occurred], IDENTITY)
    assert event.mentions == (1, 2)
    assert event.status == "occurred"  # the later report supersedes the announcement
    assert event.date == PartialDate("2010-05-12", "day")


def test_a_disagreeing_term_is_a_conflict_not_a_choice():
    a = mention(1, 1, "sentence", SUBJECT_A, term="P14D")
    b = mention(2, 2, "sentence", 11, term="P15D")
    (event,) = fuse_events([a, b], IDENTITY)
    assert "term" not in dict(event.attributes)
    (conflict,) = event.conflicts
    assert conflict.field == "term"
    assert {(v.value, v.mentions) for v in conflict.values} == {("P14D", (1,)), ("P15D", (2,))}


def test_very_different_terms_are_different_sentences():
    a = mention(1, 1, "sentence", SUBJECT_A, term="P15D")
    b = mention(2, 2, "sentence", 11, term="P3Y")
    assert len(fuse_events([a, b], IDENTITY)) == 2


def test_different_people_are_never_one_event():
    a = mention(1, 1, "release", SUBJECT_A, "2010-05-10")
    b = mention(2, 1, "release", SUBJECT_B, "2010-05-10")
    assert len(fuse_events([a, b], IDENTITY)) == 2


def test_dates_a_few_days_apart_conflict_further_apart_are_two_events():
    near = fuse_events([mention(1, 1, "arrest", SUBJECT_A, "2010-05-01"), mention(2, 2, "arrest", 11, "2010-05-02")], IDENTITY)
    assert len(near) == 1 and near[0].conflicts[0].field == "date"
    assert near[0].date.precision == "range"
    far = fuse_events([mention(1, 1, "arrest", SUBJECT_A, "2010-05-01"), mention(2, 2, "arrest", 11, "2010-09-02")], IDENTITY)
    assert len(far) == 2


def test_undated_mention_joins_the_dated_event():
    dated = mention(1, 1, "appeal", SUBJECT_A, "2010-05-06", stage="heard")
    undated = mention(2, 2, "appeal", 11, stage="decided", outcome="rejected")
    (event,) = fuse_events([dated, undated], IDENTITY)
    assert dict(event.attributes) == {"stage": "decided", "outcome": "rejected"}
    assert event.date.value == "2010-05-06"


def test_occurred_against_denied_is_disputed():
    (event,) = fuse_events([mention(1, 1, "arrest", SUBJECT_A), mention(2, 2, "arrest", 11, status="denied")], IDENTITY)
    assert event.status == "disputed"
    assert event.conflicts[0].field == "status"


def test_protests_fuse_on_date_and_place_only():
    a = mention(1, 1, "protest", date="2010-05-04", place=PLACE, form="picket")
    b = mention(2, 2, "protest", date="2010-05-04", place=PLACE, form="picket")
    c = mention(3, 2, "protest", date="2010-05-05", place=PLACE, form="picket")
    events = fuse_events([a, b, c], IDENTITY)
    assert sorted(e.mentions for e in events) == [(1, 2), (3,)]


def test_two_undated_protests_in_one_report_stay_apart():
    a = mention(1, 1, "protest", place=PLACE)
    b = mention(2, 1, "protest", place=PLACE)
    assert len(fuse_events([a, b], IDENTITY)) == 2


@given(st.integers(1, 400), st.integers(1, 400))
def test_term_compatibility_is_symmetric(a, b):
    assert terms_compatible(f"P{a}D", f"P{b}D") == terms_compatible(f"P{b}D", f"P{a}D")


@given(st.integers(0, 50), st.integers(0, 11), st.integers(0, 30))
def test_duration_days_parses_iso_durations(years, months, days):
    value = "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "") + (f"{days}D" if days else "")
    if value == "P":
        assert duration_days(value) is None
    else:
        assert abs(duration_days(value) - (years * 365 + months * 30.4 + days)) < 1e-6
