"""Open inputs safely: check what a path is before reading, and cap every read.

``stat`` runs before any byte is read, so an oversized file, a directory, a
FIFO or a broken symlink costs nothing; gzip is read through a cap on the
decompressed size, so a small bomb cannot fill memory.

Readers see an ``Input``: a name for sources and a way to open a fresh
binary stream. A file on disk and bytes fetched from object storage (see
``chronicle.ingest.read_bytes``) then go through the same readers.
"""
from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable

from chronicle.ingest.errors import Reject, describe
from chronicle.ingest.sniff import GZIP_MAGIC, HEAD_BYTES


def unreadable_reason(path: Path | None, error: OSError) -> str:
    """One line for an ``OSError`` from opening or reading ``path``."""
    if isinstance(error, FileNotFoundError):
        if path is not None and path.is_symlink():
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return f"unreadable file: broken symbolic link (points to {target})"
        return "unreadable file: no such file"
    if isinstance(error, PermissionError):
        return "unreadable file: permission denied"
    if isinstance(error, IsADirectoryError):
        return "unreadable file: is a directory"
    if error.errno == errno.ELOOP:
        return "unreadable file: symbolic link loop"
    return f"unreadable file: {error.strerror or describe(error)}"


@dataclass(frozen=True)
class Input:
    """Something to read: its name in sources, its size, and how to open it."""

    name: str
    size: int
    opener: Callable[[], BinaryIO]
    path: Path | None = None  # set for files on disk, to explain open errors

    def open(self) -> BinaryIO:
        """A fresh binary stream from the start; ``Reject`` when it cannot be opened."""
        try:
            return self.opener()
        except OSError as error:
            raise Reject(unreadable_reason(self.path, error)) from None

    def unreadable(self, error: OSError) -> str:
        return unreadable_reason(self.path, error)

    @staticmethod
    def from_path(path: Path) -> "Input":
        """A regular file, checked with ``stat``; ``Reject`` for anything else."""
        try:
            info = path.stat()
        except OSError as error:
            raise Reject(unreadable_reason(path, error)) from None
        if stat.S_ISDIR(info.st_mode):
            raise Reject("unreadable file: is a directory")
        if not stat.S_ISREG(info.st_mode):
            kind = "FIFO" if stat.S_ISFIFO(info.st_mode) else "socket" if stat.S_ISSOCK(info.st_mode) else "device"
            raise Reject(f"unreadable file: not a regular file ({kind})")
        return Input(str(path), info.st_size, lambda: open(path, "rb"), path)

    @staticmethod
    def from_bytes(name: str, data: bytes) -> "Input":
        return Input(name, len(data), lambda: io.BytesIO(data))


def _read(source: Input, size: int) -> bytes:
    with source.open() as handle:
        try:
            return handle.read(size)
        except OSError as error:
            raise Reject(source.unreadable(error)) from None


def read_head(source: Input, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of an input."""
    return _read(source, size)


def gunzip_head(source: Input, size: int = HEAD_BYTES) -> bytes:
    """The first decompressed bytes of a gzip input, enough to sniff its format.

    Only the start of the first gzip member is inflated: a damaged member
    further on is the archive reader's business (it can skip to the next
    one), not a reason to refuse the whole file.
    """
    compressed = _read(source, size * 4)
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(compressed, size)
    except zlib.error as error:
        raise Reject(f"corrupt gzip data ({describe(error)})") from None


def read_capped(source: Input, limit: int) -> bytes:
    """The whole input, known from its size to be at most ``limit`` bytes."""
    data = _read(source, limit + 1)
    if len(data) > limit:  # grew since stat
        raise Reject(f"file larger than the limit ({limit} bytes)", size=len(data))
    return data


def gunzip_capped(source: Input, limit: int) -> bytes:
    """Decompress a whole gzip input, refusing more than ``limit`` output bytes."""
    try:
        with source.open() as raw, gzip.GzipFile(fileobj=raw, mode="rb") as handle:
            data = handle.read(limit + 1)
    except EOFError:
        raise Reject("truncated gzip: the compressed stream ends before its end marker") from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise Reject(f"corrupt gzip data ({describe(error)})") from None
    except OSError as error:
        raise Reject(source.unreadable(error)) from None
    if len(data) > limit:
        raise Reject(f"decompressed size larger than the limit ({limit} bytes)")
    return data


def is_gzip(head: bytes) -> bool:
    return head.startswith(GZIP_MAGIC)
