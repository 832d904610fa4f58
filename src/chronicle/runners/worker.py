"""What every runner does per document, made safe to run unattended.

A pool worker or a Spark task must not die on one odd document: an exception
inside the pipeline becomes a ``Quarantined`` record with a one-line reason,
as a reading failure does in ``chronicle.ingest``. This module imports
neither spaCy nor PySpark, so it is cheap to import in a fresh process
before the thread limits are set.
"""
from __future__ import annotations

import dataclasses
import os
import resource
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping

from chronicle.records import ProcessedDocument, Quarantined, RawDocument
from chronicle.runners.manifest import entry_name, is_local, local_path

if TYPE_CHECKING:
    from spacy.language import Language

Process = Callable[[RawDocument, "Language | None"], "ProcessedDocument | Quarantined"]

# Remote inputs up to this size are read into memory; larger ones (whole WARC
# files) are spooled to local disk so a task's memory does not grow with them.
IN_MEMORY_LIMIT = 64 * 1024 * 1024

# Native thread pools that numpy/thinc may start. One document per process at
# a time is the unit of parallelism; extra threads per process only fight
# the other workers for the same cores.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def single_thread_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with native threads pinned to 1."""
    env = dict(os.environ if base is None else base)
    env.update({name: "1" for name in THREAD_VARIABLES})
    return env


def one_line(text: str, limit: int = 300) -> str:
    """Squash a message onto one line, as quarantine reasons are shown."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def failure_reason(error: BaseException) -> str:
    """The one-line reason a pipeline exception is quarantined with."""
    detail = one_line(str(error), 200)
    name = type(error).__name__
    return one_line(f"pipeline error: {name}: {detail}" if detail else f"pipeline error: {name}")


def safe_process(raw: RawDocument, nlp: "Language | None", process: Process | None = None) -> ProcessedDocument | Quarantined:
    """``process_document`` (or ``process``), with any exception quarantined.

    ``process`` exists so that tests can make a worker fail on purpose;
    every runner passes ``None`` and so calls ``process_document``.
    """
    if process is None:
        from chronicle.pipeline import process_document

        process = process_document
    try:
        return process(raw, nlp)
    except Exception as error:  # noqa: BLE001 - one document must not stop the batch
        return Quarantined(raw.source, failure_reason(error), raw.sha256, len(raw.raw))


def peak_rss_bytes() -> int:
    """This process's peak resident memory (VmHWM), in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


# --------------------------------------------------------------------- reading


def read_entry(entry: str, *, max_bytes: int) -> Iterator[RawDocument | Quarantined]:
    """Every document in one manifest entry, as ``chronicle.ingest.read_file`` reads it.

    Local entries are read in place. Other URIs are opened with
    ``pyarrow.fs`` (S3, GCS, HDFS, Azure) and handed to
    ``chronicle.ingest.read_bytes`` when the ingest stage offers it, else
    copied to a temporary file named like the original (format sniffing
    looks at the name) and read with ``read_file``; sources that name the
    temporary file are renamed to the URI.
    """
    from chronicle import ingest

    if is_local(entry):
        yield from ingest.read_file(local_path(entry), max_bytes=max_bytes)
        return
    read_bytes = getattr(ingest, "read_bytes", None)
    try:
        if read_bytes is not None and _remote_size(entry) <= IN_MEMORY_LIMIT:
            yield from read_bytes(entry, _fetch_bytes(entry), max_bytes=max_bytes)
            return
        with tempfile.TemporaryDirectory(prefix="chronicle-input-") as tmp:
            copy = Path(tmp) / entry_name(entry)
            _fetch_to(entry, copy)
            for item in ingest.read_file(copy, max_bytes=max_bytes):
                yield _renamed(item, str(copy), entry)
    except OSError as error:
        yield Quarantined(entry, one_line(f"cannot read input: {type(error).__name__}: {error}"))


def _open_remote(entry: str):
    from pyarrow import fs

    filesystem, path = fs.FileSystem.from_uri(entry)
    return filesystem.open_input_stream(path)


def _remote_size(entry: str) -> int:
    from pyarrow import fs

    filesystem, path = fs.FileSystem.from_uri(entry)
    size = filesystem.get_file_info(path).size
    return size if size is not None else IN_MEMORY_LIMIT + 1


def _fetch_bytes(entry: str) -> bytes:
    with _open_remote(entry) as stream:
        return stream.read()


def _fetch_to(entry: str, target: Path) -> None:
    with _open_remote(entry) as stream, target.open("wb") as out:
        shutil.copyfileobj(stream, out, length=1 << 20)


def _renamed(item: RawDocument | Quarantined, temp: str, entry: str) -> RawDocument | Quarantined:
    """Replace the temporary path with the URI wherever a source names it."""

    def fix(value: str | None) -> str | None:
        return entry + value[len(temp):] if value is not None and value.startswith(temp) else value

    if isinstance(item, Quarantined):
        return dataclasses.replace(item, source=fix(item.source))
    return dataclasses.replace(item, source=fix(item.source), container=fix(item.container))
