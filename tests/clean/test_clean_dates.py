"""Dates written out in text, and their precision."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle.clean.dates import find_dates, parse_date, parse_iso_hint
from chronicle.records import PartialDate

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("19 May 2010", "2010-05-19", "day"),
        ("19th May, 2010", "2010-05-19", "day"),
        ("May 19, 2010", "2010-05-19", "day"),
        ("Wednesday, November 20, 2019", "2019-11-20", "day"),
        ("2010-05-19", "2010-05-19", "day"),
        ("25/06/2010", "2010-06-25", "day"),
        ("06/25/2010", "2010-06-25", "day"),
        ("May 2010", "2010-05", "month"),
        ("Sept. 2011", "2011-09", "month"),
    ],
)
def test_parse_date_examples(text: str, value: str, precision: str) -> None:
    assert parse_date(text) == PartialDate(value, precision)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "05/06/2010",  # day and month could be swapped: never guess
        "31 February 2010",  # impossible, and not to be read as "February 2010"
        "May 19",  # no year
        "From The Ledger, 19 May 2010",  # more than a date
        "2010",  # a bare number
        "",
    ],
)
def test_parse_date_refuses(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_in_a_dateline() -> None:
    found = find_dates("From The Northern Ledger newspaper, 3 March 2011")
    assert [d.date for d in found] == [PartialDate("2011-03-03", "day")]
    assert found[0].start == len("From The Northern Ledger newspaper, ")


@given(dates, st.sampled_from(["dmy", "mdy", "iso", "weekday"]))
def test_written_dates_round_trip(day: dt.date, style: str) -> None:
    month = MONTH_NAMES[day.month - 1]
    text = {
        "dmy": f"{day.day} {month} {day.year}",
        "mdy": f"{month} {day.day}, {day.year}",
        "iso": day.isoformat(),
        "weekday": f"{day.strftime('%A')}, {day.day} {month[:3]} {day.year}",
    }[style]
    assert parse_date(text) == PartialDate(day.isoformat(), "day")


@given(dates)
def test_month_and_year_is_month_precision(day: dt.date) -> None:
    text = f"{MONTH_NAMES[day.month - 1]} {day.year}"
    assert parse_date(text) == PartialDate(f"{day.year:04d}-{day.month:02d}", "month")


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1950, 2099))
def test_ambiguous_numeric_dates_are_refused(a: int, b: int, year: int) -> None:
    result = parse_date(f"{a:02d}/{b:02d}/{year}")
    if a == b:
        assert result == PartialDate(f"{year:04d}-{a:02d}-{a:02d}", "day")
    else:
        assert result is None


@given(st.text(max_size=80))
def test_find_dates_only_returns_real_calendar_dates(text: str) -> None:
    for match in find_dates(text):
        assert 0 <= match.start < match.end <= len(text)
        value = match.date.value
        assert value is not None
        if match.date.precision == "day":
            dt.date.fromisoformat(value)
        else:
            assert match.date.precision == "month"
            year, month = value.split("-")
            assert 1 <= int(month) <= 12 and len(year) == 4


@given(dates, st.booleans())
def test_iso_hint(day: dt.date, with_time: bool) -> None:
    text = day.isoformat() + ("T10:30:00Z" if with_time else "")
    assert parse_iso_hint(text) == PartialDate(day.isoformat(), "day")
    assert parse_iso_hint(day.isoformat()[:7]) == PartialDate(day.isoformat()[:7], "month")
    assert parse_iso_hint(str(day.year)) == PartialDate(str(day.year), "year")
    assert parse_iso_hint("not a date") is None
