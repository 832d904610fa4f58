"""Segments map cleaned text back to the raw text exactly."""
from __future__ import annotations

import html as htmllib

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.clean import CleanError, clean_document
from chronicle.clean.segments import align, join_slices
from chronicle.records import CleanDocument

from clean_helpers import assert_segments_exact, make_raw

raw_texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


def _check(clean_text: str, segments, raw_text: str) -> None:
    doc = CleanDocument(sha256="x", source="s", text=clean_text, segments=tuple(segments))
    assert_segments_exact(doc, make_raw(raw_text))


@given(raw_texts, st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=6))
def test_join_slices_is_exact(raw: str, cuts: list[tuple[int, int]]) -> None:
    points = sorted({min(p, len(raw)) for pair in cuts for p in pair})
    spans = list(zip(points[0::2], points[1::2]))
    text, segments = join_slices(raw, spans)
    _check(text, segments, raw)
    assert text.replace("\n\n", "") == "".join(raw[s:e] for s, e in spans if e > s).replace("\n\n", "")


@given(raw_texts, raw_texts)
def test_align_arbitrary_texts_is_exact(clean: str, raw: str) -> None:
    _check(clean, align(clean, raw), raw)


@given(st.lists(st.text(alphabet="abcdefghij ’&<>\"", min_size=1, max_size=40), min_size=1, max_size=8))
def test_align_recovers_html_paragraphs(paragraphs: list[str]) -> None:
    raw = "<html><body>" + "".join(f"<p>{htmllib.escape(p)}</p>\n" for p in paragraphs) + "</body></html>"
    clean = "\n".join(paragraphs)
    segments = align(clean, raw)
    _check(clean, segments, raw)
    # Text without characters that HTML escapes is found verbatim.
    plain = [p for p in paragraphs if not set(p) & set("&<>\"'") and p.strip()]
    covered = sum(s.clean_end - s.clean_start for s in segments if s.raw_start is not None)
    assert covered >= sum(len(p.strip()) for p in plain) - len(plain)


line_pool = st.sampled_from(
    [
        "Home",
        "Subscribe | Donate",
        "October 2017",
        "Share on Facebook",
        "The committee met on Tuesday and agreed to continue the strike until the end of the month.",
        "Police said that three people had been detained and would appear in court on Friday.",
        "Related links:",
        "Leave a Reply",
        "",
        "   ",
        "A short line.",
    ]
)


@settings(max_examples=60)
@given(st.lists(line_pool, min_size=1, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_text_cleaner_segments_are_exact(lines: list[str], newline: str) -> None:
    raw = make_raw(newline.join(lines))
    try:
        clean = clean_document(raw)
    except CleanError:
        return  # no article in this draw: CleanError is the expected outcome
    assert_segments_exact(clean, raw)
    assert any(s.raw_start is not None for s in clean.segments)
