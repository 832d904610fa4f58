"""Ingest on the shared news pages (third-party data: read from ../shared, never copied)."""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from chronicle.ingest import read_inputs
from chronicle.ingest.decode import decode
from chronicle.records import RawDocument

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PAGES = SHARED / "benchmarks" / "content-scrapinghub"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here: the shared evaluation data sits beside the repository")
    return path


def test_every_news_page_becomes_one_document():
    html_dir = _need(PAGES / "html")
    files = sorted(html_dir.glob("*.html.gz"))
    items = list(read_inputs([html_dir]))
    assert len(items) == len(files) > 0
    for path, item in zip(files, items):
        assert isinstance(item, RawDocument), item
        raw = gzip.decompress(path.read_bytes())
        assert item.raw == raw and item.sha256 == hashlib.sha256(raw).hexdigest()
        assert item.media_type == "text/html" and item.source == str(path) and item.container == str(path)
        try:
            strict = raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8")
        except UnicodeDecodeError:
            continue
        assert item.text == strict  # valid UTF-8 is read as UTF-8, whatever the page declares


def test_seed_reports_are_read_as_utf8_text():
    seeds = sorted(_need(SHARED / "seeds").glob("*.txt"))
    docs = list(read_inputs(seeds))
    assert len(docs) == len(seeds) > 0
    for path, doc in zip(seeds, docs):
        assert isinstance(doc, RawDocument) and doc.media_type == "text/plain"
        assert doc.text == path.read_text(encoding="utf-8")


def _gold_texts() -> list[str]:
    gold = json.loads(_need(PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    return [page["articleBody"] for page in gold.values() if page["articleBody"].strip()]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_gold_articles_round_trip_through_utf16(encoding):
    for text in _gold_texts():
        assert decode(text.encode(encoding), html=False).text == text


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_cyrillic_gold_articles_round_trip_through_legacy_encodings(encoding):
    cyrillic = [t for t in _gold_texts() if sum("\u0400" <= c <= "\u04ff" for c in t) > len(t) / 3]
    if not cyrillic:
        pytest.skip("no Cyrillic article in the shared pages")
    for text in cyrillic:
        try:
            raw = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        assert decode(raw, html=False).text == text
