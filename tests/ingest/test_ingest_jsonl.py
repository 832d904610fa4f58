"""JSON Lines input: one document per line, bad lines quarantined as ``file.jsonl:LINE``."""
from __future__ import annotations

import gzip
import hashlib
import json

import pytest

from chronicle.ingest import read_file
from chronicle.records import Quarantined, RawDocument

HTML = "<html><body><p>Суд приговорил активиста к 15 суткам ареста.</p></body></html>"
TEXT = "The appeal court upheld the sentence on Tuesday."


def _write(path, lines: list[str], *, compress: bool = False) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)


@pytest.mark.parametrize("compress", [False, True], ids=["jsonl", "jsonl.gz"])
def test_each_line_is_a_document(tmp_path, compress):
    path = tmp_path / ("feed.jsonl.gz" if compress else "feed.jsonl")
    _write(
        path,
        [
            json.dumps({"url": "https://a.example/1", "html": HTML, "published": "2021-03-09"}, ensure_ascii=False),
            json.dumps({"url": "https://a.example/2", "text": TEXT}),
        ],
        compress=compress,
    )
    first, second = list(read_file(path))
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.source == "https://a.example/1" and first.media_type == "text/html"
    assert first.raw == HTML.encode("utf-8") and first.text == HTML and first.encoding == "utf-8"
    assert first.sha256 == hashlib.sha256(HTML.encode("utf-8")).hexdigest()
    assert first.published_hint == "2021-03-09" and first.container == str(path)
    assert second.media_type == "text/plain" and second.text == TEXT and second.published_hint is None


def test_escaped_unicode_gives_the_same_bytes(tmp_path):
    path = tmp_path / "feed.jsonl"
    _write(path, [json.dumps({"url": "https://a.example/1", "html": HTML}, ensure_ascii=True)])
    [doc] = list(read_file(path))
    assert doc.raw == HTML.encode("utf-8")


def test_meta_charset_inside_a_json_value_is_ignored(tmp_path):
    html = '<html><head><meta charset="windows-1251"></head><body><p>Пикет у суда.</p></body></html>'
    path = tmp_path / "feed.jsonl"
    _write(path, [json.dumps({"url": "https://a.example/1", "html": html}, ensure_ascii=False)])
    [doc] = list(read_file(path))
    assert doc.text == html and doc.encoding == "utf-8"


def test_bad_lines_are_quarantined_and_the_rest_continues(tmp_path):
    path = tmp_path / "feed.jsonl"
    _write(
        path,
        [
            json.dumps({"url": "https://a.example/1", "text": TEXT}),
            '{"url": "https://a.example/2", "text": "unterminated',
            "",
            json.dumps(["https://a.example/3", TEXT]),
            json.dumps({"url": "https://a.example/4", "title": "no body here"}),
            json.dumps({"url": 4, "text": TEXT}),
            json.dumps({"url": "https://a.example/6", "text": "   "}),
            json.dumps({"url": "https://a.example/7", "text": "\ud800 lone surrogate"}),
            json.dumps({"url": "https://a.example/8", "text": TEXT + " Again."}),
        ],
    )
    items = list(read_file(path))
    docs = [i for i in items if isinstance(i, RawDocument)]
    bad = {i.source: i.reason for i in items if isinstance(i, Quarantined)}
    assert [d.source for d in docs] == ["https://a.example/1", "https://a.example/8"]
    assert set(bad) == {f"{path}:{n}" for n in (2, 4, 5, 6, 7, 8)}  # line 3 is blank: skipped
    assert bad[f"{path}:2"].startswith("invalid JSON")
    assert bad[f"{path}:4"] == "unknown JSON structure: expected an object, got list"
    assert bad[f"{path}:5"].startswith("unknown JSON structure: no string 'html' or 'text' field")
    assert "'url'" in bad[f"{path}:6"]
    assert "whitespace only" in bad[f"{path}:7"]
    assert "surrogate" in bad[f"{path}:8"]
    assert all("\n" not in reason for reason in bad.values())


def test_invalid_utf8_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"url": "https://a.example/1", "text": "caf\xe9"}\n' + json.dumps({"text": TEXT}).encode())
    first, second = list(read_file(path))
    assert isinstance(first, Quarantined) and first.source == f"{path}:1" and "not valid UTF-8" in first.reason
    assert isinstance(second, RawDocument) and second.source == f"{path}:2"  # no url: the line names it


def test_over_long_line_is_skipped_without_losing_the_next(tmp_path):
    path = tmp_path / "feed.jsonl"
    _write(
        path,
        [json.dumps({"url": "https://a.example/big", "text": "x" * 50_000}), json.dumps({"url": "u2", "text": TEXT})],
    )
    items = list(read_file(path, max_bytes=1000))
    assert isinstance(items[0], Quarantined) and items[0].source == f"{path}:1"
    assert "longer than the limit" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].source == "u2"


def test_document_over_limit(tmp_path):
    path = tmp_path / "feed.jsonl"
    _write(path, [json.dumps({"url": "https://a.example/1", "text": "y" * 2000})])
    [item] = list(read_file(path, max_bytes=1000))
    assert isinstance(item, Quarantined) and "larger than the limit" in item.reason


def test_truncated_gzip_jsonl_keeps_complete_lines(tmp_path):
    lines = [json.dumps({"url": f"https://a.example/{n}", "text": f"{TEXT} Number {n}."}) for n in range(200)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    items = list(read_file(path))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert 0 < len(docs) < 200
    assert [d.source for d in docs] == [f"https://a.example/{n}" for n in range(len(docs))]
    assert isinstance(items[-1], Quarantined) and "truncated gzip" in items[-1].reason


def test_jsonl_with_other_extension_is_sniffed(tmp_path):
    path = tmp_path / "export.dat"
    _write(path, [json.dumps({"url": "https://a.example/1", "text": TEXT})])
    assert path.suffix == ".dat"
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument) and doc.source == "https://a.example/1"
