"""Build a ``RawDocument`` from document bytes, or say why not.

Every reader (plain files, gzip, WARC, ARC, JSON Lines) ends here, so the
checks a document must pass are the same whatever carried it: not empty,
not binary, decodable, not whitespace only.
"""
from __future__ import annotations

import hashlib
from typing import Literal

from chronicle.ingest.decode import MAX_GARBAGE_RATIO, Decoded, decode, garbage_ratio
from chronicle.ingest.errors import Reject
from chronicle.ingest.sniff import binary_kind
from chronicle.records import Quarantined, RawDocument

MediaType = Literal["text/plain", "text/html"]


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def check_and_decode(
    raw: bytes, *, media_type: MediaType, transport_charset: str | None = None, encoding: str | None = None
) -> Decoded:
    """Decode ``raw`` and apply the document checks; raise ``Reject`` on failure.

    ``encoding`` skips detection when the bytes are known to be in it (JSON
    Lines values, which we encode as UTF-8 ourselves).
    """
    if not raw:
        raise Reject("empty document", size=0)
    kind = binary_kind(raw[:4096] if encoding is None else raw[:64])
    if kind and not (encoding is not None and kind == "contains NUL bytes"):
        raise Reject(f"binary content ({kind})", size=len(raw))
    if encoding is not None:
        decoded = Decoded(raw.decode(encoding, errors="replace"), encoding)
    else:
        decoded = decode(raw, html=media_type == "text/html", transport_charset=transport_charset)
    if not decoded.text.strip():
        raise Reject("empty document (whitespace only)", size=len(raw))
    ratio = garbage_ratio(decoded.text)
    if ratio > MAX_GARBAGE_RATIO:
        raise Reject(
            f"undecodable bytes: read as {decoded.encoding}, {ratio:.0%} of the characters are control or "
            "replacement characters",
            size=len(raw),
        )
    return decoded


def make_document(
    raw: bytes,
    *,
    source: str,
    media_type: MediaType,
    container: str | None = None,
    published_hint: str | None = None,
    transport_charset: str | None = None,
    encoding: str | None = None,
    quarantine_source: str | None = None,
) -> RawDocument | Quarantined:
    """The document, or a ``Quarantined`` named ``quarantine_source`` (default ``source``)."""
    digest = sha256_hex(raw)
    try:
        decoded = check_and_decode(raw, media_type=media_type, transport_charset=transport_charset, encoding=encoding)
    except Reject as rejected:
        return Quarantined(quarantine_source or source, rejected.reason, digest, len(raw))
    return RawDocument(
        source=source,
        raw=raw,
        sha256=digest,
        media_type=media_type,
        text=decoded.text,
        encoding=decoded.encoding,
        container=container,
        published_hint=published_hint,
    )
