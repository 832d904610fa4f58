"""TimeML conventions added for TempEval-3-style normalisation, each on sentences we wrote.

Every test names the convention it protects; the property tests at the end
check the calendar side of the new rules for any anchor.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.annotate.timex import find_times
from chronicle.annotate.timex_calendar import easter, week_value
from chronicle.records import PartialDate, TimeExpression

WED_12_MAY_2010 = PartialDate("2010-05-12", "day")
OCT_26_1995 = PartialDate("1995-10-26", "day")  # a Thursday, early in the fourth quarter
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def by_text(text: str, anchor: PartialDate | None) -> dict[str, TimeExpression]:
    return {t.span.text: t for t in find_times(text, anchor)}


# ---------------------------------------------------------------- "the past year" is a calendar unit


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("Membership of the union doubled over the past year.", "the past year", "2009"),
        ("The committee met twice in the last month.", "the last month", "2010-04"),
        ("Prices rose sharply in the past week.", "the past week", "2010-W18"),
        ("The plant will close over the next year.", "the next year", "2011"),
        ("More arrests are expected in the coming week.", "the coming week", "2010-W20"),
    ],
)
def test_the_past_or_next_unit_is_the_calendar_unit_like_last_or_next_unit(sentence, span, value):
    t = by_text(sentence, WED_12_MAY_2010)[span]
    assert (t.kind, t.value, t.anchored) == ("DATE", value, True)


def test_the_past_decade_is_ten_years_up_to_now_not_the_previous_calendar_decade():
    t = by_text("Attacks on reporters have grown over the past decade.", WED_12_MAY_2010)["the past decade"]
    assert (t.kind, t.value) == ("DURATION", "P10Y")


def test_the_last_unit_of_something_is_not_last_calendar_unit():
    found = by_text("He was detained in the last week of March.", WED_12_MAY_2010)
    assert list(found) == ["March"]
    assert find_times("It was the last year of her term.", WED_12_MAY_2010) == []


def test_a_counted_stretch_stays_a_duration():
    t = by_text("He has been jailed for the past two years.", WED_12_MAY_2010)["the past two years"]
    assert (t.kind, t.value) == ("DURATION", "P2Y")


# ---------------------------------------------------------------- weekly recurrences


def test_a_plural_part_of_a_named_day_recurs_weekly():
    t = by_text("The vigil is held on Tuesday nights outside the prison.", WED_12_MAY_2010)["Tuesday nights"]
    assert (t.kind, t.value, t.date) == ("SET", "XXXX-WXX-2TNI", None)


def test_a_day_coordinated_with_a_recurrence_shares_it():
    found = by_text("The buses run on Monday and Thursday nights from June.", WED_12_MAY_2010)
    assert found["Monday"].value == "XXXX-WXX-1TNI"
    assert found["Thursday nights"].value == "XXXX-WXX-4TNI"
    assert found["Monday"].kind == found["Thursday nights"].kind == "SET"


def test_two_nights_in_a_past_report_are_particular_nights_not_a_habit():
    found = by_text("Protesters clashed with police on Monday and Tuesday nights.", WED_12_MAY_2010)
    assert (found["Monday"].kind, found["Monday"].value) == ("TIME", "2010-05-10TNI")
    assert (found["Tuesday nights"].kind, found["Tuesday nights"].value) == ("TIME", "2010-05-11TNI")


def test_two_single_days_stay_dates():
    found = by_text("The court sat on Monday and Tuesday.", WED_12_MAY_2010)
    assert (found["Monday"].kind, found["Monday"].value) == ("DATE", "2010-05-10")
    assert (found["Tuesday"].kind, found["Tuesday"].value) == ("DATE", "2010-05-11")


# ---------------------------------------------------------------- holidays and neighbouring days


def test_a_holiday_week_is_the_iso_week_holding_the_holiday():
    t = by_text("Pilgrims filled the town as Easter week began.", PartialDate("2010-03-28", "day"))["Easter week"]
    assert (t.kind, t.value) == ("DATE", "2010-W13")  # Easter Sunday 2010 was April 4
    assert t.date.end == "2010-04-04"


def test_the_day_before_a_named_day_is_one_expression_one_day_earlier():
    t = by_text("The day before last Tuesday's hearing, his lawyer visited him.", WED_12_MAY_2010)
    assert (t["The day before last Tuesday"].value) == "2010-05-10"


def test_the_day_after_a_dated_day():
    t = by_text("He was released the day after May 6.", WED_12_MAY_2010)["the day after May 6"]
    assert t.value == "2010-05-07"


# ---------------------------------------------------------------- rates


def test_a_quantified_single_unit_is_a_stretch_not_a_rate():
    t = by_text("The two leaders spoke for nearly an hour.", WED_12_MAY_2010)["nearly an hour"]
    assert (t.kind, t.value) == ("DURATION", "PT1H")


def test_a_rate_after_a_plural_count_is_a_set():
    t = by_text("The hotline takes hundreds of calls a day.", WED_12_MAY_2010)["a day"]
    assert (t.kind, t.value) == ("SET", "P1D")


# ---------------------------------------------------------------- tense and direction


def test_a_period_that_ended_on_a_day_ended_before_the_report():
    t = by_text("In the fiscal year ended Jan. 31, the chain lost money.", OCT_26_1995)["Jan. 31"]
    assert t.value == "1995-01-31"


def test_an_extension_through_a_month_looks_ahead():
    t = by_text("The lenders extended the credit line through January.", OCT_26_1995)["January"]
    assert t.value == "1996-01"


def test_a_past_reporting_verb_before_a_weekday_makes_it_past():
    text = "The minister told reporters on Tuesday that the border may reopen."
    assert by_text(text, WED_12_MAY_2010)["Tuesday"].value == "2010-05-11"


def test_a_nearer_future_cue_still_wins_over_an_earlier_reporting_verb():
    text = "The spokesman said the court will rule on Friday."
    assert by_text(text, WED_12_MAY_2010)["Friday"].value == "2010-05-14"


# ---------------------------------------------------------------- parts of a day under discussion


def test_the_morning_of_a_narrated_day_is_a_time_on_that_day():
    found = by_text("Shares fell on Monday. Traders sold heavily in the morning.", WED_12_MAY_2010)
    assert (found["the morning"].kind, found["the morning"].value) == ("TIME", "2010-05-10TMO")


def test_a_habitual_morning_names_no_day():
    assert find_times("The market opens in the morning.", WED_12_MAY_2010) == []


# ---------------------------------------------------------------- the quarter a results report is about


def test_this_quarter_in_a_results_report_is_the_reported_quarter():
    text = "The mill lost $3 million in the third quarter. This quarter's loss includes a charge."
    assert by_text(text, OCT_26_1995)["This quarter"].value == "1995-Q3"


def test_the_current_quarter_is_the_one_under_way():
    text = "The mill lost $3 million in the third quarter. Sales in the current quarter look weak."
    assert by_text(text, OCT_26_1995)["the current quarter"].value == "1995-Q4"


# ---------------------------------------------------------------- figurative uses are not times


@pytest.mark.parametrize(
    "sentence",
    ["The students of today are the leaders of tomorrow.", "For the opposition, high noon has arrived."],
)
def test_figurative_days_and_noons_are_not_times(sentence):
    assert find_times(sentence, WED_12_MAY_2010) == []


def test_noon_tomorrow_is_still_a_time():
    t = by_text("The hearing resumes at noon tomorrow.", WED_12_MAY_2010)["noon tomorrow"]
    assert (t.kind, t.value) == ("TIME", "2010-05-13T12:00")


# ---------------------------------------------------------------- properties


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1901, 1, 1), dt.date(2098, 12, 31)), st.sampled_from(["year", "month", "week"]))
def test_the_past_unit_always_equals_last_unit(anchor, unit):
    partial = PartialDate(anchor.isoformat(), "day")
    (the_past,) = find_times(f"Costs rose in the past {unit}.", partial)
    (last,) = find_times(f"Costs rose last {unit}.", partial)
    assert (the_past.kind, the_past.value) == (last.kind, last.value)


@settings(max_examples=100, deadline=None)
@given(st.integers(1901, 2098))
def test_easter_week_ends_on_easter_sunday(year):
    (t,) = find_times(f"Crowds gathered in Easter week {year}.", None)
    assert t.value == week_value(easter(year))
    assert t.date.end == easter(year).isoformat()


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1901, 1, 2), dt.date(2098, 12, 30)), st.sampled_from(["before", "after"]))
def test_the_day_beside_a_dated_day_is_its_neighbour(day, side):
    text = f"He was seen the day {side} {MONTH_NAMES[day.month - 1]} {day.day}, {day.year}."
    (t,) = find_times(text, None)
    step = -1 if side == "before" else 1
    assert t.value == (day + dt.timedelta(days=step)).isoformat()
