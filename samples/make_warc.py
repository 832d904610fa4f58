#!/usr/bin/env python3
"""Write the sample WARC file ``samples/archive/shymkent-2021-03.warc.gz``.

The archive stands in for a small crawl: a ``warcinfo`` record, a ``request``
record, two HTML reports as HTTP ``response`` records and one ``image/png``
response that ingest has to skip. Every WARC-Date and WARC-Record-ID is fixed,
and gzip members carry no timestamp, so running this script twice gives the
same bytes (tests/data_checks/test_sample_corpus.py checks that).

Usage: python samples/make_warc.py [OUTPUT]
"""
from __future__ import annotations

import io
import struct
import sys
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "archive" / "shymkent-2021-03.warc.gz"

STRIKE_URL = "https://caspianherald.example/business/2021/03/12/ontustik-polymer-strikers-return-to-work.html"
HUNGER_URL = "https://kazakhrightsbulletin.example/cases/2021/03/16/zhaksybekov-ends-hunger-strike/"
LOGO_URL = "https://kazakhrightsbulletin.example/static/logo.png"

STRIKE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ontustik Polymer strikers return to work after wage deal | Caspian Herald</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="Caspian Herald">
<meta property="og:title" content="Ontustik Polymer strikers return to work after wage deal">
<meta property="article:published_time" content="2021-03-12T08:30:00+06:00">
<meta property="article:section" content="Business">
</head>
<body class="article-page">
<div class="top-bar"><a href="/subscribe">Subscribe</a> | <a href="/login">Sign in</a></div>
<header class="site-header">
  <a class="logo" href="/">Caspian Herald</a>
  <nav class="main-nav">
    <ul>
      <li><a href="/politics/">Politics</a></li>
      <li><a href="/business/">Business</a></li>
      <li><a href="/energy/">Energy</a></li>
      <li><a href="/society/">Society</a></li>
      <li><a href="/sport/">Sport</a></li>
    </ul>
  </nav>
</header>
<main>
<article class="story">
  <header>
    <h1>Ontustik Polymer strikers return to work after wage deal</h1>
    <p class="byline">By Caspian Herald reporters &middot; <time datetime="2021-03-12T08:30:00+06:00">12 March 2021</time></p>
  </header>
  <div class="story-body">
    <p>Workers at the Ontustik Polymer plant in Shymkent went back to work on Thursday after a strike lasting a fortnight, once the management agreed to pay all wage arrears by the end of April.</p>
    <p>The stoppage began on 26 February and at its height involved about 400 of the plant's 650 employees.</p>
    <p>Two strikers were reportedly detained for several hours at the factory gates on 5 March. A police spokesman denied that officers had detained anyone at the plant.</p>
    <p>Erlan Jaksybekov, the union activist jailed after a rally in support of the strike, remains in detention and is still refusing food, his colleagues said.</p>
    <p>The plant's director, Aslan Temirov, said production would be back to normal within a week.</p>
  </div>
  <footer class="story-footer">
    <p class="share">Share: <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Telegram</a></p>
  </footer>
</article>
<aside class="related">
  <h2>Related</h2>
  <ul>
    <li><a href="/business/2021/03/10/tenge-rally.html">Tenge rallies against the dollar</a></li>
    <li><a href="/society/2021/03/09/aktau-drivers.html">Aktau bus drivers stage one-day strike</a></li>
  </ul>
</aside>
</main>
<footer class="site-footer">
  <p><a href="/about">About us</a> | <a href="/contact">Contact</a> | <a href="/privacy">Privacy</a></p>
  <p>&copy; 2021 Caspian Herald. All rights reserved.</p>
</footer>
</body>
</html>
"""

HUNGER_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Zhaksybekov ends hunger strike ahead of release - Kazakh Rights Bulletin</title>
<meta property="og:site_name" content="Kazakh Rights Bulletin">
<meta property="og:title" content="Zhaksybekov ends hunger strike ahead of release">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2021-03-16T12:00:00+06:00">
</head>
<body>
<nav id="menu">
  <a href="/"><img src="/static/logo.png" alt="Kazakh Rights Bulletin"></a>
  <a href="/cases/">Case files</a>
  <a href="/reports/">Reports</a>
  <a href="/map/">Map of detentions</a>
  <a href="/about/">About the Bulletin</a>
  <a href="/donate/" class="button">Donate</a>
</nav>
<div class="wrapper">
<article>
<h1>Zhaksybekov ends hunger strike ahead of release</h1>
<div class="meta">Published <time datetime="2021-03-16">16 March 2021</time> in <a href="/cases/">Case files</a></div>
<p>Trade unionist Yerlan Zhaksybekov ended his hunger strike on Sunday, 14 March, after eleven days without food, his lawyer said.</p>
<p>He is due to be released on Wednesday, 17 March, when his 15-day term of administrative detention runs out.</p>
<p>Dinara Seitkali said her client intended to return to his union work as soon as he was free.</p>
<p>Nurlan Zhaksybekov, the unionist's brother and a reporter, said the regional prosecutor had not yet answered his complaint about the wiped memory card.</p>
</article>
<aside class="sidebar">
<h3>Latest case files</h3>
<ul>
<li><a href="/cases/2021/03/semey-doctors/">Semey doctors fined for sit-in at hospital</a></li>
<li><a href="/cases/2021/03/aktobe-pensioners/">Aktobe pensioners fined after protest against utility bills</a></li>
</ul>
</aside>
</div>
<footer>
<p>Kazakh Rights Bulletin is published by volunteers. Republication is welcome with a link to the original.</p>
</footer>
</body>
</html>
"""


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A small, valid, solid-colour PNG.

    Level 0 deflate (stored blocks) is used so the image bytes do not depend
    on which zlib build the machine has.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes([0x1F, 0x4E, 0x79]) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 0))
        + chunk(b"IEND", b"")
    )


def record_id(n: int) -> str:
    """A fixed, valid urn:uuid so that the output is reproducible."""
    return f"<urn:uuid:5a3c0000-0000-4000-8000-{n:012d}>"


def http_response(content_type: str, body: bytes, date: str) -> StatusAndHeaders:
    return StatusAndHeaders(
        "200 OK",
        [
            ("Date", date),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ],
        protocol="HTTP/1.1",
    )


def write_warc(out: io.BufferedIOBase) -> None:
    """Write all records of the sample crawl to ``out``."""
    writer = WARCWriter(out, gzip=True)

    info = b"software: chronicle samples/make_warc.py\r\nformat: WARC File Format 1.0\r\ndescription: Fictional sample crawl for Chronicle's tests\r\n"
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id(1),
                "WARC-Date": "2021-03-18T06:00:00Z",
                "WARC-Filename": "shymkent-2021-03.warc.gz",
            },
        )
    )

    request = (
        b"GET /business/2021/03/12/ontustik-polymer-strikers-return-to-work.html HTTP/1.1\r\n"
        b"Host: caspianherald.example\r\nUser-Agent: chronicle-sample-crawler/0.1\r\nAccept: text/html\r\n\r\n"
    )
    writer.write_record(
        writer.create_warc_record(
            STRIKE_URL,
            "request",
            payload=io.BytesIO(request),
            length=len(request),
            warc_content_type="application/http; msgtype=request",
            warc_headers_dict={"WARC-Record-ID": record_id(2), "WARC-Date": "2021-03-18T06:00:01Z"},
        )
    )

    pages = [
        (STRIKE_URL, STRIKE_HTML.encode("utf-8"), 3, "2021-03-18T06:00:02Z", "Thu, 18 Mar 2021 06:00:02 GMT"),
        (HUNGER_URL, HUNGER_HTML.encode("utf-8"), 4, "2021-03-18T06:00:05Z", "Thu, 18 Mar 2021 06:00:05 GMT"),
    ]
    for url, body, n, warc_date, http_date in pages:
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http_response("text/html; charset=utf-8", body, http_date),
                warc_headers_dict={"WARC-Record-ID": record_id(n), "WARC-Date": warc_date},
            )
        )

    logo = png_bytes()
    writer.write_record(
        writer.create_warc_record(
            LOGO_URL,
            "response",
            payload=io.BytesIO(logo),
            length=len(logo),
            http_headers=http_response("image/png", logo, "Thu, 18 Mar 2021 06:00:06 GMT"),
            warc_headers_dict={"WARC-Record-ID": record_id(5), "WARC-Date": "2021-03-18T06:00:06Z"},
        )
    )


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as out:
        write_warc(out)
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
