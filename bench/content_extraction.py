"""Main-text extraction on the Scrapinghub benchmark, both cleaner modes.

Usage (from the project root)::

    .venv/bin/python bench/content_extraction.py [--bench DIR] [--worst N] [--json OUT]

Prints precision / recall / F1 (the benchmark's shingle metric, see
chronicle.evaluate.content) and throughput for:

* html: the gzipped pages through clean_document as text/html;
* text: the same pages' plain-text renderings (every menu line kept) through
  clean_document as text/plain.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from chronicle.evaluate.content import evaluate_content

DEFAULT_BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "content-scrapinghub"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help="benchmark folder")
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages per mode")
    parser.add_argument("--json", type=Path, help="write all numbers, per page included, to this file")
    args = parser.parse_args(argv)
    if not (args.bench / "ground-truth.json").is_file():
        print(f"benchmark not found: {args.bench}", file=sys.stderr)
        return 2
    results = {}
    print(f"{'mode':<6} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>6} {'docs/s':>7}")
    for mode in ("html", "text"):
        r = evaluate_content(args.bench, mode)  # type: ignore[arg-type]
        results[mode] = r
        print(
            f"{mode:<6} {r['pages']:>5} {r['precision']:>9.3f} {r['recall']:>7.3f} "
            f"{r['f1']:>6.3f} {r['docs_per_s']:>7.1f}"
        )
        if args.worst:
            worst = sorted(r["per_page"].items(), key=lambda kv: kv[1]["f1"])[: args.worst]
            for page_id, s in worst:
                print(f"    {page_id[:16]}  P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
