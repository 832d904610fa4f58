"""Score Chronicle's time-expression recogniser on TimeBank + AQUAINT (time-tbaq).

Usage::

    .venv/bin/python bench/timex_tbaq.py [CORPUS_DIR] [--errors N]

CORPUS_DIR defaults to ``../shared/benchmarks/time-tbaq`` seen from the
repository root. Prints TempEval-3 style scores (see
``chronicle.evaluate.timex``) per sub-corpus and overall, and the run time.
With ``--errors N`` it also prints the N most frequent error classes
(missed / spurious / extent / type / value, grouped by the gold or system
value pattern) to guide rule work.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from chronicle.evaluate.timex import evaluate_timex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "benchmarks" / "time-tbaq"


def _shape(value: str) -> str:
    return re.sub(r"\d", "9", value)


def _row(name: str, s: dict) -> str:
    return (
        f"{name:10s} {s['gold']:5d} {s['system']:5d}  "
        f"{s['strict']['precision']:.3f} {s['strict']['recall']:.3f} {s['strict']['f1']:.3f}  "
        f"{s['relaxed']['precision']:.3f} {s['relaxed']['recall']:.3f} {s['relaxed']['f1']:.3f}  "
        f"{s['type_accuracy']:.3f} {s['value_accuracy']:.3f}  {s['type_f1']:.3f} {s['value_f1']:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the score table (and error classes on request)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", type=int, default=0, help="show the N largest error classes")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    errors: list = []
    started = time.perf_counter()
    scores = evaluate_timex(args.corpus, errors=errors)
    wall = time.perf_counter() - started
    print(f"time-tbaq: {scores['documents']} documents, {wall:.2f} s "
          f"({scores['seconds'] / max(scores['documents'], 1) * 1000:.1f} ms/document)")
    print("part        gold   sys  strict P/R/F1       relaxed P/R/F1      type/value acc  type/value F1")
    for name, part in scores["parts"].items():
        print(_row(name, part))
    print(_row("ALL", scores))
    if args.errors:
        classes: Counter = Counter()
        for kind, _doc, gold, system in errors:
            if kind == "missed":
                key = (kind, gold.type, gold.text.lower())
            elif kind == "spurious":
                key = (kind, system.kind, system.span.text.lower())
            elif kind == "value":
                key = (kind, f"{_shape(gold.value)} <- {_shape(system.value)}", gold.text.lower())
            elif kind == "type":
                key = (kind, f"{gold.type} <- {system.kind}", gold.text.lower())
            else:
                key = (kind, gold.text.lower(), system.span.text.lower())
            classes[key] += 1
        by_kind = Counter(k for k, *_ in errors)
        print("\nerrors by kind:", dict(by_kind))
        for key, n in classes.most_common(args.errors):
            print(f"{n:4d}  {' | '.join(key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
