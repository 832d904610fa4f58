"""The HTML cleaner (trafilatura + htmldate) behind clean_document."""
from __future__ import annotations

import pytest

from chronicle.clean import CleanError, clean_document
from chronicle.clean.html import declared_language, strip_leading_meta
from chronicle.records import PartialDate

from clean_helpers import assert_segments_exact, fixture_raw, make_raw


def test_article_page() -> None:
    raw = fixture_raw("ledger_article.html")
    clean = clean_document(raw)
    assert clean.text.startswith("More than two hundred dockers occupied the eastern terminal")
    assert clean.text.rstrip().endswith("the protest had been peaceful.")
    # Entities are decoded in the body.
    assert "six o’clock" in clean.text
    # Navigation, the "Most read" box and the footer are not the article.
    for furniture in ("Subscribe", "Most read", "Council cuts bus routes", "All rights reserved", "Privacy"):
        assert furniture not in clean.text
    assert clean.title == "Dockers stage sit-in at Velmora terminal"
    assert clean.outlet == "The Northern Ledger"
    assert clean.language == "en"
    # The original publication, not the later modification.
    assert clean.published == PartialDate("2011-03-02", "day")
    assert clean.sha256 == raw.sha256 and clean.source == raw.source


def test_article_segments_are_exact_and_cover_most_text() -> None:
    raw = fixture_raw("ledger_article.html")
    clean = clean_document(raw)
    assert_segments_exact(clean, raw)
    verbatim = sum(s.clean_end - s.clean_start for s in clean.segments if s.raw_start is not None)
    assert verbatim / len(clean.text) > 0.9
    # Evidence offsets map back into the paragraph they came from.
    start = clean.text.index("Police officers watched")
    raw_start = clean.raw_offset(start)
    assert raw_start is not None
    assert raw.text[raw_start:].startswith("Police officers watched")


def test_page_without_article_is_rejected() -> None:
    with pytest.raises(CleanError, match="no article"):
        clean_document(fixture_raw("empty_page.html"))


def test_non_html_is_rejected() -> None:
    with pytest.raises(CleanError):
        clean_document(make_raw("just some words, no markup at all", "text/html"))


def test_published_hint_wins_over_markup() -> None:
    raw = fixture_raw("ledger_article.html")
    raw = make_raw(raw.text, "text/html", published_hint="2011-03")
    assert clean_document(raw).published == PartialDate("2011-03", "month")


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        # htmldate pads a year-month stamp to the 1st: that day is not stated.
        ("2011-03", PartialDate("2011-03", "month")),
        ("2011-03-01T08:00:00+00:00", PartialDate("2011-03-01", "day")),
    ],
)
def test_month_stamp_is_not_padded_to_a_day(stamp: str, expected: PartialDate) -> None:
    html = fixture_raw("ledger_article.html").text
    html = html.replace("2011-03-02T09:15:00+00:00", stamp)
    html = html.replace('<meta property="article:modified_time" content="2011-03-09T17:40:00+00:00">', "")
    assert clean_document(make_raw(html, "text/html")).published == expected


def test_no_date_in_markup_is_no_date() -> None:
    html = fixture_raw("ledger_article.html").text
    html = html.replace('<meta property="article:published_time" content="2011-03-02T09:15:00+00:00">', "")
    html = html.replace('<meta property="article:modified_time" content="2011-03-09T17:40:00+00:00">', "")
    raw = make_raw(html, "text/html", source="https://ledger.example.org/2011/03/dockers-sit-in.html")
    # Only the year and month are in the URL; the page states no day: no guess.
    published = clean_document(raw).published
    assert published is None or published.precision != "day"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<html lang="en-GB">', "en"),
        ("<html class='x' lang='de'>", "de"),
        ('<html><meta http-equiv="content-language" content="fr">', "fr"),
        ("<html>", None),
    ],
)
def test_declared_language(head: str, expected: str | None) -> None:
    assert declared_language(head + "<body></body></html>") == expected


def test_leading_headline_is_not_body() -> None:
    assert strip_leading_meta("Headline here\nFirst paragraph.", "Headline  here") == "First paragraph."
    assert strip_leading_meta("First paragraph.\nSecond.", "Headline") == "First paragraph.\nSecond."
    assert strip_leading_meta("Only line", "Only line") == "Only line"
