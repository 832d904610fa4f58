"""Property tests: no input makes a reader raise; decoding gives back the text that was encoded."""
from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from chronicle.ingest import read_bytes, read_file
from chronicle.ingest.decode import decode
from chronicle.ingest.http import dechunk, parse_content_type, parse_response
from chronicle.records import Quarantined, RawDocument

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EXTENSIONS = ["", ".txt", ".html", ".htm", ".html.gz", ".txt.gz", ".warc", ".warc.gz", ".arc", ".arc.gz",
              ".jsonl", ".jsonl.gz", ".dat"]
PREFIXES = [
    b"",
    b"WARC/1.0\r\n",
    b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n",
    b"filedesc://x.arc 0.0.0.0 20100512120000 text/plain 12\n",
    b"http://n.example/ 192.0.2.1 20100512120000 text/html 30\nHTTP/1.0 200 OK\r\n\r\n",
    b"<!DOCTYPE html><html><head><meta charset=",
    b'{"url": "https://n.example/", "html": "',
    b"\x1f\x8b\x08\x00",
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF8,
    b"\x89PNG\r\n\x1a\n",
]


def _check_items(items: list) -> None:
    for item in items:
        assert isinstance(item, (RawDocument, Quarantined))
        if isinstance(item, RawDocument):
            assert item.sha256 == hashlib.sha256(item.raw).hexdigest()
            assert item.raw.decode(item.encoding, errors="replace") == item.text
            assert item.text.strip()
            assert item.media_type in ("text/plain", "text/html")
        else:
            assert item.reason and "\n" not in item.reason and "\r" not in item.reason


def _read(data: bytes, name: str, **kwargs) -> list:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        return list(read_file(path, **kwargs))


@SETTINGS
@given(
    body=st.binary(max_size=3000),
    prefix=st.sampled_from(PREFIXES),
    extension=st.sampled_from(EXTENSIONS),
    compress=st.booleans(),
)
def test_any_bytes_never_raise(body, prefix, extension, compress):
    data = prefix + body
    if compress:
        data = gzip.compress(data, mtime=0)
    _check_items(_read(data, "input" + extension, max_bytes=2000))


@SETTINGS
@given(body=st.binary(max_size=2000), prefix=st.sampled_from(PREFIXES), extension=st.sampled_from(EXTENSIONS))
def test_bytes_in_memory_read_like_the_same_file(body, prefix, extension):
    data = prefix + body
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / ("input" + extension)
        path.write_bytes(data)
        from_file = list(read_file(path, max_bytes=1500))
    from_memory = list(read_bytes("s3://bucket/input" + extension, data, max_bytes=1500))
    renamed = [str(item).replace(str(path), "s3://bucket/input" + extension) for item in from_file]
    assert [str(item) for item in from_memory] == renamed


http_header = st.sampled_from(
    [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Type", "text/html; charset=windows-1251"),
        ("Content-Type", "text/plain"),
        ("Content-Type", "application/octet-stream"),
        ("Content-Type", "image/png"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Encoding", "gzip"),
        ("Content-Encoding", "deflate"),
        ("Content-Encoding", "br"),
        ("Content-Encoding", "zstd"),
    ]
)


@SETTINGS
@given(
    records=st.lists(
        st.tuples(
            st.binary(max_size=600), st.lists(http_header, max_size=3), st.sampled_from(["200 OK", "404 Not Found"])
        ),
        min_size=1,
        max_size=4,
    ),
    compress=st.booleans(),
    cut=st.integers(min_value=0, max_value=4000),
)
def test_any_warc_payload_never_raises(records, compress, cut):
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for n, (body, headers, status) in enumerate(records):
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(f"https://n.example/{n}", "response", payload=io.BytesIO(body), http_headers=http)
        )
    data = out.getvalue()
    items = _read(data[: max(1, len(data) - cut)], "crawl.warc.gz" if compress else "crawl.warc", max_bytes=2000)
    _check_items(items)
    assert all(i.source.startswith("https://n.example/") for i in items if isinstance(i, RawDocument))


# ------------------------------------------------------------ round trips

# Any text a document could hold: assigned characters (no private-use or
# unassigned code points, no C0 controls besides whitespace) and no leading
# U+FEFF, which is read as a byte-order mark, as browsers do.
document_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Co", "Cn"], whitelist_characters="\t\n\r"),
    min_size=1,
).filter(lambda t: not t.startswith("\ufeff"))


@SETTINGS
@given(document_text)
def test_any_text_round_trips_through_utf8(text):
    decoded = decode(text.encode("utf-8"), html=False)
    assert decoded.text == text


@SETTINGS
@given(document_text)
def test_any_text_round_trips_through_utf16_with_bom(text):
    decoded = decode(text.encode("utf-16"), html=False)
    assert decoded.text == text and decoded.encoding == "utf-16"


@SETTINGS
@given(document_text)
def test_any_text_round_trips_as_html_with_declared_utf8(text):
    page = f'<html><head><meta charset="utf-8"></head><body>{text}</body></html>'
    assert decode(page.encode("utf-8"), html=True).text == page


# Statistical detection needs words of a language, not arbitrary code
# points: any byte string is valid in several single-byte code pages, so
# these properties draw sentences from words of the language.
RUSSIAN_WORDS = (
    "суд приговорил активиста профсоюза суткам ареста митинг задержан полиция адвокат заявил обжалует решение "
    "приговор колонии штраф тенге журналист правозащитники требуют освободить голодовку объявил следствие "
    "обвинение статья кодекса участие несанкционированном акции рабочие забастовку завод зарплату долги "
    "руководство компании депутаты письмо министру апелляционная коллегия оставила силе жена сообщила здоровье "
    "ухудшилось врачи посетили камеру изолятора городской районный областной прокурор потребовал лет свободы"
).split()
WESTERN_WORDS = (
    "le tribunal a condamné syndicaliste à quinze jours détention après manifestation où grève ouvriers réclamé "
    "salaires impayés das gericht verurteilte gewerkschafter fünfzehn tagen haft kundgebung straße über müssen "
    "el tribunal condenó al sindicalista días de arresto por participar en una protesta según abogado señaló "
    "também advogado afirmou que decisão será contestada"
).split()


@st.composite
def sentences(draw, words: list[str]) -> str:
    # At least four different words: "суд суд суд" has three distinct bytes
    # to go on and honestly reads as several code pages.
    chosen = draw(st.lists(st.sampled_from(words), min_size=4, max_size=40).filter(lambda w: len(set(w)) >= 4))
    numbers = draw(st.lists(st.integers(min_value=1, max_value=2030), max_size=3))
    for number in numbers:
        chosen.insert(draw(st.integers(min_value=0, max_value=len(chosen))), str(number))
    if draw(st.booleans()):
        chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + draw(st.sampled_from([".", "!", "?", ":", ""]))


@SETTINGS
@given(sentences(RUSSIAN_WORDS), st.sampled_from(["cp1251", "koi8-r", "utf-8", "utf-16"]))
def test_russian_text_round_trips_in_its_encodings(text, encoding):
    assert decode(text.encode(encoding), html=False).text == text


@SETTINGS
@given(sentences(WESTERN_WORDS), st.sampled_from(["cp1252", "latin-1", "utf-8"]))
def test_western_text_round_trips_in_its_encodings(text, encoding):
    assert decode(text.encode(encoding), html=False).text == text


# ------------------------------------------------------------------- HTTP


@SETTINGS
@given(st.binary(max_size=2000), st.integers(min_value=1, max_value=300))
def test_dechunk_undoes_chunking(body, size):
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    framed = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
    assert dechunk(framed + b"0\r\n\r\n") == body


@SETTINGS
@given(st.binary(max_size=500))
def test_http_parsers_never_raise(data):
    response = parse_response(b"HTTP/1.1 " + data)
    if response is not None:
        assert isinstance(response.body, bytes)
    dechunk(data)
    parse_content_type(data.decode("latin-1"))


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,20}", fullmatch=True),
            st.from_regex(r"[ -~]{0,40}", fullmatch=True).map(str.strip),
        ),
        max_size=6,
    ),
    st.binary(max_size=300),
)
def test_http_response_round_trip(headers, body):
    block = b"HTTP/1.1 200 OK\r\n" + b"".join(f"{k}: {v}\r\n".encode() for k, v in headers) + b"\r\n" + body
    response = parse_response(block)
    assert response is not None and response.status == 200 and response.body == body
    assert response.headers == tuple((k.lower(), v) for k, v in headers)
