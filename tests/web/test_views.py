"""Presentation helpers: highlighting, the timeline chart, links."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chronicle.web.views import Mark, highlight, http_url, query_url, safe_next, timeline_chart


@st.composite
def text_and_marks(draw):
    text = draw(st.text(min_size=0, max_size=80))
    n = len(text)
    marks = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, max(0, n + 2)))
        end = draw(st.integers(start, max(start, n + 4)))
        marks.append(Mark(start, end, (f"c{i}",), title=f"t{i}"))
    return text, marks


@given(text_and_marks())
def test_highlight_runs_give_back_the_text(case):
    text, marks = case
    runs = highlight(text, marks)
    assert "".join(r.text for r in runs) == text
    assert all(r.text for r in runs)


@given(text_and_marks())
def test_every_character_carries_exactly_the_marks_covering_it(case):
    text, marks = case
    pos = 0
    for run in highlight(text, marks):
        for offset in range(len(run.text)):
            i = pos + offset
            expected = {m.classes[0] for m in marks if m.start <= i < m.end and m.start < m.end}
            assert set(run.classes) == expected
        pos += len(run.text)


def test_innermost_mark_gives_the_title():
    runs = highlight("Irina Volk was held", [Mark(0, 19, ("evidence",), "sentence"), Mark(6, 10, ("ent",), "Volk")])
    assert [(r.text, r.title) for r in runs] == [("Irina ", "sentence"), ("Volk", "Volk"), (" was held", "sentence")]


def test_timeline_chart_places_events_in_date_order_without_overlap():
    events = [
        {"id": "e1", "label": "arrest", "url": "/events/1", "status": "occurred", "date": {"value": "2022-06-01", "precision": "day"}},
        {"id": "e2", "label": "release", "url": "/events/2", "status": "expected", "date": {"value": "2022-06-02", "precision": "day"}},
        {"id": "e3", "label": "strike", "url": "/events/3", "status": "occurred", "date": {"value": "2022-06", "precision": "month"}},
        {"id": "e4", "label": "undated", "url": "/events/4", "status": "occurred", "date": {"value": None, "precision": "unknown"}},
    ]
    chart = timeline_chart(events)
    assert [i.label for i in chart.items] == ["arrest", "strike", "release"]  # by first day, then id
    arrest, strike, release = chart.items
    assert strike.x2 > strike.x  # a month is drawn as a bar
    assert arrest.x < release.x and arrest.lane != release.lane  # close dates take separate lanes
    assert all(0 <= i.x <= chart.width for i in chart.items)
    assert timeline_chart([events[3]]) is None


def test_links_from_untrusted_strings():
    assert http_url("https://example.org/a") == "https://example.org/a"
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "file:///etc", "warc.gz", None):
        assert http_url(bad) is None
    assert safe_next("/people/1?x=2") == "/people/1?x=2"
    for bad in ("//evil.example", "https://evil.example", "/\\evil.example", "", None):
        assert safe_next(bad) == "/"
    assert query_url("/events", {"type": "arrest", "page": "3"}, country="BY") == "/events?type=arrest&country=BY"
    assert query_url("/events", {"type": "arrest"}, type=None) == "/events"
