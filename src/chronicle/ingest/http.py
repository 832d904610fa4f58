"""Undo HTTP framing in archived responses: status line, headers, chunking, compression.

We parse the HTTP block ourselves instead of letting the archive library do
it: FastWARC 2.0.1 silently ends iteration after a record whose payload is
both chunked and gzip-encoded when asked to decode it, and doing it here
lets WARC and ARC records share one, testable, path. Crawlers often store
the payload already decoded but keep the ``Transfer-Encoding`` and
``Content-Encoding`` headers, so every step checks the bytes before
trusting a header.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from chronicle.ingest.errors import Reject, describe
from chronicle.ingest.sniff import GZIP_MAGIC

_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s,]+)""", re.IGNORECASE)
_CHUNK_SIZE = re.compile(rb"^[0-9a-fA-F]+$")
_STATUS = re.compile(r"^[0-9]{3}$")
MAX_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class HttpResponse:
    status: int | None
    headers: tuple[tuple[str, str], ...]  # names lower-cased, in order
    body: bytes

    def header(self, name: str) -> str | None:
        """The last value of a header (servers repeat some; the last one wins)."""
        found = None
        for key, value in self.headers:
            if key == name:
                found = value
        return found


def split_head(block: bytes) -> tuple[bytes, bytes] | None:
    """Split an HTTP message into head and body; None when the head never ends."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        end = block.find(separator, 0, MAX_HEADER_BYTES)
        if end >= 0:
            return block[:end], block[end + len(separator) :]
    return None


def parse_response(block: bytes) -> HttpResponse | None:
    """Parse an HTTP response message; None when ``block`` is not one."""
    if not block.startswith(b"HTTP/"):
        return None
    parts = split_head(block)
    if parts is None:
        if len(block) >= MAX_HEADER_BYTES:
            return None
        head, body = block, b""
    else:
        head, body = parts
    lines = head.decode("latin-1").replace("\r\n", "\n").split("\n")
    status_fields = lines[0].split(None, 2)
    status = int(status_fields[1]) if len(status_fields) > 1 and _STATUS.match(status_fields[1]) else None
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers.append((name.strip().lower(), value.strip()))
    return HttpResponse(status, tuple(headers), body)


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """``text/html; charset=UTF-8`` -> (``text/html``, ``UTF-8``)."""
    if not value:
        return "", None
    mime = value.split(";", 1)[0].strip().lower()
    match = _CHARSET.search(value)
    return mime, match.group(1) if match else None


def dechunk(body: bytes) -> bytes | None:
    """Undo HTTP chunked transfer coding; None when ``body`` is not chunked.

    A body cut off inside a chunk keeps what arrived: the archive's own
    length check reports truncation, this only removes framing.
    """
    out: list[bytes] = []
    pos = 0
    while True:
        line_end = body.find(b"\n", pos, pos + 1024)
        if line_end < 0:
            return b"".join(out) if out else None
        size_field = body[pos:line_end].split(b";", 1)[0].strip()
        if not _CHUNK_SIZE.match(size_field):
            return None
        size = int(size_field, 16)
        start = line_end + 1
        if size == 0:
            return b"".join(out)
        out.append(body[start : start + size])
        pos = start + size
        if pos >= len(body):
            return b"".join(out)
        if body.startswith(b"\r\n", pos):
            pos += 2
        elif body.startswith(b"\n", pos):
            pos += 1
        else:
            return None


def _looks_textual(data: bytes) -> bool:
    sample = data[:1024]
    return bool(sample) and b"\x00" not in sample and not sample.startswith(GZIP_MAGIC)


def _inflate(decompressor, data: bytes, limit: int, coding: str) -> bytes:
    out = decompressor.decompress(data, limit + 1)
    if len(out) > limit:
        raise Reject(f"document larger than the limit ({limit} bytes) after {coding} decoding")
    if not decompressor.eof:
        raise Reject(f"truncated {coding} Content-Encoding: compressed stream ends early")
    return out


def decode_content(body: bytes, coding: str | None, limit: int) -> bytes:
    """Undo ``Content-Encoding`` (gzip, deflate, br) with a cap on the output.

    Bodies that do not look compressed are returned as they are, since
    archivers often store the decoded payload under the original header.
    """
    codings = [c.strip().lower() for c in (coding or "").split(",") if c.strip()]
    for name in reversed(codings):
        if name in ("identity", "none", "utf-8", "text"):
            continue
        if name in ("gzip", "x-gzip"):
            if not body.startswith(GZIP_MAGIC):
                continue
            try:
                body = _inflate(zlib.decompressobj(16 + zlib.MAX_WBITS), body, limit, name)
            except zlib.error as error:
                raise Reject(f"corrupt gzip Content-Encoding ({describe(error)})") from None
        elif name == "deflate":
            body = _inflate_deflate(body, limit)
        elif name == "br":
            body = _unbrotli(body, limit)
        else:
            if _looks_textual(body):
                continue
            raise Reject(f"unsupported Content-Encoding {name!r}")
    return body


def _inflate_deflate(body: bytes, limit: int) -> bytes:
    # "deflate" is zlib-wrapped by the standard and raw deflate in practice.
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        try:
            return _inflate(zlib.decompressobj(wbits), body, limit, "deflate")
        except zlib.error:
            continue
    if _looks_textual(body):
        return body
    raise Reject("corrupt deflate Content-Encoding")


def _unbrotli(body: bytes, limit: int) -> bytes:
    try:
        import brotli  # FastWARC depends on it, so it is always installed with us
    except ImportError:  # pragma: no cover - only without FastWARC's dependencies
        if _looks_textual(body):
            return body
        raise Reject("unsupported Content-Encoding 'br' (brotli is not installed)") from None
    decompressor = brotli.Decompressor()
    try:
        out = decompressor.process(body, output_buffer_limit=limit + 1)
    except brotli.error as error:
        if _looks_textual(body):
            return body
        raise Reject(f"corrupt br Content-Encoding ({describe(error)})") from None
    if len(out) > limit:
        raise Reject(f"document larger than the limit ({limit} bytes) after br decoding")
    if not decompressor.is_finished():
        raise Reject("truncated br Content-Encoding: compressed stream ends early")
    return out
