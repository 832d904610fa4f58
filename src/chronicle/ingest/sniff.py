"""Recognise what a file holds from its first bytes and its name.

Extensions lie (a ``.html`` that is really gzip, a page saved as ``.txt``),
so unambiguous content signatures (gzip, WARC, ARC, binary magic numbers)
always win; the extension only breaks ties between plain text, HTML and
JSON Lines, which look alike in their first bytes.
"""
from __future__ import annotations

import codecs
import json
import re
from typing import Literal

from chronicle.ingest.errors import Reject

Format = Literal["warc", "arc", "jsonl", "html", "text"]

HEAD_BYTES = 8192
GZIP_MAGIC = b"\x1f\x8b"

_EXTENSIONS: dict[str, Format] = {
    ".warc": "warc",
    ".arc": "arc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "text",
    ".text": "text",
}
# Saved web pages often keep the server's script extension; their content decides.
_SNIFFED_EXTENSIONS = frozenset({"", ".php", ".asp", ".aspx", ".jsp", ".cfm"})
_COMPRESSION_SUFFIXES = (".gz", ".gzip")

# (signature, offset, what it is). Checked before anything is decoded.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"PK\x07\x08", 0, "ZIP archive"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"WEBP", 8, "WebP image"),
    (b"OggS", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"ID3", 0, "MP3 audio"),
    (b"ftyp", 4, "MP4/QuickTime media"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM media"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"1AY&SY", 4, "bzip2 compressed data"),
    (b"\xfd7zXZ\x00", 0, "xz compressed data"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd compressed data"),
    (b"\x04\x22\x4d\x18", 0, "LZ4 compressed data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "MS Office (OLE2) document"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"\xca\xfe\xba\xbe", 0, "Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\x00asm", 0, "WebAssembly module"),
    (b"wOFF", 0, "WOFF font"),
    (b"wOF2", 0, "WOFF2 font"),
    (b"ustar", 257, "tar archive"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_ARC_HEADER = re.compile(rb"^(?:filedesc|https?|ftp|dns)://\S+ \S+ \d{12,14} \S* ?\d+\r?\n")
_HTML_STRONG = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    rb"<(html|head|body|title|meta|p|div|span|br|a|script|style|table|h[1-6]|ul|li|article|section|header)[\s>/]",
    re.IGNORECASE,
)
_JSON_START = re.compile(rb'^(?:\{\s*"|\[\s*[\[{])')
_JSONL_KEY = re.compile(rb'^\s*\{\s*"(?:url|html|text|published)"\s*:')


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark announces, or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def magic_kind(data: bytes) -> str | None:
    """Name the binary format whose magic number ``data`` starts with."""
    for signature, offset, kind in _MAGIC:
        if data[offset : offset + len(signature)] == signature:
            if kind == "WebP image" and not data.startswith(b"RIFF"):
                continue
            if kind == "bzip2 compressed data" and not data.startswith(b"BZh"):
                continue
            return kind
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "Windows executable"
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """Spot UTF-16/32 text that has no BOM from where its NUL bytes fall.

    Text in these encodings has NULs on one parity only (the high bytes of
    ASCII characters); binary data scatters them. Telling the two apart is
    what keeps such text from being rejected as binary.
    """
    zeros = data.count(0)
    if zeros == 0 or len(data) < 4:
        return None
    sample = data[: len(data) - len(data) % 4]
    for codec, width, pattern in (("utf-32-le", 4, (1, 2, 3)), ("utf-32-be", 4, (0, 1, 2))):
        if _zeros_on(sample, width, pattern) >= 0.95 * zeros and _decodes_cleanly(sample, codec):
            return codec
    sample = data[: len(data) - len(data) % 2]
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    # Cyrillic or Korean text has NULs mostly in its spaces and digits: few,
    # and on one side except for characters like U+AC00 whose low byte is 0.
    if odd >= 0.85 * zeros and odd >= len(sample) // 64 and _decodes_cleanly(sample, "utf-16-le"):
        return "utf-16-le"
    if even >= 0.85 * zeros and even >= len(sample) // 64 and _decodes_cleanly(sample, "utf-16-be"):
        return "utf-16-be"
    return None


def _zeros_on(data: bytes, width: int, positions: tuple[int, ...]) -> int:
    return sum(data[p::width].count(0) for p in positions)


def _decodes_cleanly(data: bytes, codec: str) -> bool:
    text = data.decode(codec, errors="replace")
    if not text:
        return False
    bad = sum(1 for c in text if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f"))
    return bad <= 0.02 * len(text)


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` is binary rather than text, or None when it may be text."""
    if data.startswith(GZIP_MAGIC):
        return "gzip compressed data"
    kind = magic_kind(data)
    if kind:
        return kind
    if b"\x00" in data and bom_encoding(data) not in ("utf-16", "utf-32") and utf16_without_bom(data) is None:
        return "contains NUL bytes"
    return None


def text_probe(head: bytes) -> bytes:
    """``head`` as ASCII-compatible bytes, so markup tests work on UTF-16 too."""
    codec = bom_encoding(head)
    if codec == "utf-8-sig":
        return head[len(codecs.BOM_UTF8) :]
    if codec is None and b"\x00" in head:
        codec = utf16_without_bom(head)
    if codec is None:
        return head
    return head.decode(codec, errors="ignore").lstrip("\ufeff").encode("utf-8")


def looks_like_html(probe: bytes, *, strong: bool) -> bool:
    """Whether text starts like an HTML page.

    ``strong`` accepts only a doctype or ``<html>`` at the start, which is
    enough to overrule a ``.txt`` extension; the weak test (starts with a tag
    and has a few common tags) decides only for unknown extensions.
    """
    if _HTML_STRONG.match(probe):
        return True
    if strong or not probe.lstrip().startswith(b"<"):
        return False
    return len({m.group(1).lower() for m in _HTML_TAG.finditer(probe)}) >= 2


def looks_like_jsonl(probe: bytes) -> bool:
    """Whether the first line is a JSON object of the kind JSON Lines input holds."""
    stripped = probe.lstrip()
    if not stripped.startswith(b"{"):
        return False
    line, newline, _ = stripped.partition(b"\n")
    if newline or len(probe) < HEAD_BYTES:
        try:
            return isinstance(json.loads(line), dict)
        except ValueError:
            return False
    return bool(_JSONL_KEY.match(stripped))


def format_from_name(name: str) -> Format | None:
    """The format a file name claims (``.html.gz`` claims HTML)."""
    lowered = name.lower()
    for suffix in _COMPRESSION_SUFFIXES:
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
            break
    dot = lowered.rfind(".")
    return _EXTENSIONS.get(lowered[dot:]) if dot > 0 else None


def is_candidate_name(name: str) -> bool:
    """Whether a file found in a directory walk should be read.

    Known document extensions, plus extension-less and saved-page names that
    content sniffing decides; scripts, images and notes beside the corpus are
    left alone. Files named explicitly are always read.
    """
    if format_from_name(name) is not None:
        return True
    lowered = name.lower()
    for suffix in _COMPRESSION_SUFFIXES:
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
            break
    dot = lowered.rfind(".")
    return (lowered[dot:] if dot > 0 else "") in _SNIFFED_EXTENSIONS


def choose_format(name: str, head: bytes) -> Format:
    """Decide how to read a file from its name and its first (decompressed) bytes.

    Raises ``Reject`` for binary content, for a ``.warc``/``.arc`` that is no
    archive and for JSON that is not JSON Lines.
    """
    claimed = format_from_name(name)
    probe = text_probe(head)
    stripped = probe.lstrip()
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _ARC_HEADER.match(stripped):
        return "arc"
    kind = binary_kind(head)
    if kind:
        raise Reject(f"binary file ({kind})")
    if claimed == "warc":
        raise Reject("malformed WARC: the file does not start with a 'WARC/1.x' record header")
    if claimed == "arc":
        raise Reject("malformed ARC: the file does not start with an ARC record header line")
    if looks_like_html(probe, strong=True):
        return "html"
    if claimed is not None:
        return claimed
    if looks_like_html(probe, strong=False):
        return "html"
    if _JSON_START.match(stripped):
        if looks_like_jsonl(probe):
            return "jsonl"
        raise Reject("unknown JSON structure: expected JSON Lines, one {url, html|text} object per line")
    return "text"
