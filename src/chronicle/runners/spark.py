"""The PySpark job: a manifest of inputs in, Parquet tables out.

    spark-submit src/chronicle/runners/spark.py MANIFEST OUT_DIR [--partitions N]
    python -m chronicle.runners.spark MANIFEST OUT_DIR --master 'local[2]'

Each manifest entry (a WARC, ARC, JSON Lines, HTML or text file; a local
path or a URI ``pyarrow.fs`` opens) is read on an executor with the ingest
stage's own reader (:func:`chronicle.runners.worker.read_entry`) and every
document goes through ``chronicle.pipeline.process_document`` inside
``mapPartitionsWithIndex``, with the spaCy model loaded once per Python
worker (``load_model`` is ``lru_cache``'d and Spark reuses its Python
workers). Each task streams its rows into one Parquet part file per table
(:class:`chronicle.runners.parquet.PartWriter`) -- documents are never
cached or shuffled -- and hands back only identity candidates and
per-input counts. A second job groups the candidates by blocking key and
writes ``identity_judgements``. The tables are described in
:mod:`chronicle.runners.parquet`; the loader (:mod:`chronicle.runners.loader`,
``chronicle spark load``) puts them into a store.

Resuming: every run is a *batch* with its own directory in each table
(``documents/batch=B/``). ``inputs/batch=B`` and its ``_SUCCESS`` are
written last, by the driver, and are the commit: a later run skips every
input listed in a committed batch and deletes the directories of batches
that never committed. ``--batch-files`` splits a long manifest into
several batches, so a failure costs at most one batch's work.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from chronicle.ingest import DEFAULT_MAX_BYTES
from chronicle.records import Quarantined
from chronicle.runners import blocking
from chronicle.runners.manifest import is_local, local_path, parse_manifest
from chronicle.runners.parquet import DOCUMENT_TABLES, SCHEMA_VERSION, PartWriter, commit_batch, quarantine_row, rows_for
from chronicle.runners.worker import THREAD_VARIABLES, Process, peak_rss_bytes, read_entry, safe_process

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Item = tuple[int, int, str, "RawDocument | Quarantined"]  # input_index, item_index, input, document

# ------------------------------------------------------------ on executors


def read_partition(entries: Iterable[tuple[int, str]], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every document of every ``(input_index, entry)``, numbered within its input."""
    for input_index, entry in entries:
        for item_index, item in enumerate(read_entry(entry, max_bytes=max_bytes)):
            yield input_index, item_index, entry, item


def process_partition(items: Iterable[Item], process: Process | None = None) -> Iterator[tuple[str, dict]]:
    """``(table, row)`` for every document: table rows plus ``candidates`` for identity blocking.

    The model is loaded on the first document that needs it, once per
    Python worker process.
    """
    nlp = None
    for input_index, item_index, entry, item in items:
        where = {"input_index": input_index, "item_index": item_index, "input": entry}
        if isinstance(item, Quarantined):
            yield "quarantine", quarantine_row(item, **where)
            continue
        if nlp is None:
            from chronicle.annotate.nlp import load_model

            nlp = load_model()
        started = time.perf_counter()
        result = safe_process(item, nlp, process)
        seconds = time.perf_counter() - started
        if isinstance(result, Quarantined):
            yield "quarantine", quarantine_row(result, **where)
            continue
        for table, rows in rows_for(result, seconds=seconds, **where).items():
            for row in rows:
                yield table, row
        for candidate in blocking.document_candidates(result, (input_index, item_index)):
            yield "candidates", candidate


def _pairs_of_block(block_and_members) -> Iterator[tuple[tuple[str, str], tuple[dict, dict]]]:
    block, members = block_and_members
    for a, b in blocking.block_pairs(block, members):
        yield (a["key"], b["key"]), (a, b)


def _input_row(index: int, entry: str, stats: tuple[int, int, float]) -> dict:
    documents, quarantined, seconds = stats
    return {"input_index": index, "input": entry, "documents": documents, "quarantined": quarantined,
            "seconds": float(seconds), "schema_version": SCHEMA_VERSION}


def _earlier(a: dict, b: dict) -> dict:
    return a if tuple(a["order"]) <= tuple(b["order"]) else b


# ---------------------------------------------------------------- driver


@dataclass
class JobSummary:
    out_dir: str
    batches: list[str] = field(default_factory=list)
    inputs: int = 0
    skipped_inputs: int = 0  # already in a committed batch
    documents: int = 0
    quarantined: int = 0
    judgements: int = 0
    seconds: float = 0.0
    process_seconds: float = 0.0  # job 1: read, pipeline, write tables
    judge_seconds: float = 0.0  # job 2: identity blocking and judgements
    worker_peak_rss: dict[int, int] = field(default_factory=dict)  # Python worker pid -> peak RSS bytes

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def _quiet_log4j() -> str:
    """A log4j2 configuration that prints errors only (Spark's default is INFO)."""
    path = Path(tempfile.gettempdir()) / "chronicle-spark-log4j2.properties"
    path.write_text(
        "rootLogger.level = error\nrootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\nappender.console.name = console\nappender.console.target = SYSTEM_ERR\n"
        "appender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n",
        encoding="utf-8",
    )
    return str(path)


def build_session(master: str | None = None, *, app_name: str = "chronicle", conf: dict[str, str] | None = None,
                  quiet: bool = True) -> "SparkSession":
    """A Spark session with what the job needs: single-threaded numerics, no UI.

    ``master`` None leaves it to ``spark-submit``. Local masters run the
    Python workers with this interpreter, so the project's environment is
    the executors' environment.
    """
    from pyspark.sql import SparkSession

    if master is not None and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    for name in THREAD_VARIABLES:  # inherited by local-mode Python workers
        os.environ[name] = "1"
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.python.worker.reuse": "true",  # keeps each worker's loaded model across tasks
        "spark.sql.parquet.compression.codec": "snappy",
        **{f"spark.executorEnv.{name}": "1" for name in THREAD_VARIABLES},
    }
    if quiet:
        options = f"-Dlog4j2.configurationFile=file:{_quiet_log4j()}"
        settings["spark.driver.extraJavaOptions"] = options
        settings["spark.executor.extraJavaOptions"] = options
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if quiet:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def new_batch_id() -> str:
    """Sortable by start time, unique across concurrent drivers."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:8]


def read_manifest_entries(spark: "SparkSession", manifest: str) -> list[str]:
    """A manifest's entries; a non-local manifest is read through Hadoop (any file system Spark knows)."""
    if is_local(manifest):
        return parse_manifest(local_path(manifest).read_text(encoding="utf-8"))
    return parse_manifest("\n".join(spark.sparkContext.textFile(manifest, minPartitions=1).collect()))


def _out_uri(out_dir: str) -> str:
    """Executors don't share the driver's working directory: make local paths absolute."""
    return str(local_path(out_dir).absolute()) if is_local(out_dir) else out_dir


def committed_inputs(out_dir: str) -> set[str]:
    """Inputs already in a committed batch; also removes the leftovers of batches that never committed."""
    from chronicle.runners.loader import Output

    output = Output(_out_uri(out_dir))
    committed = output.committed_batches()
    for table in (*DOCUMENT_TABLES, "identity_judgements", "inputs"):
        for batch in output.batches(table):
            if batch not in committed:
                output.delete_batch(table, batch)
    return {row["input"] for batch in committed for row in output.table("inputs", batch)}


def run_job(
    spark: "SparkSession",
    entries: list[str],
    out_dir: str,
    *,
    partitions: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    repartition: int | None = None,
    judgements: bool = True,
    resume: bool = True,
    batch_files: int | None = None,
    log=None,
) -> JobSummary:
    """Process ``entries`` into Parquet tables under ``out_dir``, one batch per ``batch_files`` entries."""
    started = time.perf_counter()
    summary = JobSummary(out_dir)
    done = committed_inputs(out_dir) if resume else set()
    todo = [(index, entry) for index, entry in enumerate(entries) if entry not in done]
    summary.skipped_inputs = len(entries) - len(todo)
    size = batch_files or max(len(todo), 1)
    for first in range(0, len(todo), size):
        chunk = todo[first:first + size]
        batch = new_batch_id()
        counts = _run_batch(spark, chunk, out_dir, batch, partitions=partitions, max_bytes=max_bytes,
                            repartition=repartition, judgements=judgements)
        summary.batches.append(batch)
        summary.inputs += len(chunk)
        summary.documents += counts["documents"]
        summary.quarantined += counts["quarantined"]
        summary.judgements += counts["judgements"]
        summary.process_seconds += counts["process_seconds"]
        summary.judge_seconds += counts["judge_seconds"]
        for pid, rss in counts["workers"].items():
            summary.worker_peak_rss[pid] = max(rss, summary.worker_peak_rss.get(pid, 0))
        if log:
            log(f"batch {batch}: {len(chunk)} inputs, {counts['documents']} documents, "
                f"{counts['quarantined']} quarantined, {counts['judgements']} identity judgements")
    summary.seconds = time.perf_counter() - started
    return summary


def write_partition(part: int, items: Iterable[Item], out_dir: str, batch: str,
                    process: Process | None = None) -> Iterator[tuple[str, object]]:
    """Process one task's documents, write its part files, and pass on what the driver needs.

    Yields ``("candidate", row)`` for identity blocking and, per input,
    ``("stats", (input_index, (documents, quarantined, seconds)))``.
    """
    writer = PartWriter(out_dir, batch, part)
    stats: dict[int, tuple[int, int, float]] = {}
    try:
        for table, row in process_partition(items, process):
            if table == "candidates":
                yield "candidate", row
                continue
            writer.add(table, row)
            if table in ("documents", "quarantine"):
                d, q, sec = stats.get(row["input_index"], (0, 0, 0.0))
                stats[row["input_index"]] = (d + 1, q, sec + row["seconds"]) if table == "documents" else (d, q + 1, sec)
        writer.close()
    except BaseException:
        writer.abort()
        raise
    for index, counts in stats.items():
        yield "stats", (index, counts)
    yield "worker", (os.getpid(), peak_rss_bytes())


def write_judgements(part: int, pairs: Iterable[tuple[dict, dict]], out_dir: str, batch: str) -> Iterator[int]:
    writer = PartWriter(out_dir, batch, part)
    try:
        for a, b in pairs:
            writer.add("identity_judgements", blocking.judgement_row(a, b))
        counts = writer.close()
    except BaseException:
        writer.abort()
        raise
    yield counts.get("identity_judgements", 0)


def _run_batch(spark: "SparkSession", chunk: list[tuple[int, str]], out_dir: str, batch: str, *,
               partitions: int | None, max_bytes: int, repartition: int | None, judgements: bool) -> dict:
    """Two Spark jobs: process and write the document tables; block and judge identities. Then commit."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    root = _out_uri(out_dir)
    slices = partitions or min(len(chunk), sc.defaultParallelism * 4) or 1
    items = sc.parallelize(chunk, slices).mapPartitions(lambda part: read_partition(part, max_bytes))
    if repartition:
        # One big WARC is one task unless its records are spread out.
        items = items.repartition(repartition)
    # Only what the driver and the identity step need is kept: not the documents.
    kept = items.mapPartitionsWithIndex(lambda part, rows: write_partition(part, rows, root, batch))
    kept = kept.persist(StorageLevel.MEMORY_AND_DISK)
    started = time.perf_counter()
    try:
        reported = kept.filter(lambda pair: pair[0] in ("stats", "worker")).collect()
        stats = dict(value for kind, value in reported if kind == "stats")
        workers: dict[int, int] = {}
        for kind, (pid, rss) in reported:
            if kind == "worker":
                workers[pid] = max(rss, workers.get(pid, 0))
        processed = time.perf_counter()
        n_judgements = 0
        if judgements:
            candidates = kept.filter(lambda pair: pair[0] == "candidate").map(lambda pair: pair[1])
            n_judgements = _judge(candidates, root, batch, sc.defaultParallelism)
    finally:
        kept.unpersist()
    judged = time.perf_counter()
    inputs = [_input_row(index, entry, stats.get(index, (0, 0, 0.0))) for index, entry in chunk]
    commit_batch(root, batch, inputs)
    return {
        "documents": sum(row["documents"] for row in inputs),
        "quarantined": sum(row["quarantined"] for row in inputs),
        "judgements": n_judgements,
        "workers": workers,
        "process_seconds": processed - started,
        "judge_seconds": judged - processed,
    }


def _judge(candidates, root: str, batch: str, parallelism: int) -> int:
    pairs = (
        candidates.map(lambda c: (c["key"], c))
        .reduceByKey(_earlier)  # the same document twice in a batch is one candidate
        .values()
        .flatMap(lambda c: [(block, c) for block in blocking.block_keys(c)])
        .groupByKey()
        .flatMap(_pairs_of_block)
        .reduceByKey(lambda first, _: first, parallelism)  # a pair found in several blocks is judged once
        .values()
    )
    return sum(pairs.mapPartitionsWithIndex(lambda part, rows: write_judgements(part, rows, root, batch)).collect())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="chronicle-spark", description="Process a manifest of news inputs into Parquet tables."
    )
    parser.add_argument("manifest", help="text file, one input path or URI a line")
    parser.add_argument("out_dir", help="output directory (local path or Hadoop URI)")
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[2]; default: spark-submit's")
    parser.add_argument("--partitions", type=int, default=None, help="tasks per batch [default: 4 per core]")
    parser.add_argument("--repartition", type=int, default=None,
                        help="spread documents over this many tasks after reading (for large archives)")
    parser.add_argument("--batch-files", type=int, default=None, help="inputs per committed batch [default: all]")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="quarantine larger documents")
    parser.add_argument("--no-judgements", action="store_true", help="skip the identity_judgements table")
    parser.add_argument("--no-resume", action="store_true", help="process inputs already in a committed batch again")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="extra Spark setting")
    parser.add_argument("--verbose", action="store_true", help="keep Spark's own logging")
    args = parser.parse_args(argv)
    conf = dict(item.split("=", 1) for item in args.conf)
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None  # don't stop a session a caller made
    spark = build_session(args.master, conf=conf, quiet=not args.verbose)
    try:
        entries = read_manifest_entries(spark, args.manifest)
        summary = run_job(
            spark, entries, args.out_dir, partitions=args.partitions, max_bytes=args.max_bytes,
            repartition=args.repartition, judgements=not args.no_judgements, resume=not args.no_resume,
            batch_files=args.batch_files, log=lambda line: print(line, file=sys.stderr),
        )
    finally:
        if owned:
            spark.stop()
    print(
        f"{summary.inputs} inputs ({summary.skipped_inputs} already done): {summary.documents} documents, "
        f"{summary.quarantined} quarantined, {summary.judgements} identity judgements in {summary.seconds:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    # Run through the installed module, so that the functions shipped to
    # executors are pickled by reference, not by value from __main__.
    from chronicle.runners.spark import main as installed_main

    sys.exit(installed_main())
