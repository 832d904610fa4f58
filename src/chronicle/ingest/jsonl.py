"""Read JSON Lines exports: one ``{"url", "html" | "text", "published"?}`` object per line.

Lines are streamed, so the file may be any size; each line is capped. A bad
line is quarantined as ``file.jsonl:LINE`` and the rest of the file is read.
"""
from __future__ import annotations

import gzip
import json
import zlib
from typing import BinaryIO, Iterator

from chronicle.ingest.document import make_document, sha256_hex
from chronicle.ingest.errors import Reject, describe, one_line
from chronicle.ingest.files import Input
from chronicle.records import Quarantined, RawDocument

# JSON escapes (``\u0436``) can make a line several times longer than the
# UTF-8 document it carries.
LINE_LIMIT_FACTOR = 6


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; bytes is None for an over-long line."""
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = handle.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def parse_line(line: bytes, *, first: bool) -> dict | None:
    """The JSON object on a line; None for a blank line; ``Reject`` otherwise."""
    if first and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Reject(f"not valid UTF-8 (byte {line[error.start]:#04x} at column {error.start + 1})") from None
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise Reject(f"invalid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise Reject("invalid JSON (nested too deeply)") from None
    if not isinstance(value, dict):
        raise Reject(f"unknown JSON structure: expected an object, got {type(value).__name__}")
    return value


def record_document(value: dict, *, container: str, number: int, max_bytes: int) -> RawDocument | Quarantined:
    """Turn one parsed line into a document."""
    where = f"{container}:{number}"
    if isinstance(value.get("html"), str):
        body, media_type = value["html"], "text/html"
    elif isinstance(value.get("text"), str):
        body, media_type = value["text"], "text/plain"
    else:
        keys = ", ".join(sorted(map(str, value))[:8]) or "none"
        return Quarantined(where, one_line(f"unknown JSON structure: no string 'html' or 'text' field (keys: {keys})"))
    url = value.get("url")
    if url is not None and not isinstance(url, str):
        return Quarantined(where, f"unknown JSON structure: 'url' is a {type(url).__name__}, not a string")
    try:
        raw = body.encode("utf-8")
    except UnicodeEncodeError:
        return Quarantined(where, "invalid text: the value holds an unpaired surrogate escape")
    if len(raw) > max_bytes:
        return Quarantined(where, f"document larger than the limit ({max_bytes} bytes)", sha256_hex(raw), len(raw))
    published = value.get("published")
    return make_document(
        raw,
        source=url.strip() if url and url.strip() else where,
        media_type=media_type,
        container=container,
        published_hint=published.strip() or None if isinstance(published, str) else None,
        encoding="utf-8",
        quarantine_source=where,
    )


def read_jsonl(source: Input, *, gzipped: bool, max_bytes: int) -> Iterator[RawDocument | Quarantined]:
    """Every document in a JSON Lines input (optionally gzip-compressed)."""
    name = source.name
    number = 0
    try:
        with source.open() as raw, (gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw) as handle:
            for number, line in _lines(handle, max_bytes * LINE_LIMIT_FACTOR):
                if line is None:
                    yield Quarantined(f"{name}:{number}", "line longer than the limit", None, None)
                    continue
                try:
                    value = parse_line(line, first=number == 1)
                except Reject as rejected:
                    yield Quarantined(f"{name}:{number}", rejected.reason, sha256_hex(line), len(line))
                    continue
                if value is not None:
                    yield record_document(value, container=name, number=number, max_bytes=max_bytes)
    except EOFError:
        yield Quarantined(f"{name}:{number + 1}", f"truncated gzip: the compressed stream ends after line {number}")
    except (gzip.BadGzipFile, zlib.error) as error:
        yield Quarantined(f"{name}:{number + 1}", f"corrupt gzip data after line {number} ({describe(error)})")
    except OSError as error:
        yield Quarantined(name, source.unreadable(error))
