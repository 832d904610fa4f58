"""How much time event extraction adds to spaCy's own parse.

Usage::

    .venv/bin/python bench/extraction_speed.py [--reps 5] [--no-plv] [--profile N]

Texts: the sample corpus's plain-text bodies and JSON Lines texts
(``samples/``), the development sentences (``tests/data/events_dev.yaml``)
and, when ``../shared`` is there, the PLOVER benchmark sentences. In one run,
on the same texts, it times

* parse: ``nlp.pipe`` over all texts (spaCy alone);
* extraction: everything after spaCy, per document: ``find_entities``,
  ``find_times``, putting the ``AnnotatedDocument`` together, and
  ``extract_events``, each timed on its own;

repeating each ``--reps`` times (at least 5) and taking the median, then
prints extraction / parse. ``--profile N`` adds a cProfile of one
extraction pass, the N most expensive functions by cumulative time.
The target is an extraction overhead of at most 25 % of the parse.
"""
from __future__ import annotations

import argparse
import cProfile
import csv
import hashlib
import io
import json
import pstats
import statistics
import time
from pathlib import Path

import yaml

from chronicle.annotate.entities import find_entities
from chronicle.annotate.nlp import load_model
from chronicle.annotate.timex import find_times
from chronicle.extract import extract_events
from chronicle.records import AnnotatedDocument, CleanDocument, Span

ROOT = Path(__file__).resolve().parent.parent
PLV = ROOT.parent / "shared" / "benchmarks" / "events-plv" / "plv-train.csv"


def corpus_texts(with_plv: bool) -> list[str]:
    """The benchmark's texts, in a fixed order."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "samples").glob("*.txt"))
             if p.name != "README.md"]
    for line in (ROOT / "samples" / "feed.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("text"):
            texts.append(record["text"])
    texts += [item["text"] for item in yaml.safe_load((ROOT / "tests" / "data" / "events_dev.yaml").read_text(encoding="utf-8"))]
    if with_plv and PLV.exists():
        with PLV.open(encoding="utf-8") as f:
            texts += [row["text"] for row in csv.DictReader(f)]
    return texts


def after_spacy(docs, nlp) -> dict[str, float]:
    """Seconds spent in each stage after the parse, over all documents."""
    spent = {"entities": 0.0, "times": 0.0, "assembly": 0.0, "events": 0.0}
    for doc in docs:
        t0 = time.perf_counter()
        entities, mentions = find_entities(doc, nlp=nlp)
        t1 = time.perf_counter()
        times = find_times(doc.text, None)
        t2 = time.perf_counter()
        text = doc.text
        clean = CleanDocument(hashlib.sha256(text.encode()).hexdigest(), "bench", text)
        sentences = tuple(Span(s.start_char, s.end_char, text[s.start_char:s.end_char]) for s in doc.sents)
        annotated = AnnotatedDocument(clean, sentences, entities, mentions, tuple(times))
        t3 = time.perf_counter()
        extract_events(annotated, doc)
        t4 = time.perf_counter()
        spent["entities"] += t1 - t0
        spent["times"] += t2 - t1
        spent["assembly"] += t3 - t2
        spent["events"] += t4 - t3
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions (median taken; at least 5)")
    parser.add_argument("--no-plv", action="store_true", help="leave out the PLOVER sentences")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions of one pass")
    args = parser.parse_args()
    reps = max(args.reps, 5)

    nlp = load_model()
    texts = corpus_texts(not args.no_plv)
    list(nlp.pipe(texts[:20]))  # warm up: first calls allocate
    parse_times, stage_times = [], []
    docs = []
    for _ in range(reps):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts))
        parse_times.append(time.perf_counter() - t0)
        stage_times.append(after_spacy(docs, nlp))

    parse = statistics.median(parse_times)
    stages = {k: statistics.median(s[k] for s in stage_times) for k in stage_times[0]}
    total = statistics.median(sum(s.values()) for s in stage_times)
    ratio = statistics.median(sum(s.values()) / p for s, p in zip(stage_times, parse_times))
    chars = sum(len(t) for t in texts)
    print(f"texts: {len(texts)} ({chars:,} characters), repetitions: {reps}, medians")
    print(f"spaCy parse (nlp.pipe):   {parse:7.2f} s")
    for name, seconds in stages.items():
        print(f"  {name:22s}  {seconds:7.2f} s  ({seconds / parse:6.1%} of the parse)")
    print(f"extraction after spaCy:   {total:7.2f} s")
    print(f"ratio extraction / parse: {ratio:.3f}  (median of the per-repetition ratios; target <= 0.25)")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        after_spacy(docs, nlp)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
