"""The service entry points the CLI calls."""
from __future__ import annotations

from chronicle.runners.manifest import read_manifest
from chronicle.service import Chronicle
from chronicle.service.runners import ingest_with_workers, write_manifest_for
from chronicle.store import Store
from tests.conftest import SAMPLES
from tests.runners import helpers


def test_one_worker_is_the_sequential_ingest(tmp_path):
    (tmp_path / "in").mkdir()
    helpers.text_report(tmp_path / "in", "a.txt", f"{helpers.REPORTS[0][1]}\n\n{helpers.REPORTS[0][2]}\n")
    service = Chronicle(Store.open(str(tmp_path / "x.db")), nlp_loader=helpers.no_model)
    summary = ingest_with_workers(service, [tmp_path / "in"], workers=1)
    assert type(summary).__name__ == "IngestSummary" and summary.new == 1


def test_manifest_lists_what_ingest_would_read(tmp_path):
    count = write_manifest_for([SAMPLES], tmp_path / "m.txt")
    entries = read_manifest(tmp_path / "m.txt")
    assert count == len(entries) == 8 and entries == sorted(entries)
