"""Main-text extraction quality on the Scrapinghub article-extraction benchmark.

The metric is the benchmark's own (see ``../shared/benchmarks/README.md``):
tokens are ``\\w+`` runs, each page's gold and predicted text become bags of
4-token shingles, tp/fp/fn are counted with multiplicity and divided by their
sum (so a long page weighs no more than a short one), precision and recall are
per-page means and F1 is computed from those two means.

Two modes are measured:

* ``html``: the gzipped page goes through :func:`chronicle.clean.clean_document`
  as ``text/html`` (trafilatura + our settings);
* ``text``: the page's layout-preserving plain-text rendering (``text/*.txt``,
  every menu line still there) goes through the same entry point as
  ``text/plain``, i.e. our line classifier.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Literal

from chronicle.records import RawDocument

Mode = Literal["html", "text"]
TpFpFn = tuple[float, float, float]

_TOKEN_RE = re.compile(r"\w+")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def tokenize(text: str) -> list[str]:
    """Word-character runs, case kept: the benchmark's tokenisation."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Bag of ``n``-token shingles; a text shorter than ``n`` tokens is one shingle.

    The short-text rule is the benchmark's: it keeps a 1-3 word prediction
    from scoring as empty.
    """
    tokens = tokenize(text)
    bag: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            bag[shingle] += 1
    return bag


def shingle_match(gold: str, pred: str, n: int = 4) -> TpFpFn:
    """tp, fp, fn over shingles, normalised to sum to 1 (all 0 if both texts are empty)."""
    g, p = shingles(gold, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in g.keys() | p.keys():
        gc, pc = g.get(key, 0), p.get(key, 0)
        tp += min(gc, pc)
        fp += max(0, pc - gc)
        fn += max(0, gc - pc)
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return 0.0, 0.0, 0.0


def page_precision(tp: float, fp: float, fn: float) -> float:
    """Precision of one page; a page with no errors at all is perfect."""
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(tp: float, fp: float, fn: float) -> float:
    """Recall of one page; a page with no errors at all is perfect."""
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aggregate(scores: list[TpFpFn]) -> dict[str, float]:
    """Per-page means of precision and recall, and the F1 of those two means.

    Pages where both gold and prediction are empty (all zeros) count as
    perfect for both, as the benchmark README says.
    """
    precisions = [
        page_precision(*s) for s in scores if s[0] + s[1] > 0 or s == (0.0, 0.0, 0.0)
    ]
    recalls = [page_recall(*s) for s in scores if s[0] + s[2] > 0 or s == (0.0, 0.0, 0.0)]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode page bytes: declared ``<meta charset>``, else UTF-8, else a guess.

    Returns ``(text, encoding)``. The benchmark only needs something sensible;
    real ingestion has its own decoder.
    """
    declared = _META_CHARSET_RE.search(data[:4096])
    candidates = [declared.group(1).decode("ascii", "ignore")] if declared else []
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("utf-8", "replace"), "utf-8"


def make_raw(source: str, data: bytes, media_type: Literal["text/plain", "text/html"]) -> RawDocument:
    """A RawDocument as ingest would build it, for benchmarking the cleaner alone."""
    if media_type == "text/html":
        text, enc = decode_html(data)
    else:
        text, enc = data.decode("utf-8"), "utf-8"
    return RawDocument(
        source=source,
        raw=data,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        text=text,
        encoding=enc,
    )


@dataclass(frozen=True)
class BenchPage:
    page_id: str
    url: str
    gold: str
    raw: RawDocument


def load_pages(bench_dir: Path, mode: Mode) -> Iterator[BenchPage]:
    """Yield the benchmark's pages in id order, as RawDocuments of the chosen mode."""
    truth = json.loads((bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth):
        entry = truth[page_id]
        url = entry.get("url") or page_id
        if mode == "html":
            data = gzip.decompress((bench_dir / "html" / f"{page_id}.html.gz").read_bytes())
            raw = make_raw(url, data, "text/html")
        else:
            data = (bench_dir / "text" / f"{page_id}.txt").read_bytes()
            # The text rendering has no URL of its own: give it a file name,
            # as ingest does for a plain file, so the outlet is not leaked.
            raw = make_raw(f"{page_id}.txt", data, "text/plain")
        yield BenchPage(page_id, url, entry.get("articleBody", ""), raw)


def _default_extractor() -> Callable[[RawDocument], str]:
    from chronicle.clean import CleanError, clean_document

    # Load the extraction libraries now so that throughput excludes imports.
    import chronicle.clean.html  # noqa: F401
    import chronicle.clean.text  # noqa: F401
    import htmldate  # noqa: F401
    import trafilatura  # noqa: F401

    def run(raw: RawDocument) -> str:
        try:
            return clean_document(raw).text
        except CleanError:
            return ""

    return run


def evaluate_content(
    bench_dir: Path,
    mode: Mode,
    extractor: Callable[[RawDocument], str] | None = None,
) -> dict:
    """Score the cleaner (or ``extractor``) on the benchmark in one mode.

    Returns ``precision``, ``recall``, ``f1``, ``pages``, ``seconds``,
    ``docs_per_s`` and ``per_page`` (id -> precision/recall/f1 of that page).
    """
    run = extractor or _default_extractor()
    scores: list[TpFpFn] = []
    per_page: dict[str, dict[str, float]] = {}
    elapsed = 0.0
    for page in load_pages(bench_dir, mode):
        started = time.perf_counter()
        pred = run(page.raw)
        elapsed += time.perf_counter() - started
        s = shingle_match(page.gold, pred)
        scores.append(s)
        p, r = page_precision(*s), page_recall(*s)
        per_page[page.page_id] = {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r > 0 else 0.0,
        }
    result: dict = aggregate(scores)
    result.update(
        pages=len(scores),
        seconds=elapsed,
        docs_per_s=len(scores) / elapsed if elapsed > 0 else float("inf"),
        per_page=per_page,
    )
    return result
