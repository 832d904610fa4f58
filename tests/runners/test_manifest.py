"""Manifests: order kept, blanks and comments dropped, local entries told from URIs."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from chronicle.runners.manifest import entry_name, is_local, local_path, manifest_for, parse_manifest, read_manifest, write_manifest
from tests.conftest import SAMPLES

entries = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc")), min_size=1, max_size=30).map(
    str.strip
).filter(lambda e: e and not e.startswith("#"))


@given(st.lists(entries, max_size=20), st.lists(st.sampled_from(["", "   ", "# note", "#"]), max_size=5))
def test_parse_keeps_first_occurrences_in_order(items, noise):
    text = "\n".join(noise + items + noise)
    parsed = parse_manifest(text)
    assert parsed == list(dict.fromkeys(items))


@given(st.lists(entries, max_size=10))
def test_write_then_read_round_trips(tmp_path_factory, items):
    path = tmp_path_factory.mktemp("m") / "manifest.txt"
    write_manifest(items, path)
    assert read_manifest(path) == list(dict.fromkeys(items))


def test_local_entries_and_uris():
    assert is_local("/data/crawl/a.warc.gz") and is_local("relative/a.txt") and is_local("file:///data/a%20b.html")
    assert not is_local("s3://bucket/crawl/a.warc.gz") and not is_local("hdfs://nn:8020/x.warc")
    assert local_path("file:///data/a%20b.html") == Path("/data/a b.html")
    assert entry_name("s3://bucket/crawl/CC-1.warc.gz?versionId=3") == "CC-1.warc.gz"
    assert entry_name("/data/x/report.html.gz") == "report.html.gz"


def test_manifest_for_follows_discovery_with_absolute_paths():
    from chronicle.ingest import discover

    found = manifest_for([SAMPLES])
    assert found == [str(p.absolute()) for p in discover([SAMPLES])]
    assert found and all(Path(e).is_absolute() for e in found)
