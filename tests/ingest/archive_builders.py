"""Build small web archives for the ingest tests, with text we wrote ourselves.

WARC records come from warcio's ``WARCWriter``; ARC files are written by
hand (warcio reads ARC but cannot write it), following the ARC 1.0 layout:
a ``filedesc://`` header record, then one header line per record
(``URL IP DATE CONTENT-TYPE LENGTH``) followed by LENGTH bytes and a newline.
"""
from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPORT_HTML = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Picket outside the court</title></head>"
    "<body><article><h1>Picket outside the court</h1>"
    "<p>About thirty people held a silent picket outside the district court in Aralsk on Monday, "
    "demanding the release of the trade unionist Bolat Seitkali.</p></article></body></html>"
)
RUSSIAN_HTML = (
    "<html><head><title>Пикет у здания суда</title></head><body>"
    "<p>Около тридцати человек провели молчаливый пикет у здания районного суда в Аральске, "
    "требуя освободить профсоюзного активиста Болата Сейткали.</p></body></html>"
)


@dataclass
class HttpRecord:
    """One WARC record to write: a response by default."""

    uri: str
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")])
    status: str = "200 OK"
    record_type: str = "response"
    warc_content_type: str | None = None  # for resource/metadata records


def warc_record_bytes(record: HttpRecord, *, compress: bool) -> bytes:
    """One record serialised (one gzip member when ``compress``)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    if record.record_type in ("response", "request"):
        http = StatusAndHeaders(record.status, record.headers, protocol="HTTP/1.1")
        if record.record_type == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", record.headers, is_http_request=True)
        warc = writer.create_warc_record(
            record.uri, record.record_type, payload=io.BytesIO(record.body), http_headers=http
        )
    else:
        warc = writer.create_warc_record(
            record.uri, record.record_type, payload=io.BytesIO(record.body),
            warc_content_type=record.warc_content_type or "text/plain",
        )
    writer.write_record(warc)
    return out.getvalue()


def build_warc(records: list[HttpRecord], *, compress: bool) -> list[bytes]:
    """Each record's bytes, in order (join them to get the file)."""
    return [warc_record_bytes(record, compress=compress) for record in records]


def chunked(body: bytes, size: int = 40) -> bytes:
    """``body`` in HTTP chunked transfer coding."""
    parts = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def arc_header_record(name: str = "test.arc") -> bytes:
    body = b"1 0 Chronicle tests\nURL IP-address Archive-date Content-type Archive-length\n"
    return f"filedesc://{name} 0.0.0.0 20100512120000 text/plain {len(body)}\n".encode() + body + b"\n"


def arc_record(uri: str, http_block: bytes, content_type: str = "text/html") -> bytes:
    return f"{uri} 192.0.2.7 20100512120000 {content_type} {len(http_block)}\n".encode() + http_block + b"\n"


def http_block(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    return f"HTTP/1.0 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def build_arc(records: list[bytes], *, compress: bool) -> bytes:
    """An ARC file from records (header record first); one gzip member each."""
    if compress:
        return b"".join(gzip.compress(record, mtime=0) for record in records)
    return b"".join(records)
