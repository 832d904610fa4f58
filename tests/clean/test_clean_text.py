"""The plain-text cleaner: line classifier, body selection, title/date/outlet."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronicle.clean import CleanError, clean_document
from chronicle.clean.text import (
    best_block,
    is_boilerplate,
    is_prose,
    line_features,
    line_score,
    split_lines,
)
from chronicle.records import PartialDate

from clean_helpers import assert_segments_exact, fixture_raw, make_raw

# ------------------------------------------------------------ line classifier

STOP = ["the", "of", "and", "to", "in", "was", "that", "for", "on", "with", "by", "at", "from", "it"]
CONTENT = ["committee", "workers", "court", "strike", "police", "union", "port", "appeal", "judge",
           "protest", "teacher", "meeting", "council", "terminal", "statement", "families"]
MENU = ["Home", "News", "Sport", "World", "Business", "Opinion", "Culture", "Video", "Weather", "Jobs"]

prose_sentences = st.lists(
    st.tuples(st.sampled_from(STOP), st.sampled_from(CONTENT)), min_size=5, max_size=25
).map(lambda pairs: " ".join(f"{a} {b}" for a, b in pairs).capitalize() + ".")
menu_items = st.lists(st.sampled_from(MENU), min_size=1, max_size=3).map(" ".join)


@given(prose_sentences)
def test_stopword_rich_sentences_are_prose(sentence: str) -> None:
    features = line_features(sentence, "en")
    assert is_prose(features)
    assert line_score(features) > 0


@given(menu_items)
def test_menu_items_are_not_prose(item: str) -> None:
    features = line_features(item, "en")
    assert not is_prose(features)
    assert line_score(features) < 0


@pytest.mark.parametrize(
    "line",
    [
        "Want to help? Click here to become a member, or click here to donate today.",
        "Subscribe | Donate",
        "Share on Facebook",
        "Leave a Reply",
        "Your email address will not be published.",
        "© 2011 The Northern Ledger. All rights reserved.",
        "Image 3 of 12",
        "2 hours ago",
    ],
)
def test_site_furniture_is_boilerplate(line: str) -> None:
    features = line_features(line, "en")
    assert features.boilerplate or features.barrier
    assert line_score(features) < 0


def test_long_prose_mentioning_twitter_is_not_boilerplate() -> None:
    line = (
        "Later that evening the union posted on Twitter that the strike would continue, and "
        "members who had signed up for the picket rota were asked to arrive at the gates by six."
    )
    assert not is_boilerplate(line, len(line.split()))


def test_archive_months_are_not_prose() -> None:
    assert all(line_score(line_features(m, "en")) < 0 for m in ["October 2017", "September 2017"])


@given(st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=12))
def test_best_block_is_the_maximum_sum_run(scores: list[float]) -> None:
    span = best_block(scores)
    runs = {(i, j): sum(scores[i : j + 1]) for i in range(len(scores)) for j in range(i, len(scores))}
    best = max(runs.values())
    if best <= 0:
        assert span is None
    else:
        assert span is not None
        assert abs(runs[span] - best) < 1e-6


@given(st.text(max_size=200))
def test_split_lines_offsets_are_exact(text: str) -> None:
    for line in split_lines(text):
        assert text[line.start : line.end] == line.text
        assert line.text == line.text.strip()


# ------------------------------------------------------------ whole documents


def test_newspaper_page_body_and_metadata() -> None:
    raw = fixture_raw("ledger_page.txt")
    clean = clean_document(raw)
    assert clean.text.startswith("AFTER NINE days in custody")
    assert clean.text.endswith("The full statement is available from the committee at:")
    assert clean.title == 'Velmora: "We will not be silenced"'
    assert clean.published == PartialDate("2011-03-03", "day")
    assert clean.outlet == "The Northern Ledger"
    assert clean.language == "en"
    for furniture in ("Click here", "Subscribe", "Related links", "March 2011", "Dockers vote for action"):
        assert furniture not in clean.text
    assert_segments_exact(clean, raw)


def test_blog_post_with_appeal_box_and_trailing_month() -> None:
    raw = fixture_raw("harbour_blog.txt")
    clean = clean_document(raw)
    assert clean.text.startswith("The campaign goes on!")
    assert clean.text.endswith("we will be at the gate to meet him.")
    assert "donate" not in clean.text.lower()
    assert "funded by readers" not in clean.text
    assert clean.title == "Velmora : port union leader's appeal refused"
    assert clean.published == PartialDate("2012-06", "month")
    assert clean.outlet == "harbourvoice.org"
    assert_segments_exact(clean, raw)


def test_published_hint_wins() -> None:
    raw = fixture_raw("harbour_blog.txt")
    raw = make_raw(raw.text, published_hint="2012-06-07")
    assert clean_document(raw).published == PartialDate("2012-06-07", "day")


def test_outlet_from_source_url() -> None:
    text = (fixture_raw("ledger_page.txt").text).replace("From The Northern Ledger newspaper, ", "")
    clean = clean_document(make_raw(text, source="https://www.ledger.example.org/2011/03/velmora"))
    assert clean.outlet == "ledger.example.org"


def test_updated_stamp_is_not_the_publication_date() -> None:
    text = (
        "Dockers occupy terminal\n\nUpdated 4 March 2011\n\n"
        "More than two hundred dockers occupied the eastern terminal of the port on Tuesday morning "
        "and said that they would stay there until the closure plan is withdrawn.\n\n"
        "The port authority said that the closure was needed to cut costs and that it would talk to the union.\n"
    )
    clean = clean_document(make_raw(text))
    assert clean.published is None
    assert clean.title == "Dockers occupy terminal"


def test_text_without_an_article_is_rejected() -> None:
    with pytest.raises(CleanError, match="no article"):
        clean_document(make_raw("Home\nNews\nSport\n\nSubscribe | Donate\n\nOctober 2017\nSeptember 2017\n"))
    with pytest.raises(CleanError):
        clean_document(make_raw("   \n\n"))
