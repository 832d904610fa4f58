"""Time expressions: recognition, normalisation and anchoring, on sentences we wrote."""
from __future__ import annotations

import datetime as dt

import pytest

from chronicle.annotate.timex import find_times, normalise, parse_duration
from chronicle.annotate.timex_calendar import Anchor, partial_from_value, weekday_near
from chronicle.records import PartialDate, TimeExpression

WED_12_MAY_2010 = PartialDate("2010-05-12", "day")


def only(text: str, anchor: PartialDate | None = WED_12_MAY_2010) -> TimeExpression:
    found = find_times(text, anchor)
    assert len(found) == 1, [(t.span.text, t.value) for t in found]
    return found[0]


def by_text(text: str, anchor: PartialDate | None = WED_12_MAY_2010) -> dict[str, TimeExpression]:
    return {t.span.text: t for t in find_times(text, anchor)}


# ---------------------------------------------------------------- relative days


def test_yesterday_is_the_day_before_the_publication_date():
    t = only("The activist was detained yesterday in Almaty.")
    assert (t.span.text, t.kind, t.value) == ("yesterday", "DATE", "2010-05-11")
    assert t.date == PartialDate("2010-05-11", "day")
    assert t.anchored


def test_a_weekday_in_past_tense_is_the_most_recent_one():
    t = only("Police detained him on Tuesday outside the court.")
    assert t.span.text == "Tuesday"  # the preposition is not part of the expression
    assert t.value == "2010-05-11"


def test_a_weekday_in_future_tense_is_the_next_one():
    t = only("The court will hear the appeal on Monday.")
    assert t.value == "2010-05-17"


def test_a_reporting_verb_right_before_a_weekday_makes_it_past_despite_a_later_future():
    t = only("The lawyer said Friday that the family would appeal.", PartialDate("2010-05-12", "day"))
    assert t.value == "2010-05-07"


def test_last_and_next_weekday_never_mean_the_anchor_day_itself():
    assert only("The union met last Wednesday.").value == "2010-05-05"
    assert only("The union meets next Wednesday.").value == "2010-05-19"


# ---------------------------------------------------------------- weeks, months, years


def test_last_week_is_an_iso_week_and_a_range_of_days():
    t = only("Last week the prosecutor appealed the verdict.")
    assert t.value == "2010-W18"
    assert t.date == PartialDate("2010-W18", "range", "2010-05-03", "2010-05-09")


def test_last_month_and_this_year():
    found = by_text("Last month the party was banned, and this year it is still banned.")
    assert found["Last month"].value == "2010-04"
    assert found["Last month"].date.precision == "month"
    assert found["this year"].value == "2010"
    assert found["this year"].date == PartialDate("2010", "year")


def test_last_summer_in_a_may_article_is_the_previous_summer():
    t = only("Last summer the miners went on strike.")
    assert (t.value, t.date) == ("2009-SU", PartialDate("2009-SU", "season"))


def test_a_few_months_ago_is_past_ref_with_an_unknown_date():
    t = only("He left the country a few months ago.")
    assert (t.span.text, t.value) == ("a few months ago", "PAST_REF")
    assert t.date == PartialDate.unknown()


def test_two_years_ago_counts_back_from_the_anchor():
    assert only("The newspaper was closed two years ago.").value == "2008"


# ---------------------------------------------------------------- calendar dates


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("The verdict came on 19 May 2010 in Astana.", "19 May 2010", "2010-05-19"),
        ("The verdict came on May 19, 2010 in Astana.", "May 19, 2010", "2010-05-19"),
        ("He was released on 1 May without charge.", "1 May", "2010-05-01"),
        ("Protesters gathered on 30 April in the square.", "30 April", "2010-04-30"),
        ("The trial opened on May 6 in the city court.", "May 6", "2010-05-06"),
        ("The hearing is set for Tuesday, June 1.", "Tuesday, June 1", "2010-06-01"),
        ("The law took effect 2010-03-15 nationwide.", "2010-03-15", "2010-03-15"),
        ("The law took effect on 15.03.2010 nationwide.", "15.03.2010", "2010-03-15"),
    ],
)
def test_calendar_dates(sentence, span, value):
    t = only(sentence)
    assert (t.span.text, t.kind, t.value) == (span, "DATE", value)
    assert t.date == PartialDate(value, "day")


def test_a_date_without_year_takes_the_nearest_year():
    december = PartialDate("2010-12-20", "day")
    assert only("The appeal will be heard on Jan. 3 in Almaty.", december).value == "2011-01-03"
    assert only("The appeal was heard on Dec. 3 in Almaty.", december).value == "2010-12-03"


def test_the_2012_elections_mention_a_year():
    t = only("Opposition parties are preparing for the 2012 elections.")
    assert (t.span.text, t.value, t.date) == ("2012", "2012", PartialDate("2012", "year"))


def test_numbers_that_are_counts_are_not_years():
    assert find_times("Some 2000 people marched and paid $1998 in fines.", WED_12_MAY_2010) == []


def test_may_as_a_name_is_not_a_month():
    assert find_times("Theresa May said the talks would continue.", WED_12_MAY_2010) == []
    assert only("The congress met in May.").value == "2010-05"


@pytest.mark.parametrize(
    "sentence",
    ["This is VOA Today.", "He said so on ''60 Minutes.''", 'She told "This Week" viewers nothing new.'],
)
def test_time_words_inside_titles_are_not_times(sentence):
    assert find_times(sentence, WED_12_MAY_2010) == []


def test_a_sentence_opening_time_word_is_still_a_time():
    t = only("The court adjourned. Yesterday it met again.")
    assert (t.span.text, t.value) == ("Yesterday", "2010-05-11")


def test_quarters_in_an_october_earnings_report():
    october = PartialDate("2010-10-20", "day")
    found = by_text("Net income for the third quarter rose, and a fourth-quarter loss is likely.", october)
    assert found["the third quarter"].value == "2010-Q3"
    assert found["fourth-quarter"].value == "2010-Q4"
    assert found["the third quarter"].date == PartialDate("2010-Q3", "range", "2010-07-01", "2010-09-30")


# ---------------------------------------------------------------- durations and sets


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("She was sentenced to two months in prison.", "two months", "P2M"),
        ("He was held for 15 days without charge.", "15 days", "P15D"),
        ("The strike lasted a fortnight.", "a fortnight", "P14D"),
        ("He received a three-year sentence.", "three-year", "P3Y"),
        ("They went on hunger strike for five days.", "five days", "P5D"),
        ("The talks lasted nearly three hours.", "nearly three hours", "PT3H"),
        ("He spent 2 1/2 years in exile.", "2 1/2 years", "P2Y6M"),
        ("The camp has existed for two decades.", "two decades", "P20Y"),
        ("The ban lasted several weeks.", "several weeks", "PXW"),
    ],
)
def test_durations(sentence, span, value):
    t = only(sentence)
    assert (t.span.text, t.kind, t.value, t.date, t.anchored) == (span, "DURATION", value, None, False)


def test_ages_are_not_durations():
    assert find_times("A 6-year-old boy was among the injured.", WED_12_MAY_2010) == []


@pytest.mark.parametrize(
    "phrase, value",
    [("a fortnight", "P14D"), ("15 day", "P15D"), ("three-year", "P3Y"), ("two weeks'", "P2W"),
     ("two month", "P2M"), ("six months", "P6M"), ("90 days", "P90D"), ("48 hours", "PT48H")],
)
def test_parse_duration(phrase, value):
    assert parse_duration(phrase) == value


@pytest.mark.parametrize("phrase", ["", "yesterday", "the court", "May 6, 2010"])
def test_parse_duration_rejects_what_is_not_a_duration(phrase):
    assert parse_duration(phrase) is None


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("Supporters picket the embassy every week.", "every week", "P1W"),
        ("The group holds rallies daily in the square.", "daily", "P1D"),
        ("He must report to the police twice a month.", "twice a month", "P1M"),
        ("Vigils are held each Thursday.", "each Thursday", "XXXX-WXX-4"),
    ],
)
def test_sets(sentence, span, value):
    t = only(sentence)
    assert (t.span.text, t.kind, t.value) == (span, "SET", value)


def test_a_party_daily_is_a_newspaper_not_a_recurrence():
    assert find_times("The party daily Pravda printed the appeal.", WED_12_MAY_2010) == []


# ---------------------------------------------------------------- times of day


def test_clock_times_hang_on_their_day():
    found = by_text("Police broke up the rally at 10:30 a.m. yesterday and again this evening.")
    assert found["10:30 a.m. yesterday"].value == "2010-05-11T10:30"
    assert found["10:30 a.m. yesterday"].kind == "TIME"
    assert found["this evening"].value == "2010-05-12TEV"
    assert found["this evening"].date == PartialDate("2010-05-12", "day")


def test_last_night_and_friday_morning():
    found = by_text("Shots were heard last night; the march began Friday morning.")
    assert found["last night"].value == "2010-05-11TNI"
    assert found["Friday morning"].value == "2010-05-07TMO"


# ---------------------------------------------------------------- present/past/future refs


def test_reference_words():
    found = by_text("He is now in custody; the court recently ruled on similar cases and may do so in the future.")
    assert found["now"].value == "PRESENT_REF"
    assert found["recently"].value == "PAST_REF"
    assert found["the future"].value == "FUTURE_REF"
    assert all(t.date == PartialDate.unknown() for t in found.values())


# ---------------------------------------------------------------- weak or missing anchors


def test_a_month_anchor_resolves_what_it_can_and_never_guesses_the_rest():
    anchor = PartialDate("2010-05", "month")
    found = by_text("He was detained on May 6 and released yesterday.", anchor)
    assert found["May 6"].value == "2010-05-06" and found["May 6"].anchored
    assert found["yesterday"].date == PartialDate.unknown()
    assert not found["yesterday"].anchored


def test_without_an_anchor_relative_expressions_are_unknown():
    found = by_text("On May 6 he was detained; last week he was tried; yesterday he was freed.", None)
    assert found["May 6"].value == "XXXX-05-06"
    assert found["last week"].value == "XXXX-WXX"
    for t in found.values():
        assert t.date == PartialDate.unknown()
        assert not t.anchored


def test_absolute_dates_need_no_anchor():
    t = only("The decree of 3 March 2009 was annulled.", None)
    assert (t.value, t.anchored) == ("2009-03-03", False)


# ---------------------------------------------------------------- embedded dated messages


MESSAGE = (
    "Appeal from the defence committee\n"
    "\n"
    "Greetings! Today, May 6, in the city court the cases of three activists were heard. "
    "Yesterday their lawyers were not admitted.\n"
    "The court will sit again tomorrow.\n"
    "\n"
    "Background\n"
    "\n"
    "Yesterday the ministry declined to comment.\n"
)


def test_today_with_a_date_re_anchors_the_message_that_follows():
    found = find_times(MESSAGE, WED_12_MAY_2010)
    values = [(t.span.text, t.value) for t in found]
    assert values == [
        ("Today", "2010-05-06"),
        ("May 6", "2010-05-06"),
        ("Yesterday", "2010-05-05"),
        ("tomorrow", "2010-05-07"),
        ("Yesterday", "2010-05-11"),  # after the heading the publication date applies again
    ]
    assert all(t.anchored for t in found)


def test_a_bare_today_keeps_the_publication_date():
    t = only("Today the court postponed the hearing.")
    assert t.value == "2010-05-12"


# ---------------------------------------------------------------- interface details


def test_spans_are_offsets_into_the_text():
    text = "On 4 May, two days after the raid, 30 people were arrested; on Sunday they were fined."
    for t in find_times(text, WED_12_MAY_2010):
        assert text[t.span.start : t.span.end] == t.span.text


def test_normalise_returns_the_phrase_with_offsets_relative_to_it():
    t = normalise("last summer", WED_12_MAY_2010)
    assert (t.span.start, t.span.end, t.value) == (0, 11, "2009-SU")
    assert normalise("the ministry", WED_12_MAY_2010) is None


def test_weekday_near_directions():
    wednesday = dt.date(2010, 5, 12)
    assert weekday_near(wednesday, 3, "past") == wednesday
    assert weekday_near(wednesday, 3, "past-strict") == dt.date(2010, 5, 5)
    assert weekday_near(wednesday, 3, "future-strict") == dt.date(2010, 5, 19)
    assert weekday_near(wednesday, 1, "future") == dt.date(2010, 5, 17)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2010-05-12", PartialDate("2010-05-12", "day")),
        ("2010-05-12TMO", PartialDate("2010-05-12", "day")),
        ("2010-05", PartialDate("2010-05", "month")),
        ("2009-SU", PartialDate("2009-SU", "season")),
        ("2010", PartialDate("2010", "year")),
        ("2010-W19", PartialDate("2010-W19", "range", "2010-05-10", "2010-05-16")),
        ("2010-W19-WE", PartialDate("2010-W19-WE", "range", "2010-05-15", "2010-05-16")),
        ("2010-H2", PartialDate("2010-H2", "range", "2010-07-01", "2010-12-31")),
        ("199", PartialDate("199", "range", "1990-01-01", "1999-12-31")),
        ("XXXX-05-06", PartialDate.unknown()),
        ("PAST_REF", PartialDate.unknown()),
    ],
)
def test_partial_from_value(value, expected):
    assert partial_from_value(value) == expected


def test_anchor_of_partial_dates():
    assert Anchor.of(PartialDate("2010-05-12", "day")) == Anchor(2010, 5, 12)
    assert Anchor.of(PartialDate("2010-05", "month")) == Anchor(2010, 5)
    assert Anchor.of(PartialDate("2010", "year")) == Anchor(2010)
    assert Anchor.of(PartialDate("2009-SU", "season")) == Anchor(2009)
    assert Anchor.of(PartialDate("2010-W19", "range", "2010-05-10", "2010-05-16")) == Anchor(2010, 5)
    assert Anchor.of(PartialDate.unknown()) == Anchor()
    assert Anchor.of(None) == Anchor()
