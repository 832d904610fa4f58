"""A local pool of worker processes: ``chronicle ingest --workers N``.

The parent process reads the inputs (``chronicle.ingest.read_file``),
skips what the store already holds, and streams the remaining documents to
N worker processes through a bounded window, so an archive is never read
into memory whole. Each worker loads the spaCy model once (pool
initializer) and runs ``process_document`` on one document at a time with
native thread pools pinned to one thread. The parent writes every result
through ``Store.save_processed`` -- one transaction per document, in input
order -- so the store ends up exactly as after the sequential
``Chronicle.ingest``: same document ids, same rows. Resolution runs once at
the end.

Failures stay local to a document: an exception in the pipeline becomes a
``Quarantined`` record (see ``chronicle.runners.worker``), and a worker that
dies outright (killed, out of memory, a crash in native code) is replaced;
the document it was working on is retried alone and quarantined if it kills
a worker again.

Resuming: documents already stored (by SHA-256 of their bytes) are never
sent to a worker; their source is added instead. So an interrupted run,
started again on the same inputs, only does what is left.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal

from chronicle.ingest import DEFAULT_MAX_BYTES, discover, read_file
from chronicle.records import AnnotatedDocument, CleanDocument, EventMention, ProcessedDocument, Quarantined, RawDocument
from chronicle.runners.resolution import resolve_if_needed
from chronicle.runners.worker import THREAD_VARIABLES, Process, peak_rss_bytes, safe_process
from chronicle.service import FileCallback, IngestSummary, ItemCallback
from chronicle.store import Store

NlpLoader = Callable[[], object]

WORKER_DIED = "worker process died while processing this document (killed, out of memory or a native crash)"


@dataclass
class ParallelSummary(IngestSummary):
    """An ``IngestSummary`` plus what the pool measured."""

    workers: int = 1
    seconds: float = 0.0  # wall clock, reading to resolution
    pipeline_seconds: float = 0.0  # sum of per-document pipeline time in the workers
    resolve_seconds: float = 0.0
    worker_peak_rss: dict[int, int] = field(default_factory=dict)  # worker pid -> peak RSS bytes
    pool_restarts: int = 0

    @property
    def documents_per_second(self) -> float:
        return self.new / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class WorkResult:
    """What a worker sends back: the document's analysis without its raw bytes."""

    outcome: tuple[CleanDocument, AnnotatedDocument | None, tuple[EventMention, ...]] | Quarantined
    pid: int
    seconds: float
    peak_rss: int


# ---------------------------------------------------------------- in workers


def _load(nlp_loader: NlpLoader | None):
    if nlp_loader is not None:
        return nlp_loader()
    from chronicle.annotate.nlp import load_model  # lru_cached: once per process

    return load_model()


def _init_worker(nlp_loader: NlpLoader | None) -> None:
    """Load the model when the worker starts, not inside the first document's time."""
    _load(nlp_loader)


def _work(raw: RawDocument, nlp_loader: NlpLoader | None, process: Process | None) -> WorkResult:
    start = time.perf_counter()
    result = safe_process(raw, _load(nlp_loader), process)
    seconds = time.perf_counter() - start
    if isinstance(result, Quarantined):
        return WorkResult(result, os.getpid(), seconds, peak_rss_bytes())
    # The parent still holds the raw document: don't send its bytes back.
    return WorkResult((result.clean, result.annotated, result.events), os.getpid(), seconds, peak_rss_bytes())


def thread_settings() -> dict[str, str | None]:
    """The thread variables as a worker sees them (used by tests)."""
    return {name: os.environ.get(name) for name in THREAD_VARIABLES}


# ---------------------------------------------------------------- in the parent


@contextlib.contextmanager
def pinned_threads() -> Iterator[None]:
    """Set the thread variables to 1 while workers may be started.

    Spawned workers inherit the parent's environment at creation, which is
    the only moment that is early enough: the worker imports numpy (through
    the chronicle package) before any code of ours runs in it. The parent's
    own values are restored afterwards.
    """
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    os.environ.update({name: "1" for name in THREAD_VARIABLES})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass
class _Entry:
    """One step of the sequential ingest, in input order."""

    kind: Literal["quarantine", "document", "file"]
    item: RawDocument | Quarantined | Path
    future: Future | None = None


class _Pool:
    """A process pool that can be replaced after a worker dies."""

    def __init__(self, workers: int, start_method: str, max_tasks_per_child: int | None,
                 nlp_loader: NlpLoader | None, process: Process | None):
        self.workers = workers
        self.context = multiprocessing.get_context(start_method)
        self.max_tasks_per_child = max_tasks_per_child
        self.nlp_loader = nlp_loader
        self.process = process
        self.restarts = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        extra = {"max_tasks_per_child": self.max_tasks_per_child} if self.max_tasks_per_child else {}
        return ProcessPoolExecutor(
            self.workers, mp_context=self.context, initializer=_init_worker, initargs=(self.nlp_loader,), **extra
        )

    def submit(self, raw: RawDocument) -> Future:
        return self.executor.submit(_work, raw, self.nlp_loader, self.process)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()
        self.restarts += 1

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _succeeded(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


class _ParallelIngest:
    def __init__(self, store: Store, pool: _Pool, window: int, summary: ParallelSummary, run_id: int,
                 on_item: ItemCallback | None, on_file_done: FileCallback | None):
        self.store = store
        self.pool = pool
        self.window = window
        self.summary = summary
        self.run_id = run_id
        self.on_item = on_item
        self.on_file_done = on_file_done
        self.pending: deque[_Entry] = deque()
        self.in_flight = 0
        self.seen: set[str] = set()  # sha256 sent to a worker or already stored
        self.failed: dict[str, str] = {}  # sha256 -> reason, for later copies of a quarantined document

    # ------------------------------------------------------------ enqueueing

    def add(self, item: RawDocument | Quarantined) -> None:
        if isinstance(item, Quarantined):
            self.pending.append(_Entry("quarantine", item))
        elif item.sha256 in self.seen or self.store.document_id_for(item.sha256) is not None:
            # Stored already (an earlier run) or on its way: no pipeline work.
            self.seen.add(item.sha256)
            self.pending.append(_Entry("document", item))
        else:
            self.seen.add(item.sha256)
            self.pending.append(_Entry("document", item, self.pool.submit(item)))
            self.in_flight += 1
        self.write_ready()
        while self.in_flight >= self.window:
            self.write_head()

    def file_done(self, path: Path) -> None:
        self.pending.append(_Entry("file", path))
        self.write_ready()

    # --------------------------------------------------------------- writing

    def write_ready(self) -> None:
        """Write head entries that need no waiting."""
        while self.pending and (self.pending[0].future is None or self.pending[0].future.done()):
            self.write_head()

    def write_all(self) -> None:
        while self.pending:
            self.write_head()

    def write_head(self) -> None:
        entry = self.pending.popleft()
        if entry.kind == "file":
            if self.on_file_done:
                self.on_file_done(entry.item)
            return
        if entry.kind == "quarantine":
            self._report(*self._quarantine(entry.item))
            return
        raw = entry.item
        if entry.future is None:
            self._report(*self._known(raw))
            return
        self.in_flight -= 1
        self._report(*self._store_result(raw, self._result(entry)))

    def _result(self, entry: _Entry) -> WorkResult:
        try:
            return entry.future.result()
        except BrokenProcessPool:
            return self._recover(entry)

    def _recover(self, entry: _Entry) -> WorkResult:
        """A worker died: retry the head document alone, then resubmit the rest.

        Retrying alone tells the culprit from the bystanders that died with
        the pool: a bystander succeeds, the culprit kills its worker again and
        is quarantined.
        """
        raw: RawDocument = entry.item
        self.pool.restart()
        try:
            result = self.pool.submit(raw).result()
        except BrokenProcessPool:
            self.pool.restart()
            result = WorkResult(Quarantined(raw.source, WORKER_DIED, raw.sha256, len(raw.raw)), 0, 0.0, 0)
        for other in self.pending:
            if other.future is not None and not _succeeded(other.future):
                other.future = self.pool.submit(other.item)
        return result

    def _store_result(self, raw: RawDocument, result: WorkResult) -> tuple[str, str]:
        s = self.summary
        if result.pid:
            s.pipeline_seconds += result.seconds
            s.worker_peak_rss[result.pid] = max(result.peak_rss, s.worker_peak_rss.get(result.pid, 0))
        if isinstance(result.outcome, Quarantined):
            self.failed[raw.sha256] = result.outcome.reason
            return self._quarantine(result.outcome)
        clean, annotated, events = result.outcome
        saved = self.store.save_processed(ProcessedDocument(raw, clean, annotated, events))
        if saved.is_new:
            s.new += 1
            s.new_document_ids.append(saved.document_id)
            return "new", raw.source
        s.duplicate += 1
        return "duplicate", raw.source

    def _known(self, raw: RawDocument) -> tuple[str, str]:
        """A document not sent to a worker: stored already, or a copy of one in this run."""
        known = self.store.document_id_for(raw.sha256)
        if known is not None:
            self.store.add_source(known, raw.source, raw.container)
            self.summary.duplicate += 1
            return "duplicate", raw.source
        if raw.sha256 in self.failed:
            # Same bytes, same pipeline: it would fail the same way.
            return self._quarantine(Quarantined(raw.source, self.failed[raw.sha256], raw.sha256, len(raw.raw)))
        # Only reachable if the store lost a row under us; process it now.
        return self._store_result(raw, self._result(_Entry("document", raw, self.pool.submit(raw))))

    def _quarantine(self, item: Quarantined) -> tuple[str, str]:
        self.store.quarantine(item, self.run_id)
        self.summary.quarantined += 1
        self.summary.failures.append((item.source, item.reason))
        return "quarantined", f"{item.source}: {item.reason}"

    def _report(self, outcome: str, detail: str) -> None:
        if self.on_item:
            self.on_item(outcome, detail)


def ingest_parallel(
    store: Store,
    paths: Iterable[str | Path],
    workers: int,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    files: list[Path] | None = None,
    window: int | None = None,
    on_item: ItemCallback | None = None,
    on_file_done: FileCallback | None = None,
    start_method: str = "spawn",
    max_tasks_per_child: int | None = None,
    resolve: bool = True,
    nlp_loader: NlpLoader | None = None,
    process: Process | None = None,
) -> ParallelSummary:
    """Ingest ``paths`` into ``store`` with ``workers`` processes.

    Gives the same documents, entities and event mentions, with the same
    ids, as ``Chronicle.ingest``. ``window`` bounds the documents in flight
    (default ``4 * workers``): the parent holds at most that many raw
    documents besides the one file it is reading. ``start_method`` is
    ``spawn`` or ``forkserver``; ``fork`` is refused because a forked child
    inherits the parent's threads and database connections.
    ``nlp_loader`` and ``process`` are for tests; both must be picklable.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if start_method not in ("spawn", "forkserver"):
        raise ValueError(f"start method {start_method!r}: use 'spawn' or 'forkserver'")
    started = time.perf_counter()
    paths = [str(p) for p in paths]
    files = files if files is not None else discover(paths)
    summary = ParallelSummary(files=len(files), workers=workers)
    run_id = store.start_run(paths)
    with pinned_threads():
        pool = _Pool(workers, start_method, max_tasks_per_child, nlp_loader, process)
        try:
            run = _ParallelIngest(store, pool, window or 4 * workers, summary, run_id, on_item, on_file_done)
            for path in files:
                for item in read_file(path, max_bytes=max_bytes):
                    run.add(item)
                run.file_done(path)
            run.write_all()
        finally:
            pool.close()
            summary.pool_restarts = pool.restarts
    store.finish_run(run_id, new=summary.new, duplicate=summary.duplicate, quarantined=summary.quarantined)
    if resolve:
        resolve_started = time.perf_counter()
        resolve_if_needed(store, summary.new_document_ids)
        summary.resolve_seconds = time.perf_counter() - resolve_started
    summary.seconds = time.perf_counter() - started
    return summary
