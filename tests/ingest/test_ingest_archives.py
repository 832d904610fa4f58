"""WARC (FastWARC) and ARC (warcio) input: which records become documents, and damage control."""
from __future__ import annotations

import gzip
import hashlib

import pytest
from archive_builders import (
    REPORT_HTML,
    RUSSIAN_HTML,
    HttpRecord,
    arc_header_record,
    arc_record,
    build_arc,
    build_warc,
    chunked,
    http_block,
)

from chronicle.ingest import read_file
from chronicle.records import Quarantined, RawDocument

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def _quarantined(items):
    return [i for i in items if isinstance(i, Quarantined)]


def _mixed_records() -> list[HttpRecord]:
    return [
        HttpRecord("https://news.example/picket", REPORT_HTML.encode("utf-8")),
        HttpRecord("https://news.example/logo.png", PNG, headers=[("Content-Type", "image/png")]),
        HttpRecord("https://news.example/picket", b"", headers=[("Host", "news.example")], record_type="request"),
        HttpRecord("https://news.example/meta", b"outlinks: none", record_type="metadata",
                   warc_content_type="application/warc-fields"),
        HttpRecord(
            "https://ru.example/piket", RUSSIAN_HTML.encode("cp1251"),
            headers=[("Content-Type", "text/html; charset=windows-1251")],
        ),
        HttpRecord("https://news.example/gone", b"<html><body>Not found</body></html>", status="404 Not Found"),
        HttpRecord("https://news.example/notes.txt", "Court hearing moved to Friday.".encode(), record_type="resource",
                   warc_content_type="text/plain"),
    ]


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_warc_response_records_become_documents(tmp_path, compress):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(b"".join(build_warc(_mixed_records(), compress=compress)))
    items = list(read_file(path))
    assert _quarantined(items) == []
    docs = _docs(items)
    # the image, the request, the metadata and the 404 page are skipped silently
    assert [d.source for d in docs] == [
        "https://news.example/picket",
        "https://ru.example/piket",
        "https://news.example/notes.txt",
    ]
    picket, russian, notes = docs
    assert picket.raw == REPORT_HTML.encode("utf-8")
    assert picket.media_type == "text/html" and picket.container == str(path)
    assert picket.sha256 == hashlib.sha256(picket.raw).hexdigest()
    assert russian.encoding == "cp1251" and russian.text == RUSSIAN_HTML
    assert notes.media_type == "text/plain" and notes.text == "Court hearing moved to Friday."


def test_chunked_and_gzip_encoded_payload_is_decoded(tmp_path):
    body = REPORT_HTML.encode("utf-8")
    records = [
        HttpRecord(
            "https://news.example/a", chunked(gzip.compress(body)),
            headers=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
        ),
        # a record after it must still be read (FastWARC's own decoding loses it)
        HttpRecord("https://news.example/b", body),
    ]
    path = tmp_path / "encoded.warc.gz"
    path.write_bytes(b"".join(build_warc(records, compress=True)))
    docs = _docs(read_file(path))
    assert [d.source for d in docs] == ["https://news.example/a", "https://news.example/b"]
    assert docs[0].raw == body == docs[1].raw
    assert docs[0].sha256 == docs[1].sha256


def test_payload_stored_decoded_under_original_headers_is_kept(tmp_path):
    body = REPORT_HTML.encode("utf-8")
    record = HttpRecord(
        "https://news.example/a", body,
        headers=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
    )
    path = tmp_path / "predecoded.warc"
    path.write_bytes(b"".join(build_warc([record], compress=False)))
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument) and doc.raw == body


def test_html_without_content_type_is_sniffed(tmp_path):
    record = HttpRecord("https://news.example/a", REPORT_HTML.encode(), headers=[("Server", "test")])
    path = tmp_path / "untyped.warc"
    path.write_bytes(b"".join(build_warc([record], compress=False)))
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument) and doc.media_type == "text/html"


def test_html_content_type_with_binary_payload_is_quarantined(tmp_path):
    record = HttpRecord("https://news.example/fake.html", PNG, headers=[("Content-Type", "text/html")])
    path = tmp_path / "liar.warc"
    path.write_bytes(b"".join(build_warc([record], compress=False)))
    [item] = list(read_file(path))
    assert isinstance(item, Quarantined)
    assert item.source == f"{path}#record-1"
    assert "PNG image" in item.reason and "https://news.example/fake.html" in item.reason


def test_malformed_record_is_quarantined_and_reading_goes_on(tmp_path):
    parts = build_warc(
        [HttpRecord(f"https://news.example/{n}", REPORT_HTML.replace("Monday", f"day {n}").encode()) for n in range(3)],
        compress=False,
    )
    parts[1] = parts[1].replace(b"WARC/1.", b"WARX/9.", 1)
    path = tmp_path / "damaged.warc"
    path.write_bytes(b"".join(parts))
    items = list(read_file(path))
    assert [d.source for d in _docs(items)] == ["https://news.example/0", "https://news.example/2"]
    [bad] = _quarantined(items)
    assert bad.source == f"{path}#record-2"
    assert "malformed WARC record" in bad.reason and "\n" not in bad.reason


def test_corrupt_gzip_member_is_skipped(tmp_path):
    parts = build_warc(
        [HttpRecord(f"https://news.example/{n}", REPORT_HTML.replace("Monday", f"day {n}").encode()) for n in range(3)],
        compress=True,
    )
    middle = bytearray(parts[1])
    middle[30:60] = b"\x00" * 30
    parts[1] = bytes(middle)
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(parts))
    items = list(read_file(path))
    assert [d.source for d in _docs(items)] == ["https://news.example/0", "https://news.example/2"]
    [bad] = _quarantined(items)
    assert bad.source == f"{path}#record-2" and "gzip" in bad.reason


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_truncated_archive_is_reported(tmp_path, compress):
    parts = build_warc(
        [HttpRecord(f"https://news.example/{n}", REPORT_HTML.encode()) for n in range(2)], compress=compress
    )
    data = b"".join(parts)
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(data[: len(parts[0]) + len(parts[1]) // 2])
    items = list(read_file(path))
    assert [d.source for d in _docs(items)] == ["https://news.example/0"]
    [bad] = _quarantined(items)
    assert bad.source == f"{path}#record-2"
    assert "truncated" in bad.reason


def test_record_larger_than_limit_is_quarantined_without_reading_it(tmp_path):
    big = ("<html><body>" + "<p>Long report.</p>" * 2000 + "</body></html>").encode()
    records = [
        HttpRecord("https://news.example/big", big),
        HttpRecord("https://news.example/small", REPORT_HTML.encode()),
    ]
    path = tmp_path / "sizes.warc"
    path.write_bytes(b"".join(build_warc(records, compress=False)))
    items = list(read_file(path, max_bytes=10_000))
    [bad] = _quarantined(items)
    assert bad.source == f"{path}#record-1" and "larger than the limit" in bad.reason
    assert [d.source for d in _docs(items)] == ["https://news.example/small"]


def test_not_a_warc_despite_extension(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("Just some notes about the trial.\n")
    [item] = list(read_file(path))
    assert isinstance(item, Quarantined) and item.reason.startswith("malformed WARC")


def test_warc_with_wrong_extension_is_recognised(tmp_path):
    path = tmp_path / "download.bin"
    path.write_bytes(b"".join(build_warc([HttpRecord("https://news.example/a", REPORT_HTML.encode())], compress=True)))
    [doc] = list(read_file(path))
    assert isinstance(doc, RawDocument) and doc.source == "https://news.example/a"


# ------------------------------------------------------------------- ARC


def _arc_records() -> list[bytes]:
    return [
        arc_header_record(),
        arc_record("http://news.example/picket", http_block(REPORT_HTML.encode())),
        arc_record("http://news.example/logo.png", http_block(PNG, "image/png"), "image/png"),
        arc_record(
            "http://ru.example/piket", http_block(RUSSIAN_HTML.encode("cp1251"), "text/html; charset=windows-1251")
        ),
    ]


@pytest.mark.parametrize("compress", [False, True], ids=["arc", "arc.gz"])
def test_arc_records_become_documents(tmp_path, compress):
    path = tmp_path / ("old.arc.gz" if compress else "old.arc")
    path.write_bytes(build_arc(_arc_records(), compress=compress))
    items = list(read_file(path))
    assert _quarantined(items) == []
    picket, russian = _docs(items)
    assert picket.source == "http://news.example/picket" and picket.raw == REPORT_HTML.encode()
    assert picket.container == str(path)
    assert russian.text == RUSSIAN_HTML and russian.encoding == "cp1251"


def test_truncated_arc_is_reported(tmp_path):
    data = build_arc(_arc_records(), compress=False)
    path = tmp_path / "cut.arc"
    path.write_bytes(data[: len(data) - 60])
    items = list(read_file(path))
    assert [d.source for d in _docs(items)] == ["http://news.example/picket"]
    [bad] = _quarantined(items)
    assert bad.source == f"{path}#record-4" and "truncated" in bad.reason


def test_malformed_arc_record_is_quarantined_and_reading_goes_on(tmp_path):
    records = _arc_records()
    records[2] = b"garbage line without fields\n" + records[2].split(b"\n", 1)[1]
    path = tmp_path / "damaged.arc"
    path.write_bytes(build_arc(records, compress=False))
    items = list(read_file(path))
    assert [d.source for d in _docs(items)] == ["http://news.example/picket", "http://ru.example/piket"]
    [bad] = _quarantined(items)
    assert bad.source == f"{path}#record-3" and "malformed ARC record" in bad.reason
