"""Finding inputs, and the identity of a document across containers."""
from __future__ import annotations

import gzip
import hashlib
import json

from archive_builders import REPORT_HTML, HttpRecord, arc_header_record, arc_record, build_arc, build_warc, http_block

from chronicle.ingest import discover, read_file, read_inputs
from chronicle.records import Quarantined, RawDocument


def test_discover_walks_sorted_and_skips_hidden_and_foreign_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    for name in [
        "b/2.html", "b/1.txt", "a/z.warc.gz", "a/y.jsonl", "a/page", "top.htm", "a/notes.HTML.GZ",
        ".hidden.txt", ".git/x.txt", "make_warc.py", "README.md", "photo.png",
    ]:
        (tmp_path / name).write_text("x")
    found = discover([tmp_path])
    assert found == sorted(found)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/notes.HTML.GZ", "a/page", "a/y.jsonl", "a/z.warc.gz", "b/1.txt", "b/2.html", "top.htm",
    ]


def test_discover_keeps_explicit_paths_and_deduplicates(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "r.txt").write_text("x")
    script = tmp_path / "notes.md"
    script.write_text("x")
    missing = tmp_path / "missing.txt"
    found = discover([tmp_path / "d", str(tmp_path / "d" / "r.txt"), script, missing])
    assert found == sorted([tmp_path / "d" / "r.txt", script, missing])


def test_discover_includes_broken_symlinks_and_does_not_loop(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("The court adjourned the hearing.")
    (tmp_path / "in" / "dead.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "in" / "loop").symlink_to(tmp_path / "in", target_is_directory=True)
    found = discover([tmp_path / "in"])
    assert [p.name for p in found] == ["dead.txt", "ok.txt"]
    items = list(read_inputs([tmp_path / "in"]))
    assert isinstance(items[0], Quarantined) and "broken symbolic link" in items[0].reason
    assert isinstance(items[1], RawDocument)


def test_same_document_from_every_container_has_one_sha256(tmp_path):
    raw = REPORT_HTML.encode("utf-8")
    (tmp_path / "page.html").write_bytes(raw)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(raw))
    warc = build_warc([HttpRecord("https://n.example/p", raw)], compress=True)
    (tmp_path / "crawl.warc.gz").write_bytes(b"".join(warc))
    (tmp_path / "old.arc").write_bytes(
        build_arc([arc_header_record(), arc_record("http://n.example/p", http_block(raw))], compress=False)
    )
    (tmp_path / "feed.jsonl").write_text(json.dumps({"url": "https://n.example/p", "html": REPORT_HTML}) + "\n")
    docs = list(read_inputs([tmp_path]))
    assert len(docs) == 5 and all(isinstance(d, RawDocument) for d in docs)
    assert {d.sha256 for d in docs} == {hashlib.sha256(raw).hexdigest()}
    assert {d.text for d in docs} == {REPORT_HTML}


def test_read_file_accepts_str_paths(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("The court adjourned the hearing.")
    [doc] = list(read_file(str(path)))
    assert doc.source == str(path)


def test_read_bytes_names_sources_after_the_given_name():
    from chronicle.ingest import read_bytes

    parts = build_warc([HttpRecord("https://n.example/p", REPORT_HTML.encode())], compress=True)
    parts.append(b"\x1f\x8b\x08\x00" + b"\x00" * 20)  # a damaged last member
    items = list(read_bytes("s3://bucket/crawl.warc.gz", b"".join(parts)))
    assert isinstance(items[0], RawDocument) and items[0].container == "s3://bucket/crawl.warc.gz"
    assert isinstance(items[1], Quarantined) and items[1].source == "s3://bucket/crawl.warc.gz#record-2"
    [empty] = list(read_bytes("s3://bucket/empty.txt", b""))
    assert isinstance(empty, Quarantined) and empty.reason == "empty file"
