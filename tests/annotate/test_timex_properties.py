"""Property tests: the recogniser never fails, spans are exact, normalisation round-trips."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.annotate.timex import find_times, normalise, parse_duration
from chronicle.annotate.timex_calendar import partial_from_value, week_value, weekday_near
from chronicle.records import PartialDate

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
UNITS = {"day": "P{}D", "week": "P{}W", "month": "P{}M", "year": "P{}Y", "hour": "PT{}H", "minute": "PT{}M"}
ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """English words for 1..99, written independently of the code under test."""
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] + ("-" + ONES[ones] if ones else "")


# Text that often contains time words, so the rules actually fire.
FRAGMENTS = st.sampled_from([
    "May", "6", "2010", "last", "week", "yesterday", "Tuesday", "ago", "two", "years", "the", "third",
    "quarter", "Today,", "at", "5", "p.m.", "a", "fortnight", "-year", "every", "daily", "'s", ",", ".",
    "\n", "\n\n", "Oct.", "31", "early", "next", "summer", "1990s", "now", "recent", "nineteen", "ninety",
    "hundred", "99999999999", "days", "later", "this", "morning", "noon", "Q3", "fiscal", "1/2", "of",
])
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=40).map(" ".join),
)
ANCHORS = st.one_of(
    st.none(),
    st.just(PartialDate.unknown()),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(lambda d: PartialDate(d.isoformat(), "day")),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(lambda d: PartialDate(d.isoformat()[:7], "month")),
    st.integers(1, 9999).map(lambda y: PartialDate(f"{y:04d}", "year")),
)


@settings(max_examples=200, deadline=None)
@given(TEXTS, ANCHORS)
def test_find_times_never_fails_and_spans_are_exact(text, anchor):
    found = find_times(text, anchor)
    previous_end = 0
    for t in found:
        assert 0 <= t.span.start < t.span.end <= len(text)
        assert text[t.span.start : t.span.end] == t.span.text
        assert t.span.start >= previous_end  # sorted and not overlapping
        previous_end = t.span.end
        assert t.kind in ("DATE", "TIME", "DURATION", "SET")
        assert t.value
        if t.kind in ("DURATION", "SET"):
            assert t.date is None
        else:
            assert t.date is not None


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 99), st.sampled_from(sorted(UNITS)), st.booleans(), st.booleans())
def test_n_unit_durations_round_trip(n, unit, spelled, plural):
    number = words(n) if spelled else str(n)
    phrase = f"{number} {unit}{'s' if plural else ''}"
    assert parse_duration(phrase) == UNITS[unit].format(n)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 99), st.sampled_from(["day", "week", "month", "year"]))
def test_adjectival_durations_round_trip(n, unit):
    assert parse_duration(f"{n}-{unit}") == UNITS[unit].format(n)
    assert parse_duration(f"{words(n)}-{unit}") == UNITS[unit].format(n)


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), ANCHORS)
def test_day_month_year_dates_normalise_exactly_whatever_the_anchor(day, anchor):
    phrase = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    t = normalise(phrase, anchor)
    assert t is not None and t.span.text == phrase
    assert (t.kind, t.value, t.anchored) == ("DATE", day.isoformat(), False)
    assert t.date == PartialDate(day.isoformat(), "day")


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
def test_month_day_year_dates_inside_a_sentence(day):
    text = f"The verdict was delivered on {MONTH_NAMES[day.month - 1]} {day.day}, {day.year}, in court."
    (t,) = find_times(text, None)
    assert t.value == day.isoformat()


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1901, 1, 1), dt.date(2098, 12, 31)), st.integers(1, 7))
def test_weekday_resolution_stays_within_a_week_of_the_anchor(anchor, weekday):
    past = weekday_near(anchor, weekday, "past")
    future = weekday_near(anchor, weekday, "future")
    assert past.isoweekday() == future.isoweekday() == weekday
    assert 0 <= (anchor - past).days <= 6
    assert 0 <= (future - anchor).days <= 6


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1901, 1, 1), dt.date(2098, 12, 31)))
def test_a_week_value_is_a_range_that_contains_its_day(day):
    date = partial_from_value(week_value(day))
    assert date.precision == "range"
    assert date.start <= day.isoformat() <= date.end
    assert (dt.date.fromisoformat(date.end) - dt.date.fromisoformat(date.start)).days == 6


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1901, 1, 2), dt.date(2098, 12, 31)))
def test_yesterday_is_always_the_previous_day(day):
    (t,) = find_times("He was detained yesterday.", PartialDate(day.isoformat(), "day"))
    assert t.value == (day - dt.timedelta(days=1)).isoformat()


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 30)), st.integers(1, 30), ANCHORS)
def test_two_days_sharing_a_month_and_year_normalise_exactly(day, other, anchor):
    second = min(other, 28) if day.month == 2 else other
    text = f"The hearings were held on {MONTH_NAMES[day.month - 1]} {day.day} and {second}, {day.year}, in town."
    found = [(t.span.text, t.value) for t in find_times(text, anchor)]
    assert found == [
        (f"{MONTH_NAMES[day.month - 1]} {day.day}", day.isoformat()),
        (f"{second}, {day.year}", day.replace(day=second).isoformat()),
    ]


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1901, 1, 1), dt.date(2098, 12, 31)), ANCHORS)
def test_the_week_of_a_dated_day_is_the_week_containing_it(day, anchor):
    (t,) = find_times(f"Talks resume the week of {MONTH_NAMES[day.month - 1]} {day.day}, {day.year}.", anchor)
    assert t.value == week_value(day)
    assert t.date.start <= day.isoformat() <= t.date.end
