"""How a page names itself, its headline and its dateline, in plain text and HTML.

Fixtures are fictional pages written for these tests: a news site whose
masthead and copyright line name it (tideway_courier.txt), a weekly whose
menus are rows of items and whose headline sits right above the article with
only a "From <Outlet>, <date>" dateline above it (red_lantern_weekly.txt), and
an HTML page with a kicker, a headline and a dateline inside the article and
a JSON-LD publisher name that is only the domain (velmora_courier.html).
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.clean import CleanError, clean_document
from chronicle.clean.html import choose_outlet, declared_site_name, looks_like_host, strip_leading_meta
from chronicle.clean.text import copyright_name, from_dateline_outlet, is_menu_line
from chronicle.records import PartialDate

from clean_helpers import assert_segments_exact, fixture_raw, make_raw

COURIER_URL = "https://velmoracourier.example/2022/04/20/ferry-crews-rest-days/"

# ------------------------------------------------------------- menu lines

MENU_WORDS = ["Home", "News", "Labour", "Campaigns", "Theory", "Letters", "Workers' movement", "About us"]


@given(st.lists(st.sampled_from(MENU_WORDS), min_size=2, max_size=6), st.integers(3, 8))
def test_items_separated_by_runs_of_spaces_are_a_menu(items: list[str], gap: int) -> None:
    assert is_menu_line((" " * gap).join(items))
    assert is_menu_line("\t".join(items))


@given(st.lists(st.sampled_from(["the", "crews", "walked", "out", "on", "Monday", "port"]), min_size=2, max_size=12))
def test_sentences_with_single_or_double_spaces_are_not_menus(words_: list[str]) -> None:
    assert not is_menu_line(" ".join(words_))
    assert not is_menu_line("  ".join(words_))  # two spaces after a full stop is a typing habit


def test_menu_row_is_never_the_title() -> None:
    clean = clean_document(fixture_raw("red_lantern_weekly.txt"))
    assert clean.title is not None and not is_menu_line(clean.title)


# ------------------------------------------------------ names a page gives itself


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("(c) 2022 Tideway Courier. All rights reserved.", "Tideway Courier"),
        ("© 2022 Red Lantern Weekly", "Red Lantern Weekly"),
        ("Copyright © 2009-2022, The Velmora Voice", "The Velmora Voice"),
        ("© The Velmora Voice 2022", "The Velmora Voice"),
        ("© 2022 Harbourvoice.example All Rights Reserved", "Harbourvoice.example"),
        # Not the site: an owning company, a photo credit, a credit mid-line, a policy link.
        ("© 2022 Estuary Media Group, Inc. All rights reserved.", None),
        ("© 2022 Tideway Holdings, LLC", None),
        ("© Jane Marlow", None),
        ("Match data © Scoreline 2022", None),
        ("Copyright policy", None),
        ("© 2022 All rights reserved", None),
    ],
)
def test_copyright_name(line: str, expected: str | None) -> None:
    assert copyright_name(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("From Red Lantern Weekly, 2 June 2022", "Red Lantern Weekly"),
        ("From the Velmora Courier, 20 April 2022", "The Velmora Courier"),
        ("From The Northern Ledger newspaper, 3 March 2011", "The Northern Ledger"),
        ("From Red Lantern Weekly | Thursday, 2 June 2022", "Red Lantern Weekly"),
        ("From our correspondent, 2 June 2022", None),
        ("From Corran to the capital, dockers march", None),
    ],
)
def test_from_dateline_outlet(line: str, expected: str | None) -> None:
    assert from_dateline_outlet(line) == expected


def test_masthead_confirmed_by_the_page_footer() -> None:
    raw = fixture_raw("tideway_courier.txt")
    clean = clean_document(raw)
    assert clean.outlet == "Tideway Courier"
    # The masthead and its tagline are not the headline.
    assert clean.title == "Ferry crews walk out over rota cuts at Port Elm terminal"
    assert clean.published == PartialDate("2022-04-12", "day")
    assert clean.text.startswith("About sixty deckhands and engineers")
    assert clean.text.endswith("warned the company in writing twice since January.")
    for furniture in ("Share", "Related", "newsletter", "(c) 2022", "Labour / Port Elm"):
        assert furniture not in clean.text
    assert_segments_exact(clean, raw)


def test_declared_name_beats_a_domain_and_a_source_host() -> None:
    text = fixture_raw("tideway_courier.txt").text
    # Without the masthead, the copyright line still names the site, and a
    # name wins over the domain the footer repeats and over the URL's host.
    no_masthead = text.replace("Tideway Courier - news from the estuary towns\n", "")
    assert clean_document(make_raw(no_masthead)).outlet == "Tideway Courier"
    from_url = make_raw(no_masthead, source="https://tidewaycourier.example.net/2022/04/12/ferry-crews")
    assert clean_document(from_url).outlet == "Tideway Courier"
    # With no name declared anywhere, the domain the page keeps naming is used.
    anonymous = no_masthead.replace("(c) 2022 Tideway Courier. All rights reserved.\n", "")
    anonymous = anonymous.replace("told the Tideway Courier", "told this newspaper")
    anonymous = anonymous.replace("Get the Tideway Courier newsletter", "Get our newsletter")
    assert clean_document(make_raw(anonymous)).outlet == "tidewaycourier.example.net"


def test_unconfirmed_first_line_is_not_a_masthead() -> None:
    # A first line that nothing else on the page repeats is not taken as the site's name.
    text = fixture_raw("tideway_courier.txt").text
    text = text.replace("(c) 2022 Tideway Courier. All rights reserved.\n", "")
    text = text.replace("told the Tideway Courier", "told this newspaper")
    text = text.replace("Get the Tideway Courier newsletter", "Get our newsletter")
    assert clean_document(make_raw(text)).outlet != "Tideway Courier"


# --------------------------------------------------- headline and dateline in text


def test_headline_right_above_the_body_is_the_title() -> None:
    raw = fixture_raw("red_lantern_weekly.txt")
    clean = clean_document(raw)
    assert clean.title == "Free the Corran Dockers!"
    assert clean.text.startswith("Three dockers from Corran were detained")
    assert clean.text.endswith("We will report on the hearing in a coming issue.")
    assert clean.outlet == "Red Lantern Weekly"
    assert clean.published == PartialDate("2022-06-02", "day")
    assert "Red Lantern Weekly" not in clean.text  # neither the dateline nor the appeal
    assert_segments_exact(clean, raw)


def test_dateline_opening_the_body_is_metadata() -> None:
    text = (
        "Harbour News\n\n"
        "From Harbour News, 4 May 2022.\n"
        "Dock workers in Corran voted on Friday to accept a new pay offer after a ballot that ran for two weeks.\n\n"
        "The union said that more than eight in ten of its members had taken part in the vote.\n"
    )
    raw = make_raw(text)
    clean = clean_document(raw)
    assert clean.text.startswith("Dock workers in Corran voted")
    assert clean.published == PartialDate("2022-05-04", "day")
    assert clean.outlet == "Harbour News"
    assert_segments_exact(clean, raw)


# ------------------------------------------------------------------- HTML


def test_html_kicker_headline_and_dateline_are_not_body() -> None:
    raw = make_raw(fixture_raw("velmora_courier.html").text, "text/html", source=COURIER_URL)
    clean = clean_document(raw)
    assert clean.title == "Velmora ferry crews win back their rest days"
    assert clean.text.startswith("The ferry crews of Velmora went back to work")
    for meta in ("Ports / Labour", "From the Velmora Courier", "win back their rest days"):
        assert meta not in clean.text
    assert clean.published == PartialDate("2022-04-20", "day")
    assert_segments_exact(clean, raw)


def test_html_declared_site_name_beats_a_domain() -> None:
    # The JSON-LD publisher name is only the domain; og:site_name is the name.
    raw = make_raw(fixture_raw("velmora_courier.html").text, "text/html", source=COURIER_URL)
    assert clean_document(raw).outlet == "Velmora Courier"


def test_html_dateline_names_the_outlet_when_the_markup_does_not() -> None:
    html = fixture_raw("velmora_courier.html").text
    html = html.replace('<meta property="og:site_name" content="Velmora Courier">', "")
    html = html.replace('"publisher": {"@type": "Organization", "name": "velmoracourier.example"}', '"x": 1')
    raw = make_raw(html, "text/html", source="https://www.velmoracourier.example/2022/04/20/ferry/")
    clean = clean_document(raw)
    assert clean.outlet == "The Velmora Courier"
    # Without any name, the URL's host.
    html = html.replace('<p class="dateline">From the Velmora Courier, 20 April 2022</p>', "")
    raw = make_raw(html, "text/html", source="https://www.velmoracourier.example/2022/04/20/ferry/")
    assert clean_document(raw).outlet == "velmoracourier.example"


def test_html_date_from_a_dateline_that_is_stripped_from_the_body() -> None:
    html = fixture_raw("velmora_courier.html").text
    html = html.replace('<meta property="article:published_time" content="2022-04-20T08:00:00+00:00">', "")
    clean = clean_document(make_raw(html, "text/html", source="courier.html"))
    assert clean.published == PartialDate("2022-04-20", "day")
    assert not clean.text.startswith("From")


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            '<meta property="og:site_name" content="The Velmora Courier | VelmoraCourier.example">',
            "The Velmora Courier",
        ),
        ("<meta content='Velmora Courier' property='og:site_name'>", "Velmora Courier"),
        ('<meta name="application-name" content="Velmora &amp; District Courier">', "Velmora & District Courier"),
        ('<meta property="og:site_name" content="velmoracourier.example">', None),
        ('<meta property="og:title" content="A headline">', None),
    ],
)
def test_declared_site_name(meta: str, expected: str | None) -> None:
    assert declared_site_name(f"<html><head>{meta}</head><body></body></html>") == expected


@pytest.mark.parametrize(
    ("sitename", "declared", "url", "expected"),
    [
        ("Velmora Courier", "Velmora Courier Online", None, "Velmora Courier"),
        ("velmoracourier.example", "Velmora Courier", None, "Velmora Courier"),
        (None, "Velmora Courier", COURIER_URL, "Velmora Courier"),
        ("Velmora.example", None, COURIER_URL, "Velmora.example"),
        (None, None, "https://www.velmoracourier.example/x", "velmoracourier.example"),
        (None, None, None, None),
    ],
)
def test_choose_outlet(sitename: str | None, declared: str | None, url: str | None, expected: str | None) -> None:
    assert choose_outlet(sitename, declared, url) == expected


@pytest.mark.parametrize("name", ["example.org", "www.velmora.example", "https://news.example.co.uk/", "Phys.org"])
def test_hosts_look_like_hosts(name: str) -> None:
    assert looks_like_host(name)


@pytest.mark.parametrize("name", ["Velmora Courier", "The Daily Example", "BBC News"])
def test_names_do_not_look_like_hosts(name: str) -> None:
    assert not looks_like_host(name)


TITLE = "Ferry crews win back rest days"
PARAGRAPH = "The crews went back to work on Tuesday after the operator agreed to restore the third rest day."


@pytest.mark.parametrize(
    "lead",
    [
        f"{TITLE}\n",
        f"Ports / Labour\n{TITLE}\n",
        f"Labour\n{TITLE}\n",
        f"Ports / Labour {TITLE}\n",
        "From the Velmora Courier, 20 April 2022\n",
        f"Ports / Labour\n{TITLE}\nFrom the Velmora Courier, 20 April 2022\n",
        "Ports / Labour\n",
    ],
)
def test_strip_leading_meta(lead: str) -> None:
    assert strip_leading_meta(lead + PARAGRAPH + "\nSecond paragraph.", TITLE) == PARAGRAPH + "\nSecond paragraph."


def test_strip_leading_meta_keeps_an_opening_sentence() -> None:
    text = "Nothing changed.\n" + PARAGRAPH
    assert strip_leading_meta(text, TITLE) == text
    # A headline repeated further down is not at the top: left alone.
    text = PARAGRAPH + "\n" + TITLE
    assert strip_leading_meta(text, TITLE) == text


@given(
    st.lists(
        st.sampled_from([TITLE, "Ports / Labour", "From the Velmora Courier, 20 April 2022", PARAGRAPH, "", "Labour"]),
        min_size=1,
        max_size=6,
    )
)
def test_strip_leading_meta_only_removes_a_prefix_and_never_empties(lines: list[str]) -> None:
    text = "\n".join(lines)
    out = strip_leading_meta(text, TITLE)
    assert text.endswith(out)
    if text.strip():
        assert out.strip()


LINES = [
    "Red Lantern Weekly",
    "© 2022 Red Lantern Weekly",
    "From Red Lantern Weekly, 2 June 2022",
    "Free the Corran Dockers!",
    "Home    News    Campaigns",
    "",
    "Three dockers were detained on Tuesday and a magistrate remanded them in custody until the hearing.",
    "Share: Facebook",
    "May 2022",
    "—",
    "From the, 2 June 2022",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=20))
def test_any_mix_of_mastheads_datelines_and_menus_cleans_consistently(lines: list[str]) -> None:
    raw = make_raw("\n".join(lines))
    try:
        clean = clean_document(raw)
    except CleanError:
        return
    assert clean.text.strip()
    assert clean.title is None or (not is_menu_line(clean.title) and clean.title not in clean.text.split("\n")[:1])
    assert_segments_exact(clean, raw)
