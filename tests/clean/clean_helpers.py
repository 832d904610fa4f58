"""Helpers for the clean-stage tests (imported by name; pytest puts this folder on sys.path)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import pytest

from chronicle.records import CleanDocument, RawDocument

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def make_raw(
    text: str,
    media_type: Literal["text/plain", "text/html"] = "text/plain",
    source: str = "report.txt",
    published_hint: str | None = None,
    container: str | None = None,
) -> RawDocument:
    """A RawDocument as ingest would build it from UTF-8 ``text``."""
    data = text.encode("utf-8")
    return RawDocument(
        source=source,
        raw=data,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        text=text,
        encoding="utf-8",
        container=container,
        published_hint=published_hint,
    )


def fixture_raw(name: str) -> RawDocument:
    media_type: Literal["text/plain", "text/html"] = "text/html" if name.endswith(".html") else "text/plain"
    return make_raw((FIXTURES / name).read_text(encoding="utf-8"), media_type, source=str(FIXTURES / name))


def assert_segments_exact(clean: CleanDocument, raw: RawDocument) -> None:
    """Segments tile the cleaned text and every verbatim one matches the raw text."""
    pos = 0
    for seg in clean.segments:
        assert seg.clean_start == pos
        assert seg.clean_end >= seg.clean_start
        pos = seg.clean_end
        if seg.raw_start is not None:
            assert seg.raw_end is not None
            assert clean.text[seg.clean_start : seg.clean_end] == raw.text[seg.raw_start : seg.raw_end]
    assert pos == len(clean.text)


def require_shared() -> Path:
    """The shared evaluation data folder, or skip the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared evaluation data not found at {SHARED}")
    return SHARED
