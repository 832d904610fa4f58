"""Cost of folding one new document into stores of growing size.

Builds one store per size from synthetic processed documents (people,
places and events written straight through ``Store.save_processed``, so no
NLP time is counted) and rebuilds each (``rebuild_record``, timed), then
folds the same new documents into every store in turn with
``update_record``: the machine's load, whatever it is, falls on every size
alike. Prints per size the median wall-clock and CPU cost of a new
document, the median CPU cost of its three steps (stories, identities,
events), the rebuild time, and the 10k/1k ratio. Incremental resolution
should cost about the same per document at every size.

    .venv/bin/python bench/resolution_scaling.py --sizes 1000 3000 10000 --new 20

Measured on the shared two-core machine (docs/resolution.md has the table):
46, 48 and 51 ms a document at 1,000, 3,000 and 10,000 documents, 10k/1k
ratio 1.09 (1.08 in a second run); before the story index and the
neighbourhood lookups, 347 ms at 1,000 and 2,211 ms at 10,000.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
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
from chronicle.resolve import update  # noqa: E402
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


STEPS = ("update_stories", "update_identities", "update_events", "rebuild_stories")


@contextmanager
def step_timers(timings: dict[str, list[float]]):
    """Time the steps of ``update_record`` and ``rebuild_record`` (CPU
    seconds per call, appended to ``timings[step]``; rebind the dict's
    contents to collect per store)."""
    originals = {name: getattr(update, name) for name in STEPS}

    def timed(name, function):
        def run(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                timings.setdefault(name, []).append(time.process_time() - start)
        return run

    for name, function in originals.items():
        setattr(update, name, timed(name, function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(update, name, function)


def build_store(path: str, size: int, steps: dict[str, list[float]]) -> tuple[Store, float, float]:
    """A store of ``size`` synthetic documents, rebuilt; (store, rebuild seconds, of which stories)."""
    store = Store.open(path)
    grow(store, 0, size)
    steps.clear()
    start = time.perf_counter()
    update.rebuild_record(store)
    return store, time.perf_counter() - start, sum(steps.pop("rebuild_stories", [0.0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--new", type=int, default=20, help="new documents timed at each size")
    args = ap.parse_args()
    sizes = sorted(set(args.sizes))
    steps: dict[str, list[float]] = {}
    wall: dict[int, list[float]] = {n: [] for n in sizes}
    cpu: dict[int, list[float]] = {n: [] for n in sizes}
    per_step: dict[int, dict[str, list[float]]] = {n: {} for n in sizes}
    with tempfile.TemporaryDirectory() as tmp, step_timers(steps):
        built = {n: build_store(str(Path(tmp) / f"scale{n}.db"), n, steps) for n in sizes}
        # The same new documents go to every store in turn, so whatever load
        # the machine is under falls on every size alike.
        for k in range(args.new):
            processed = synthetic_document(10**6 + k)  # numbered apart from the stores' own
            for n in sizes:
                store = built[n][0]
                saved = store.save_processed(processed)
                steps.clear()
                start, start_cpu = time.perf_counter(), time.process_time()
                update.update_record(store, [saved.document_id])
                wall[n].append((time.perf_counter() - start) * 1000)
                cpu[n].append((time.process_time() - start_cpu) * 1000)
                for name, spent in steps.items():
                    per_step[n].setdefault(name, []).extend(spent)
        for store, _, _ in built.values():
            store.close()
    print(f"{'store size':>10} {'ms/doc median':>14} {'p90':>7} {'CPU ms/doc':>11} {'CPU: stories':>13} {'identities':>11}"
          f" {'events':>7} {'rebuild s':>10} {'of which stories (CPU s)':>25}")
    for n in sizes:
        timings = sorted(wall[n])
        step = {name: statistics.median(per_step[n].get(name, [0.0])) * 1000 for name in STEPS}
        if per_step[n].get("rebuild_stories"):
            print(f"  (stories were rebuilt while timing {n}: {sum(per_step[n]['rebuild_stories']):.1f} CPU s)")
        print(f"{n:>10} {statistics.median(timings):>14.1f} {timings[int(len(timings) * 0.9) - 1]:>7.1f}"
              f" {statistics.median(cpu[n]):>11.1f} {step['update_stories']:>13.1f} {step['update_identities']:>11.1f}"
              f" {step['update_events']:>7.1f} {built[n][1]:>10.1f} {built[n][2]:>25.1f}")
    small, large = sizes[0], sizes[-1]
    if large > small:
        print(f"median cost per document at {large} / at {small} documents: "
              f"{statistics.median(wall[large]) / statistics.median(wall[small]):.2f} (wall clock), "
              f"{statistics.median(cpu[large]) / statistics.median(cpu[small]):.2f} (CPU)")


if __name__ == "__main__":
    main()
