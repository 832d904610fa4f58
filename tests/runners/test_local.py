"""The worker pool stores what the sequential ingest stores, survives bad documents and resumes."""
from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from chronicle.ingest import discover
from chronicle.records import RawDocument
from chronicle.runners.local import WORKER_DIED, ParallelSummary, ingest_parallel, _ParallelIngest
from chronicle.runners.resolution import resolution_is_stale
from chronicle.service import Chronicle
from chronicle.store import Store
from tests.conftest import SAMPLES
from tests.runners import helpers
from tests.runners.helpers import REPORTS, snapshot, text_report


def reports(directory: Path, count: int = 3, start: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [
        text_report(directory, f"r{n}.txt", f"{REPORTS[n % 3][1]} ({n})\n\n{REPORTS[n % 3][2]}\n")
        for n in range(start, start + count)
    ]


def test_a_failing_document_is_quarantined_and_the_run_goes_on(tmp_path):
    files = reports(tmp_path / "in")
    text_report(tmp_path / "in", "r9.txt", "EXPLODE: this report makes the pipeline raise.\n")
    store = Store.open(str(tmp_path / "x.db"))
    done: list[Path] = []
    outcomes: list[str] = []
    summary = ingest_parallel(store, [tmp_path / "in"], 2, nlp_loader=helpers.no_model, process=helpers.explode_on_marker,
                              on_file_done=done.append, on_item=lambda outcome, _: outcomes.append(outcome))
    assert (summary.new, summary.quarantined) == (3, 1)
    [(source, reason)] = summary.failures
    assert source.endswith("r9.txt") and reason == "pipeline error: RuntimeError: boom with a second line"
    assert done == discover([tmp_path / "in"]) and len(files) + 1 == len(done)  # every file, in order
    assert outcomes == ["new", "new", "new", "quarantined"]
    assert [q.source for q in store.quarantined()] == [source]


def test_a_worker_that_dies_costs_one_document(tmp_path):
    reports(tmp_path / "in", 4)
    text_report(tmp_path / "in", "r1b.txt", "DIE: this report kills its worker process.\n")
    store = Store.open(str(tmp_path / "x.db"))
    summary = ingest_parallel(store, [tmp_path / "in"], 2, nlp_loader=helpers.no_model, process=helpers.die_on_marker)
    assert summary.new == 4
    assert [(Path(s).name, r) for s, r in summary.failures] == [("r1b.txt", WORKER_DIED)]
    assert summary.pool_restarts >= 2  # once when it died with company, once when it died alone
    assert [d.source for d in store.documents()] == [str(p) for p in discover([tmp_path / "in"]) if p.name != "r1b.txt"]


def test_workers_run_with_single_threaded_numerics(tmp_path, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "8")
    reports(tmp_path / "in", 2)
    summary = ingest_parallel(Store.open(str(tmp_path / "x.db")), [tmp_path / "in"], 2, nlp_loader=helpers.no_model,
                              process=helpers.thread_report)
    assert {reason for _, reason in summary.failures} == {"MKL_NUM_THREADS=1,OMP_NUM_THREADS=1,OPENBLAS_NUM_THREADS=1"}
    import os

    assert os.environ["OMP_NUM_THREADS"] == "8"  # the parent's own setting is given back


def test_resume_sends_only_unstored_documents_to_workers(tmp_path, monkeypatch):
    log = tmp_path / "processed.log"
    monkeypatch.setenv("CHRONICLE_TEST_LOG", str(log))
    first = reports(tmp_path / "in", 2)
    store = Store.open(str(tmp_path / "x.db"))
    # An interrupted run: documents committed, resolution never ran.
    ingest_parallel(store, [tmp_path / "in"], 1, nlp_loader=helpers.no_model, resolve=False)
    later = reports(tmp_path / "in", 2, start=2)
    copy = text_report(tmp_path / "in", "copy-of-r0.txt", first[0].read_text(encoding="utf-8"))
    summary = ingest_parallel(store, [tmp_path / "in"], 2, nlp_loader=helpers.no_model, process=helpers.logging_process)
    assert sorted(log.read_text().split()) == sorted(str(p) for p in later)
    assert (summary.new, summary.duplicate) == (2, 3)
    assert len(list(store.documents())) == 4
    assert str(copy) in next(d for d in store.documents() if d.source == str(first[0])).sources
    assert not resolution_is_stale(store)


def test_resolution_runs_after_a_run_that_stopped_before_it(tmp_path, nlp):
    reports(tmp_path / "in", 2)
    store = Store.open(str(tmp_path / "x.db"))
    Chronicle(store, nlp_loader=lambda: nlp).ingest([tmp_path / "in"])
    fresh = Store.open(str(tmp_path / "y.db"))
    service = Chronicle(fresh, nlp_loader=lambda: nlp)
    for path in discover([tmp_path / "in"]):  # what a killed run leaves: documents, no resolution
        from chronicle.ingest import read_file
        from chronicle.pipeline import process_document

        for raw in read_file(path):
            fresh.save_processed(process_document(raw, nlp))
    assert resolution_is_stale(fresh)
    summary = ingest_parallel(fresh, [tmp_path / "in"], 1, nlp_loader=helpers.no_model)
    assert summary.new == 0 and not resolution_is_stale(fresh)
    assert fresh.resolution().identities.keys() == store.resolution().identities.keys()
    service.close()


class LazyFuture(Future):
    """A future that computes its result only when asked, like a slow worker."""

    def __init__(self, value):
        super().__init__()
        self.value = value

    def done(self):
        return super().done()

    def result(self, timeout=None):
        if not super().done():
            self.set_result(self.value)
        return super().result(timeout)


class FakePool:
    def __init__(self):
        self.submitted: list[str] = []

    def submit(self, raw: RawDocument):
        from chronicle.pipeline import process_document
        from chronicle.runners.local import WorkResult

        self.submitted.append(raw.source)
        p = process_document(raw, None)
        return LazyFuture(WorkResult((p.clean, p.annotated, p.events), 1, 0.0, 0))


def test_in_flight_documents_stay_within_the_window_and_are_written_in_order(tmp_path):
    from chronicle.ingest import read_file

    files = reports(tmp_path / "in", 9)
    dup = text_report(tmp_path / "in", "z-copy.txt", files[4].read_text(encoding="utf-8"))
    store = Store.open(str(tmp_path / "x.db"))
    pool = FakePool()
    written: list[str] = []
    run = _ParallelIngest(store, pool, 3, ParallelSummary(), store.start_run([]), lambda o, d: written.append(d), None)
    peak = 0
    for path in discover([tmp_path / "in"]):
        for item in read_file(path):
            run.add(item)
            peak = max(peak, run.in_flight)
    run.write_all()
    assert peak == 2  # the third submission forces the oldest to be written
    assert written == [str(p) for p in discover([tmp_path / "in"])]
    assert str(dup) not in pool.submitted and len(pool.submitted) == 9


@pytest.mark.slow
def test_parallel_ingest_equals_sequential_on_the_sample_corpus(tmp_path, nlp):
    sequential = Chronicle(Store.open(str(tmp_path / "seq.db")), nlp_loader=lambda: nlp)
    sequential.ingest([SAMPLES])
    store = Store.open(str(tmp_path / "par.db"))
    summary = ingest_parallel(store, [SAMPLES], 2)
    assert (summary.new, summary.quarantined) == (10, 0)
    assert len(summary.worker_peak_rss) == 2 and all(rss > 50 * 2**20 for rss in summary.worker_peak_rss.values())
    assert snapshot(store) == snapshot(sequential.store)
    expected = sequential.store.resolution()
    got = store.resolution()
    assert {k: (i.name, i.members) for k, i in got.identities.items()} == {k: (i.name, i.members) for k, i in expected.identities.items()}
    assert got.events == expected.events
