"""Manifests: the list of inputs a batch job reads, one path or URI a line.

A manifest is plain text so that it can be produced by anything (``find``,
a crawler's index, ``chronicle ingest``'s discovery) and split with
``split -l``. Blank lines and lines starting with ``#`` are ignored. Entries
are local paths, ``file://`` URIs, or any URI a file-system layer can open
(``s3://``, ``gs://``, ``hdfs://``, ``abfs://``).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlparse

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def parse_manifest(text: str) -> list[str]:
    """The entries of a manifest's text, in order, each once.

    Repeated entries are dropped (first kept) because a job that reads the
    same file twice only wastes work: documents are keyed by content anyway.
    """
    seen: set[str] = set()
    entries: list[str] = []
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#") or entry in seen:
            continue
        seen.add(entry)
        entries.append(entry)
    return entries


def read_manifest(path: str | Path) -> list[str]:
    """Read a local manifest file (UTF-8)."""
    return parse_manifest(Path(path).read_text(encoding="utf-8"))


def write_manifest(entries: Iterable[str | Path], path: str | Path) -> Path:
    """Write one entry a line; returns the path written."""
    path = Path(path)
    path.write_text("".join(f"{e}\n" for e in entries), encoding="utf-8")
    return path


def manifest_for(paths: Iterable[str | Path]) -> list[str]:
    """The manifest the sequential ingest would read for ``paths``.

    Uses ``chronicle.ingest.discover``, so a Spark job over this manifest
    reads the same files in the same order as ``chronicle ingest PATHS``.
    Entries are absolute, because executors do not share the driver's
    working directory.
    """
    from chronicle.ingest import discover

    return [str(p.absolute()) for p in discover(paths)]


def is_local(entry: str) -> bool:
    """True for a plain path or a ``file:`` URI, which executors open directly."""
    return not _SCHEME.match(entry) or entry.lower().startswith("file://")


def local_path(entry: str) -> Path:
    """The file-system path of a local entry (``file:///a%20b`` -> ``/a b``)."""
    if entry.lower().startswith("file://"):
        return Path(unquote(urlparse(entry).path))
    return Path(entry)


def entry_name(entry: str) -> str:
    """The last path component of an entry: what format sniffing looks at."""
    path = urlparse(entry).path if _SCHEME.match(entry) else entry
    return Path(unquote(path)).name or "input"
