"""Bad input never raises: each case is one ``Quarantined`` with a one-line reason naming the problem."""
from __future__ import annotations

import gzip
import os
import subprocess
import tracemalloc

import pytest

import chronicle.ingest.files as ingest_files
from chronicle.ingest import read_file
from chronicle.records import Quarantined, RawDocument


def _quarantine(path, **kwargs) -> Quarantined:
    items = list(read_file(path, **kwargs))
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Quarantined), item
    assert item.source == str(path)
    assert item.reason and "\n" not in item.reason
    return item


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    item = _quarantine(path)
    assert item.reason == "empty file" and item.size == 0


@pytest.mark.parametrize("content", [b"   \n\t\r\n  ", "\u3000\u00a0\n".encode()])
def test_whitespace_only_document(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert "whitespace only" in _quarantine(path).reason


def test_whitespace_only_gzipped_html(tmp_path):
    path = tmp_path / "blank.html.gz"
    path.write_bytes(gzip.compress(b"\n\n   \n"))
    assert "whitespace only" in _quarantine(path).reason


@pytest.mark.parametrize(
    "name,data,kind",
    [
        ("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document"),
        ("bundle.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100), "ZIP archive"),
        ("program", b"\x7fELF\x02\x01\x01\x00" + bytes(100), "ELF executable"),
        ("image.htm", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        ("data.txt", b"some text\x00\x01\x02\x03\xfe\xff\x00\x10 and more\x00\x00\x07", "NUL bytes"),
    ],
)
def test_binary_files_say_which_kind(tmp_path, name, data, kind):
    path = tmp_path / name
    path.write_bytes(data)
    reason = _quarantine(path).reason
    assert reason.startswith("binary file") and kind in reason


def test_binary_inside_gzip(tmp_path):
    path = tmp_path / "photo.html.gz"
    path.write_bytes(gzip.compress(b"\x89PNG\r\n\x1a\n" + bytes(64)))
    assert "PNG image" in _quarantine(path).reason


def test_truncated_gzip(tmp_path):
    data = gzip.compress(("<html><body>" + "<p>Report text.</p>" * 200 + "</body></html>").encode())
    path = tmp_path / "cut.html.gz"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated gzip" in _quarantine(path).reason


def test_corrupt_gzip(tmp_path):
    data = bytearray(gzip.compress(("<html><body>" + "<p>Report text.</p>" * 200 + "</body></html>").encode()))
    data[-8:] = b"\x00" * 8  # wrong CRC and length
    path = tmp_path / "bad.html.gz"
    path.write_bytes(bytes(data))
    assert "corrupt gzip" in _quarantine(path).reason


def test_gzip_header_then_garbage(tmp_path):
    path = tmp_path / "bad.html.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate at all")
    assert "corrupt gzip" in _quarantine(path).reason


def test_sparse_50mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    subprocess.run(["truncate", "-s", "50M", str(path)], check=True)
    tracemalloc.start()
    try:
        item = _quarantine(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "larger than the limit" in item.reason and item.size == 50 * 1024 * 1024
    assert peak < 5 * 1024 * 1024


def test_large_file_with_unknown_extension_is_refused_after_a_peek(tmp_path):
    path = tmp_path / "download"
    path.write_text("The court adjourned the hearing. " * 200)
    item = _quarantine(path, max_bytes=1000)
    assert "larger than the limit" in item.reason and item.size == path.stat().st_size


def test_max_bytes_applies_to_plain_files(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("The court adjourned the hearing. " * 100)
    assert "larger than the limit" in _quarantine(path, max_bytes=1000).reason
    assert isinstance(next(read_file(path, max_bytes=10_000)), RawDocument)


def test_gzip_bomb_is_capped(tmp_path):
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<html><body>" + b" " * (30 * 1024 * 1024) + b"</body></html>"))
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    try:
        item = _quarantine(path, max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "decompressed size larger than the limit" in item.reason
    assert peak < 8 * 1024 * 1024


def test_undecodable_control_characters(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 32)) * 20 + b"a few words")
    assert _quarantine(path).reason.startswith("undecodable bytes")


def test_random_high_bytes_are_undecodable_or_decoded_as_text(tmp_path):
    # Bytes 0x80-0x9f are C1 controls in every encoding that maps them.
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0xA0)) * 30)
    assert _quarantine(path).reason.startswith("undecodable bytes")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("The court adjourned the hearing.")
    path.chmod(0)
    try:
        assert _quarantine(path).reason == "unreadable file: permission denied"
    finally:
        path.chmod(0o644)


def test_permission_denied_when_opening(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("The court adjourned the hearing.")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(ingest_files, "open", refuse, raising=False)
    assert _quarantine(path).reason == "unreadable file: permission denied"


def test_directory_named_like_a_file(tmp_path):
    path = tmp_path / "report.html"
    path.mkdir()
    assert _quarantine(path).reason == "unreadable file: is a directory"


def test_broken_symlink(tmp_path):
    path = tmp_path / "report.txt"
    path.symlink_to(tmp_path / "gone.txt")
    reason = _quarantine(path).reason
    assert reason.startswith("unreadable file: broken symbolic link") and "gone.txt" in reason


def test_missing_file(tmp_path):
    assert _quarantine(tmp_path / "nowhere.txt").reason == "unreadable file: no such file"


def test_fifo_is_not_read(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert "not a regular file (FIFO)" in _quarantine(path).reason


def test_json_that_is_not_json_lines(tmp_path):
    path = tmp_path / "export"
    path.write_text('{\n  "articles": [\n    {"title": "Picket"}\n  ]\n}\n')
    assert _quarantine(path).reason.startswith("unknown JSON structure")
