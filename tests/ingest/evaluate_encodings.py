#!/usr/bin/env python3
"""Measure ingest's decoding on the shared news pages (read from ../shared, never copied).

1. Reads every ``content-scrapinghub/html/*.html.gz`` page with ``read_inputs``:
   documents, quarantines, encodings and time.
2. Re-encodes each page's gold article text into the legacy encodings its
   script is written in (cp1252/latin-1/cp1250 for Latin text with accents,
   cp1251/KOI8-R for Cyrillic, GB18030/Big5/Shift_JIS/EUC-KR for CJK text)
   and into UTF-16 with and without BOM, then checks that ``decode`` gives
   the text back exactly, with no charset declared. ``--cut N`` repeats the
   test on the first N characters, where detection has less to go on.

    .venv/bin/python tests/ingest/evaluate_encodings.py [--cut 300] [-v]
"""
from __future__ import annotations

import argparse
import codecs
import collections
import json
import sys
import time
import unicodedata
from pathlib import Path

import charset_normalizer

from chronicle.ingest import read_inputs
from chronicle.ingest.decode import decode
from chronicle.ingest.errors import Reject
from chronicle.records import RawDocument

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "content-scrapinghub"


def _share(text: str, prefixes: tuple[str, ...]) -> float:
    letters = [c for c in text if c.isalpha()]
    hits = sum(1 for c in letters if unicodedata.name(c, "").startswith(prefixes))
    return hits / max(1, len(letters))


def _accented_latin(text: str) -> bool:
    return any(not c.isascii() and unicodedata.name(c, "").startswith("LATIN") for c in text)


# encoding -> does a text belong to the script this encoding is used for?
TARGETS = {
    "cp1252": _accented_latin,
    "latin-1": _accented_latin,
    "cp1250": _accented_latin,
    "cp1251": lambda t: _share(t, ("CYRILLIC",)) >= 0.3,
    "koi8-r": lambda t: _share(t, ("CYRILLIC",)) >= 0.3,
    "gb18030": lambda t: _share(t, ("CJK",)) >= 0.3,
    "big5": lambda t: _share(t, ("CJK",)) >= 0.3,
    "shift_jis": lambda t: _share(t, ("CJK", "HIRAGANA", "KATAKANA")) >= 0.3,
    "euc-kr": lambda t: _share(t, ("HANGUL",)) >= 0.3,
    "utf-16": lambda t: True,
    "utf-16-le": lambda t: True,
}


def read_pages() -> None:
    start = time.perf_counter()
    items = list(read_inputs([SHARED / "html"]))
    elapsed = time.perf_counter() - start
    docs = [i for i in items if isinstance(i, RawDocument)]
    print(f"pages read: {len(docs)} documents, {len(items) - len(docs)} quarantined, {elapsed:.2f} s")
    print("encodings:", dict(collections.Counter(d.encoding for d in docs)))


def baseline(raw: bytes) -> str | None:
    """charset-normalizer on its own, as a library user would call it."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    best = charset_normalizer.from_bytes(raw).best()
    return str(best) if best is not None else None


def round_trips(cut: int | None, verbose: bool) -> None:
    gold = json.loads((SHARED / "ground-truth.json").read_text(encoding="utf-8"))
    texts = [page["articleBody"] for page in gold.values() if page["articleBody"].strip()]
    total_ok = total = total_base = 0
    print(f"re-encoded gold texts{'' if cut is None else f' (first {cut} characters)'}:")
    for encoding, belongs in TARGETS.items():
        ok = count = base = 0
        wrong: collections.Counter[str] = collections.Counter()
        for full in texts:
            text = full if cut is None else full[:cut]
            if text.isascii() or not belongs(text):
                continue
            try:
                raw = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            count += 1
            base += baseline(raw) == text
            try:
                decoded = decode(raw, html=False)
            except Reject:
                wrong["refused"] += 1
                continue
            if decoded.text == text:
                ok += 1
            else:
                wrong[decoded.encoding] += 1
                if verbose:
                    print(f"    {encoding} read as {decoded.encoding}: {text[:60]!r}")
        total_ok += ok
        total += count
        total_base += base
        detail = f"  wrong: {dict(wrong)}" if wrong else ""
        print(f"  {encoding:10} {ok:4}/{count:<4} charset-normalizer alone {base:4}/{count:<4}{detail}")
    print(
        f"  {'all':10} {total_ok:4}/{total:<4} ({total_ok / max(1, total):.1%}); charset-normalizer alone "
        f"{total_base}/{total} ({total_base / max(1, total):.1%})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cut", type=int, default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"{SHARED} is not here: the shared evaluation data sits beside the repository", file=sys.stderr)
        return 2
    read_pages()
    round_trips(args.cut, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
