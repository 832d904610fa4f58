"""Cost of folding one new document into stores of growing size.

Builds stores of synthetic processed documents (people, places and events
written straight through ``Store.save_processed``, so no NLP time is
counted), resolves them once, then times ``update_record`` for new
documents arriving one at a time. Incremental resolution should cost about
the same per document at 1k and 10k documents; the full rebuild is shown
for comparison.

    .venv/bin/python bench/resolution_scaling.py --sizes 1000 10000 --new 20
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CITIES, GIVEN  # noqa: E402

from chronicle.records import (  # noqa: E402
    AnnotatedDocument,
    CleanDocument,
    DocEntity,
    EntityMention,
    EventMention,
    PartialDate,
    ProcessedDocument,
    RawDocument,
    RoleFiller,
    Span,
)
from chronicle.resolve.update import rebuild_record, update_record  # noqa: E402
from chronicle.store import Store  # noqa: E402


SYLLABLES = ["ab", "ak", "al", "am", "ar", "as", "ba", "be", "bo", "da", "du", "er", "ga", "is", "ka", "ku",
             "ma", "mu", "na", "nu", "or", "ra", "sa", "se", "ta", "tu", "ul", "za", "zh", "yer"]
ENDINGS = ["ov", "ev", "enko", "bayev", "uly", "ski"]


def person_name(k: int) -> str:
    """The k-th person of a large population: about 5,400 surnames, as a
    national news archive would have, rather than a handful shared by all."""
    rng = random.Random(k)
    surname = (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(ENDINGS)).capitalize()
    return f"{rng.choice(GIVEN)} {surname}"


def synthetic_document(n: int) -> ProcessedDocument:
    """A small report: a person arrested, sentenced and released; a picket.

    People recur: each report names one of about n/3 people, as a person's
    case is reported by several outlets and over time."""
    rng = random.Random(n)
    person = person_name(rng.randrange(max(n // 3, 50)))
    lawyer = person_name(10**7 + rng.randrange(500))
    city = rng.choice(CITIES)
    day = f"20{15 + n % 8}-0{1 + n % 9}-{10 + n % 18}"
    text = f"{person} was arrested in {city} on {day}. The lawyer {lawyer} said {person} was sentenced to 15 days. A picket was held in {city}."
    raw = text.encode()
    sha = hashlib.sha256(raw).hexdigest()
    clean = CleanDocument(sha, f"synthetic/{n}.txt", text, published=PartialDate(day, "day"))
    entities = (DocEntity(0, "person", person), DocEntity(1, "person", lawyer), DocEntity(2, "place", city))
    spans = {name: Span(text.index(name), text.index(name) + len(name), name) for name in (person, lawyer, city)}
    mentions = tuple(EntityMention(spans[e.name], e.id) for e in entities)
    sentence = Span(0, len(text), text)
    subject = (RoleFiller("subject", 0, spans[person]),)
    events = (
        EventMention(sha, "arrest", "occurred", Span(0, 1, text[0]), sentence, subject, 2, PartialDate(day, "day")),
        EventMention(sha, "sentence", "occurred", Span(0, 1, text[0]), sentence, subject, None, attributes=(("term", "P15D"),)),
        EventMention(sha, "protest", "occurred", Span(0, 1, text[0]), sentence, (), 2, PartialDate(day, "day")),
    )
    annotated = AnnotatedDocument(clean, (sentence,), entities, mentions, ())
    return ProcessedDocument(RawDocument(clean.source, raw, sha, "text/plain", text, "utf-8"), clean, annotated, events)


def grow(store: Store, start: int, stop: int) -> None:
    for n in range(start, stop):
        store.save_processed(synthetic_document(n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--new", type=int, default=20, help="new documents timed at each size")
    args = ap.parse_args()
    print(f"{'store size':>10} {'incremental ms/doc (median)':>28} {'p90':>8} {'full rebuild s':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "scale.db"))
        size = 0
        next_id = 10**6  # new documents are numbered apart from the store's
        for target in sorted(args.sizes):
            grow(store, size, target)
            size = target
            start = time.perf_counter()
            rebuild_record(store)
            rebuild = time.perf_counter() - start
            timings = []
            for _ in range(args.new):
                saved = store.save_processed(synthetic_document(next_id))
                next_id += 1
                start = time.perf_counter()
                update_record(store, [saved.document_id])
                timings.append((time.perf_counter() - start) * 1000)
            size += args.new
            timings.sort()
            print(f"{target:>10} {statistics.median(timings):>28.1f} {timings[int(len(timings) * 0.9) - 1]:>8.1f} {rebuild:>15.1f}")
        store.close()


if __name__ == "__main__":
    main()
