"""Chronicle stage: ingest -- find input files and read them into ``RawDocument`` records.

``read_file`` never raises for bad input: anything it cannot read becomes a
``Quarantined`` record with a one-line reason, and a multi-record file (WARC,
ARC, JSON Lines) goes on with its other records. See ``docs/ingest.md``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from chronicle.ingest.archives import read_arc, read_warc
from chronicle.ingest.document import make_document
from chronicle.ingest.errors import Reject, describe, one_line
from chronicle.ingest.files import Input, gunzip_capped, gunzip_head, is_gzip, read_capped, read_head
from chronicle.ingest.jsonl import read_jsonl
from chronicle.ingest.sniff import choose_format, format_from_name, is_candidate_name
from chronicle.records import Quarantined, RawDocument

__all__ = ["DEFAULT_MAX_BYTES", "discover", "read_bytes", "read_file", "read_inputs"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Formats whose files hold many records: streamed, so only records are capped.
_STREAMED = ("warc", "arc", "jsonl")


def _hidden(name: str) -> bool:
    return name.startswith(".")


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The input files under ``paths``, sorted, each once.

    Directories are walked recursively; hidden files and directories are
    skipped, as are files whose extension says they are no document
    (scripts, images, notes). Paths named explicitly are always kept, even
    when missing or unreadable, so that ``read_file`` reports them.
    Symbolic links to directories are not followed inside a walk (no loops).
    """
    found: set[Path] = set()
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            found.add(path)
            continue
        for root, dirnames, filenames in os.walk(path):
            dirnames[:] = [d for d in dirnames if not _hidden(d)]
            for name in filenames:
                if not _hidden(name) and is_candidate_name(name):
                    found.add(Path(root) / name)
    return sorted(found)


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Quarantined]:
    """Every document in one file; a ``Quarantined`` for each part that can't be read.

    Never raises for bad input. An unexpected error inside a reader (a bug
    or a library failure) also becomes a ``Quarantined`` for the file, so
    one odd input cannot stop a batch.
    """
    path = Path(path)
    yield from _guarded(str(path), lambda: _read(Input.from_path(path), max_bytes))


def read_bytes(name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Quarantined]:
    """Like ``read_file`` for bytes already in memory (an object fetched from storage).

    ``name`` plays the part of the path: it picks the format with the
    content, and sources are named after it (``name#record-3``).
    """
    yield from _guarded(name, lambda: _read(Input.from_bytes(name, data), max_bytes))


def read_inputs(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | Quarantined]:
    """``discover`` then ``read_file`` on each file found."""
    for path in discover(paths):
        yield from read_file(path, max_bytes=max_bytes)


def _guarded(name: str, reader) -> Iterator[RawDocument | Quarantined]:
    try:
        yield from reader()
    except Reject as rejected:
        yield Quarantined(name, rejected.reason, None, rejected.size)
    except Exception as error:  # noqa: BLE001 - the batch must go on; the reason names the error
        yield Quarantined(name, one_line(f"unexpected error while reading: {describe(error)}"))


def _read(source: Input, max_bytes: int) -> Iterator[RawDocument | Quarantined]:
    size = source.size
    if size == 0:
        raise Reject("empty file", size=0)
    name = source.name.rsplit("/", 1)[-1]
    claimed = format_from_name(name)
    # Single-document files are refused on size before a byte is read.
    if size > max_bytes and claimed not in _STREAMED and claimed is not None:
        raise Reject(f"file larger than the limit ({size} > {max_bytes} bytes)", size=size)
    head = read_head(source)
    gzipped = is_gzip(head)
    try:
        fmt = choose_format(name, gunzip_head(source) if gzipped else head)
    except Reject as rejected:
        raise Reject(rejected.reason, size=size) from None
    if fmt == "warc":
        yield from read_warc(source, max_bytes=max_bytes)
        return
    if fmt == "arc":
        yield from read_arc(source, max_bytes=max_bytes)
        return
    if fmt == "jsonl":
        yield from read_jsonl(source, gzipped=gzipped, max_bytes=max_bytes)
        return
    if size > max_bytes:
        raise Reject(f"file larger than the limit ({size} > {max_bytes} bytes)", size=size)
    raw = gunzip_capped(source, max_bytes) if gzipped else read_capped(source, max_bytes)
    yield make_document(
        raw,
        source=source.name,
        media_type="text/html" if fmt == "html" else "text/plain",
        container=source.name if gzipped else None,
    )
