"""Read web archives: WARC with FastWARC, ARC with warcio.

Only ``response`` (and ``resource``) records whose payload is HTML or plain
text become documents; requests, metadata, images and other payloads are
skipped without a word. The libraries frame records; the HTTP message
inside is parsed by :mod:`chronicle.ingest.http` so both formats share one
path, and every record's length is checked against its header, because
neither library reports a truncated archive on its own (they yield the
short record as if it were whole).

After a malformed record the archive is scanned for the next record start
(a gzip member, or a ``WARC/1.`` / ARC header line) and reading resumes
there, so one bad record costs one quarantine entry, not the rest of the
file.
"""
from __future__ import annotations

import contextlib
import io
import re
import zlib
from dataclasses import dataclass
from typing import Callable, Iterator, Protocol

from chronicle.ingest.document import MediaType, make_document, sha256_hex
from chronicle.ingest.errors import Reject, describe, one_line
from chronicle.ingest.files import Input
from chronicle.ingest.http import HttpResponse, decode_content, dechunk, parse_content_type, parse_response, split_head
from chronicle.ingest.sniff import GZIP_MAGIC, looks_like_html, text_probe
from chronicle.records import Quarantined, RawDocument

Item = RawDocument | Quarantined

HEAD_READ = 64 * 1024
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_UNKNOWN_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/unknown", "unk", "unknown", "no-type",
     "text/x-unknown", "content/unknown"}
)
_DOCUMENT_RECORDS = frozenset({"response", "resource"})
_SCAN_CHUNK = 1 << 20
_MAX_RESYNCS = 10000
_WARC_START = re.compile(rb"(?<=\n)WARC/1\.\d\r?\n")
_ARC_START = re.compile(rb"(?<=\n)(?:https?|ftp|dns)://\S+ \S+ \d{12,14} ")
_GZIP_START = re.compile(re.escape(GZIP_MAGIC + b"\x08"))


class _Reader(Protocol):
    def read(self, size: int = ...) -> bytes: ...


@dataclass(frozen=True)
class Payload:
    """What an archived record carries, once HTTP framing is understood."""

    media_type: MediaType | None  # None: not a document, skip it
    body: bytes
    charset: str | None
    http: HttpResponse | None


def media_for(mime: str, body: bytes) -> MediaType | None:
    """The document type of a payload, sniffing when the server did not say."""
    if mime in _HTML_TYPES:
        return "text/html"
    if mime in _TEXT_TYPES:
        return "text/plain"
    if mime in _UNKNOWN_TYPES and looks_like_html(text_probe(body[:HEAD_READ]), strong=False):
        return "text/html"
    return None


def inspect_block(block: bytes, *, record_type: str, record_content_type: str | None) -> Payload:
    """Classify a record block (possibly only its first bytes).

    Raises ``Reject`` when a record that says it holds an HTTP response
    does not.
    """
    http_declared = (record_content_type or "").lower().startswith("application/http")
    if http_declared or block.startswith(b"HTTP/"):
        http = parse_response(block)
        if http is None:
            if block.startswith(b"HTTP/") and split_head(block) is None and len(block) < HEAD_READ:
                raise Reject("malformed HTTP response: headers never end")
            if record_type == "response" and http_declared:
                raise Reject("malformed HTTP response: no status line")
            return Payload(None, block, None, None)
        if http.status is not None and (not 200 <= http.status < 300 or http.status == 204):
            return Payload(None, http.body, None, http)
        mime, charset = parse_content_type(http.header("content-type"))
        return Payload(media_for(mime, http.body), http.body, charset, http)
    mime, charset = parse_content_type(record_content_type)
    return Payload(media_for(mime, block), block, charset, None)


def payload_bytes(payload: Payload, limit: int) -> bytes:
    """The document bytes: chunking and Content-Encoding undone, size capped."""
    body = payload.body
    if payload.http is None:
        return body
    if "chunked" in (payload.http.header("transfer-encoding") or "").lower():
        unchunked = dechunk(body)
        body = unchunked if unchunked is not None else body
    return decode_content(body, payload.http.header("content-encoding"), limit)


def record_document(
    block: bytes, *, uri: str, record_type: str, record_content_type: str | None, where: str, container: str,
    max_bytes: int,
) -> Item | None:
    """The document a complete record block holds, a quarantine, or None to skip."""
    try:
        payload = inspect_block(block, record_type=record_type, record_content_type=record_content_type)
        if payload.media_type is None:
            return None
        raw = payload_bytes(payload, max_bytes)
    except Reject as rejected:
        return Quarantined(where, one_line(f"{rejected.reason} ({uri})"), sha256_hex(block), len(block))
    if len(raw) > max_bytes:
        return Quarantined(where, f"document larger than the limit ({max_bytes} bytes) ({uri})", None, len(raw))
    item = make_document(
        raw, source=uri or where, media_type=payload.media_type, container=container,
        transport_charset=payload.charset, quarantine_source=where,
    )
    if isinstance(item, Quarantined):
        return Quarantined(item.source, one_line(f"{item.reason} ({uri})"), item.sha256, item.size)
    return item


def read_exactly(reader: _Reader, size: int) -> bytes:
    """Up to ``size`` bytes, looping over short reads until the data ends."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = reader.read(min(remaining, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def drain(reader: _Reader) -> int:
    """Read and discard the rest of a record; the number of bytes there were."""
    total = 0
    while True:
        chunk = reader.read(1 << 20)
        if not chunk:
            return total
        total += len(chunk)


def read_record(
    reader: _Reader, *, expected: int, uri: str, record_type: str, record_content_type: str | None, where: str,
    container: str, max_bytes: int,
) -> Item | None:
    """Read one record's block from ``reader`` and turn it into a document.

    Only the first 64 KiB are read before deciding whether the record is a
    document at all, so large images and videos are skipped without holding
    them in memory; a document over ``max_bytes`` is refused the same way.
    """
    head = read_exactly(reader, min(expected, HEAD_READ))
    truncated = f"truncated record: {{}} of {expected} bytes present ({uri})"
    if record_type not in _DOCUMENT_RECORDS:
        got = len(head) + drain(reader)
        return Quarantined(where, truncated.format(got), None, got) if got < expected else None
    try:
        payload = inspect_block(head, record_type=record_type, record_content_type=record_content_type)
    except Reject as rejected:
        drain(reader)
        return Quarantined(where, one_line(f"{rejected.reason} ({uri})"), sha256_hex(head), expected)
    if payload.media_type is None:
        got = len(head) + drain(reader)
        return Quarantined(where, truncated.format(got), None, got) if got < expected else None
    header_bytes = len(head) - len(payload.body)
    if expected - header_bytes > max_bytes:
        drain(reader)
        return Quarantined(where, f"document larger than the limit ({max_bytes} bytes) ({uri})", None, expected)
    block = head + read_exactly(reader, expected - len(head))
    if len(block) < expected:
        return Quarantined(where, truncated.format(len(block)), sha256_hex(block), len(block))
    return record_document(
        block, uri=uri, record_type=record_type, record_content_type=record_content_type, where=where,
        container=container, max_bytes=max_bytes,
    )


def next_record_start(source: Input, after: int, pattern: re.Pattern[bytes]) -> int | None:
    """The first offset at or after ``after`` where ``pattern`` matches in the input."""
    overlap = 256
    try:
        with source.open() as handle:
            handle.seek(max(after - 1, 0))
            base = handle.tell()
            previous = b""
            while True:
                chunk = handle.read(_SCAN_CHUNK)
                if not chunk:
                    return None
                window = previous + chunk
                start = base - len(previous)
                for match in pattern.finditer(window):
                    if start + match.start() >= after:
                        return start + match.start()
                previous = window[-overlap:]
                base += len(chunk)
    except (OSError, Reject):
        return None


# ------------------------------------------------------------------- WARC


@dataclass
class _Cursor:
    """Where a resumable archive read stands."""

    offset: int = 0  # where the current pass started
    number: int = 0  # records seen so far (1-based numbering in sources)
    last_start: int | None = None  # file offset of the last record that parsed
    failed: bool = False  # the previous pass ended on an error


def _warc_pass(handle, name: str, cursor: _Cursor, max_bytes: int) -> Iterator[Item | tuple[int, BaseException]]:
    """Read records from the current offset; yield a (record, error) pair on failure."""
    from fastwarc.warc import ArchiveIterator

    iterator = iter(ArchiveIterator(handle, parse_http=False, fsspec_args=False))
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (OSError, ValueError, EOFError) as error:
            yield (cursor.number + 1, error)
            return
        cursor.number += 1
        cursor.last_start = record.stream_pos
        where = f"{name}#record-{cursor.number}"
        headers = record.headers
        record_type = (headers.get("WARC-Type") or "").strip().lower()
        length = (headers.get("Content-Length") or "").strip()
        if not record_type or not length.isdigit():
            cursor.failed = False
            yield Quarantined(
                where, f"truncated or malformed WARC record header at byte {record.stream_pos} "
                "(no WARC-Type or Content-Length)"
            )
            continue
        uri = (headers.get("WARC-Target-URI") or "").strip().strip("<>")
        try:
            item = read_record(
                record.reader, expected=int(length), uri=uri, record_type=record_type,
                record_content_type=headers.get("Content-Type"), where=where, container=name,
                max_bytes=max_bytes,
            )
        except (OSError, ValueError, EOFError) as error:
            yield (cursor.number, error)
            return
        cursor.failed = False
        if item is not None:
            yield item


def read_warc(source: Input, *, max_bytes: int) -> Iterator[Item]:
    """Every document in a WARC file (plain or gzip-compressed)."""
    yield from _resumable(source, max_bytes, _warc_pass, _WARC_START, "WARC")


# -------------------------------------------------------------------- ARC


def _arc_pass(handle, name: str, cursor: _Cursor, max_bytes: int) -> Iterator[Item | tuple[int, BaseException]]:
    """Like ``_warc_pass``, for ARC files through warcio."""
    from warcio.archiveiterator import ArchiveIterator

    # warcio reports some problems by writing to stderr; keep them out of
    # the user's terminal (the length check below reports truncation).
    quiet = io.StringIO()
    with contextlib.redirect_stderr(quiet):
        iterator_object = ArchiveIterator(handle, arc2warc=True, no_record_parse=True)
        iterator = iter(iterator_object)
    while True:
        try:
            with contextlib.redirect_stderr(quiet):
                record = next(iterator)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001 - warcio raises many unrelated types for bad input
            yield (cursor.number + 1, error)
            return
        cursor.number += 1
        where = f"{name}#record-{cursor.number}"
        if record.rec_type != "response":
            cursor.failed = False
            continue
        uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
        try:
            expected = int(record.length)
        except (TypeError, ValueError):
            cursor.failed = False
            yield Quarantined(where, f"malformed ARC record header: bad length ({uri})")
            continue
        try:
            with contextlib.redirect_stderr(quiet):
                item = read_record(
                    record.raw_stream, expected=expected, uri=uri, record_type="response",
                    record_content_type=None, where=where, container=name, max_bytes=max_bytes,
                )
                # Known only once the record has been read to its end.
                cursor.last_start = iterator_object.get_record_offset()
        except Exception as error:  # noqa: BLE001 - see above
            yield (cursor.number, error)
            return
        cursor.failed = False
        if item is not None:
            yield item


def read_arc(source: Input, *, max_bytes: int) -> Iterator[Item]:
    """Every document in an ARC file (plain or gzip-compressed)."""
    yield from _resumable(source, max_bytes, _arc_pass, _ARC_START, "ARC")


# ----------------------------------------------------------------- resume


PassFunction = Callable[..., Iterator[Item | tuple[int, BaseException]]]


def _resumable(
    source: Input, max_bytes: int, one_pass: PassFunction, text_start: re.Pattern[bytes], kind: str
) -> Iterator[Item]:
    """Run passes over an archive, resuming after each malformed region."""
    name = source.name
    try:
        with source.open() as handle:
            gzipped = handle.read(2) == GZIP_MAGIC
    except OSError as error:
        yield Quarantined(name, source.unreadable(error))
        return
    pattern = _GZIP_START if gzipped else text_start
    cursor = _Cursor()
    for _ in range(_MAX_RESYNCS):
        failure: tuple[int, BaseException] | None = None
        records_before = cursor.number
        try:
            with source.open() as handle:
                handle.seek(cursor.offset)
                for item in one_pass(handle, name, cursor, max_bytes):
                    if isinstance(item, tuple):
                        failure = item
                    else:
                        yield item
        except OSError as error:
            yield Quarantined(name, source.unreadable(error))
            return
        if failure is None:
            return
        number, error = failure
        # A region that keeps failing right after a resync is one bad record,
        # reported once.
        if cursor.failed:
            cursor.number = records_before
        else:
            cursor.number = number
            where = f"{name}#record-{number}"
            if cursor.last_start is not None:
                position = f"after the record at byte {cursor.last_start}"
            else:
                position = f"at byte {cursor.offset}"
            yield Quarantined(where, one_line(f"malformed {kind} record {position}: {_library_error(error)}"))
        cursor.failed = True
        resume_from = max(cursor.offset, cursor.last_start if cursor.last_start is not None else -1) + 1
        start = next_record_start(source, resume_from, pattern)
        if start is None:
            return
        cursor.offset = start
        cursor.last_start = None
    yield Quarantined(name, f"too many malformed {kind} records; stopped reading")


def _library_error(error: BaseException) -> str:
    if isinstance(error, zlib.error) or "gzip" in str(error).lower() or "decompress" in str(error).lower():
        return f"corrupt gzip data ({describe(error)})"
    return describe(error)
