"""Time expressions that depend on discourse and tense: reports, deadlines, conjoined dates.

Every sentence here is our own; each test names the reading it protects.
"""
from __future__ import annotations

import pytest

from chronicle.annotate.timex import find_times
from chronicle.records import PartialDate, TimeExpression

OCT_26_1995 = PartialDate("1995-10-26", "day")  # a Thursday, early in the fourth quarter
WED_12_MAY_2010 = PartialDate("2010-05-12", "day")


def by_text(text: str, anchor: PartialDate | None) -> dict[str, TimeExpression]:
    return {t.span.text: t for t in find_times(text, anchor)}


def values(text: str, anchor: PartialDate | None) -> list[tuple[str, str]]:
    return [(t.span.text, t.value) for t in find_times(text, anchor)]


# ---------------------------------------------------------------- the quarter under discussion


def test_a_forecast_quarter_does_not_become_the_comparison_base():
    text = (
        "The mill posted third-quarter profit of $5 million. Analysts expect weakness "
        "to continue into the fourth quarter. In the year-ago period, it earned $9 million."
    )
    found = by_text(text, OCT_26_1995)
    assert found["the fourth quarter"].value == "1995-Q4"
    assert found["the year-ago period"].value == "1994-Q3"


def test_an_older_quarter_mentioned_in_passing_leaves_the_reported_one_in_place():
    text = (
        "The brewer said third-quarter net rose to $40 million from $31 million a year ago. "
        "After a weak second quarter, sales recovered. Costs were lower than a year ago."
    )
    found = find_times(text, OCT_26_1995)
    year_agos = [t.value for t in found if t.span.text == "a year ago"]
    assert year_agos == ["1994-Q3", "1994-Q3"]


def test_the_latest_quarter_becomes_the_reference_for_later_comparisons():
    text = (
        "Fourth-quarter charges will be small. Earnings fell in the latest quarter, "
        "compared with a profit of $6 million a year ago."
    )
    found = by_text(text, OCT_26_1995)
    assert found["the latest quarter"].value == "1995-Q3"
    assert found["a year ago"].value == "1994-Q3"


def test_year_ago_results_are_a_year_before_the_reporting_year_even_after_talking_about_that_year():
    text = "Last year the unit lost $5 million. The year-earlier results were restated."
    found = by_text(text, OCT_26_1995)
    assert found["Last year"].value == "1994"
    assert found["year-earlier"].value == "1994"


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("In the quarter ended July 31, the retailer lost money.", "1995-Q2"),
        ("In the quarter ended Sept. 30, the retailer lost money.", "1995-Q3"),
    ],
)
def test_a_quarter_ended_on_a_day_is_the_calendar_quarter_holding_most_of_it(sentence, value):
    assert by_text(sentence, OCT_26_1995)["the quarter"].value == value


def test_the_first_two_quarters_of_a_year_are_its_first_half():
    t = by_text("Losses will last through the first two quarters of 1996.", OCT_26_1995)
    assert t["the first two quarters of 1996"].value == "1996-H1"
    assert "1996" not in t  # the year belongs to the expression, not a second one


def test_a_quarter_of_something_is_a_share_not_three_months():
    assert find_times("The funds hold more than a quarter of the market.", OCT_26_1995) == []


# ---------------------------------------------------------------- tense cues


def test_a_deadline_moved_until_a_weekday_looks_ahead():
    found = by_text("Officials postponed until Tuesday any decision on the permit.", OCT_26_1995)
    assert found["Tuesday"].value == "1995-10-31"
    found = by_text("The agency has given the family until 9 a.m. Monday to answer.", OCT_26_1995)
    assert found["9 a.m. Monday"].value == "1995-10-30T09:00"


def test_a_plan_in_the_past_perfect_is_already_over():
    found = by_text("The offer had been scheduled to expire Friday evening.", PartialDate("1995-10-30", "day"))
    assert found["Friday evening"].value == "1995-10-27TEV"


def test_with_no_tense_cue_a_day_leans_to_the_past():
    # A May report about "the Oct. 23 raid" means last October, although next
    # October is nearer by a few days.
    found = by_text("The hunt for him since the Oct. 23 raid goes on.", PartialDate("1996-05-06", "day"))
    assert found["Oct. 23"].value == "1995-10-23"


def test_the_previous_weekday_counts_from_the_day_under_discussion():
    text = "Shares closed lower on Friday, Oct. 20, down 4% from the previous Friday."
    found = by_text(text, OCT_26_1995)
    assert found["the previous Friday"].value == "1995-10-13"


# ---------------------------------------------------------------- recognition


def test_last_followed_by_a_day_is_that_day_not_last_month():
    t = by_text("He was shot last Oct. 23 at his home.", PartialDate("1996-04-19", "day"))
    assert t["Oct. 23"].value == "1995-10-23"


def test_the_second_day_of_a_pair_shares_the_month():
    assert values("The summit meets on April 24 and 25.", PartialDate("1999-02-10", "day")) == [
        ("April 24", "1999-04-24"),
        ("25", "1999-04-25"),
    ]
    assert values("They met on May 3 or 4, 2009, in Minsk.", WED_12_MAY_2010) == [
        ("May 3", "2009-05-03"),
        ("4, 2009", "2009-05-04"),
    ]


def test_numbers_after_a_date_and_and_are_not_always_days():
    assert values("Between April 2 and 5 people were detained.", WED_12_MAY_2010) == [("April 2", "2010-04-02")]


def test_the_week_of_a_date_is_its_iso_week():
    t = by_text("The hearing is set for the week of March 6.", PartialDate("2000-02-24", "day"))
    expression = t["the week of March 6"]
    assert expression.value == "2000-W10"
    assert expression.date == PartialDate("2000-W10", "range", "2000-03-06", "2000-03-12")


def test_a_month_after_the_is_a_month():
    assert by_text("The March accession was delayed.", WED_12_MAY_2010)["March"].value == "2010-03"


def test_election_day_is_the_tuesday_after_the_first_monday_of_november():
    assert by_text("The campaign runs until Election Day.", OCT_26_1995)["Election Day"].value == "1995-11-07"


def test_a_season_of_a_spelled_out_year():
    t = by_text("Prices fell to that level in the winter of nineteen ninety-four.", OCT_26_1995)
    assert t["the winter of nineteen ninety-four"].value == "1994-WI"


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("Unrest has grown in recent weeks.", "recent weeks", "PXW"),
        ("Prices may fall in the coming months.", "the coming months", "PXM"),
        ("After a day-long meeting they agreed.", "day-long", "P1D"),
        ("Investors may sell in the weeks ahead.", "the weeks ahead", "PXW"),
        ("He left after a several-year tenure.", "several-year", "PXY"),
    ],
)
def test_stretches_of_unknown_or_unit_length_are_durations(sentence, span, value):
    t = by_text(sentence, WED_12_MAY_2010)[span]
    assert (t.kind, t.value, t.date) == ("DURATION", value, None)


def test_recent_weeks_and_months_mixes_units_and_stays_vague():
    t = by_text("Tension rose in recent weeks and months.", WED_12_MAY_2010)["recent weeks and months"]
    assert (t.kind, t.value) == ("DATE", "PAST_REF")


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("We do not minimise the risks of the near term.", "the near term", "FUTURE_REF"),
        ("Rates may rise in the short term.", "the short term", "FUTURE_REF"),
        ("Holders may buy shares at the then-current price.", "then-current", "PAST_REF"),
    ],
)
def test_vague_terms(sentence, span, value):
    t = by_text(sentence, WED_12_MAY_2010)[span]
    assert (t.value, t.date) == (value, PartialDate.unknown())


def test_short_term_debt_is_not_a_time():
    assert find_times("The company repaid the short term debt.", WED_12_MAY_2010) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The two blasts went off minutes apart.",
        "Prices fall fast on days when sellers panic.",
    ],
)
def test_spacings_and_kinds_of_days_are_not_durations(sentence):
    assert find_times(sentence, WED_12_MAY_2010) == []


def test_the_early_hours_of_a_day_are_that_day_not_a_duration():
    assert values("He was arrested in the early hours of Thursday.", WED_12_MAY_2010) == [("Thursday", "2010-05-06")]


def test_a_rate_needs_its_amount_in_the_same_clause():
    found = by_text("They called him a tyrant. A day after the hearing, he left.", WED_12_MAY_2010)
    assert found["A day"].kind == "DURATION"
    assert by_text("The plant makes $2 million a year.", WED_12_MAY_2010)["a year"].kind == "SET"


def test_the_year_before_is_the_year_before_the_one_under_discussion():
    found = by_text("Sales fell to $3 million last year from $4 million the year before.", WED_12_MAY_2010)
    assert found["last year"].value == "2009"
    assert found["the year before"].value == "2008"
