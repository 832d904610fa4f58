"""Service entry points for the runners: what ``chronicle ingest --workers`` and ``chronicle spark`` call.

Kept apart from ``chronicle.service`` so that the web app and the plain CLI
never import multiprocessing machinery or PySpark. Each function takes and
returns the service's own types, so the CLI prints the same summaries
whichever runner did the work.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from chronicle.ingest import DEFAULT_MAX_BYTES
from chronicle.service import Chronicle, FileCallback, IngestSummary, ItemCallback

if TYPE_CHECKING:
    from chronicle.runners.loader import LoadSummary
    from chronicle.runners.spark import JobSummary


def ingest_with_workers(
    service: Chronicle,
    paths: Iterable[str | Path],
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    files: list[Path] | None = None,
    on_file_done: FileCallback | None = None,
    on_item: ItemCallback | None = None,
) -> IngestSummary:
    """``Chronicle.ingest`` with ``workers`` processes; one worker means in this process.

    Both paths store the same documents with the same ids (tested), so the
    choice is only about speed: a pool pays a few seconds per worker to
    start and load the model, and wins from about a hundred documents on.
    """
    if workers <= 1:
        return service.ingest(paths, max_bytes=max_bytes, files=files, on_file_done=on_file_done, on_item=on_item)
    from chronicle.runners.local import ingest_parallel

    return ingest_parallel(
        service.store, paths, workers, max_bytes=max_bytes, files=files, on_file_done=on_file_done, on_item=on_item
    )


def write_manifest_for(paths: Iterable[str | Path], output: str | Path) -> int:
    """Write the manifest ``chronicle ingest PATHS`` would read (absolute paths, same order); returns its length."""
    from chronicle.runners.manifest import manifest_for, write_manifest

    entries = manifest_for(paths)
    write_manifest(entries, output)
    return len(entries)


def spark_run(
    manifest: str,
    out_dir: str,
    *,
    master: str | None = "local[*]",
    partitions: int | None = None,
    batch_files: int | None = None,
    repartition: int | None = None,
    judgements: bool = True,
    resume: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    conf: dict[str, str] | None = None,
) -> "JobSummary":
    """Run the Spark job over a manifest into ``out_dir`` (see ``chronicle.runners.spark``).

    ``master=None`` leaves the master to ``spark-submit`` or the
    environment; the default runs locally on every core.
    """
    from chronicle.runners.spark import build_session, read_manifest_entries, run_job

    spark = build_session(master, conf=conf)
    try:
        entries = read_manifest_entries(spark, manifest)
        return run_job(
            spark, entries, out_dir, partitions=partitions, max_bytes=max_bytes, repartition=repartition,
            judgements=judgements, resume=resume, batch_files=batch_files,
        )
    finally:
        spark.stop()


def spark_load(out_dir: str, service: Chronicle, *, on_item: ItemCallback | None = None) -> "LoadSummary":
    """Load a Spark job's committed batches into the service's store, then resolve."""
    from chronicle.runners.loader import load_parquet

    return load_parquet(out_dir, service.store, on_item=on_item)
