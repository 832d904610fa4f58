"""Ingest throughput and peak memory, for HTML and plain text.

Two measurements per format, each in a fresh process so peak memory is its
own: ``read+clean`` (ingest and clean only) and ``full`` (``chronicle
ingest``'s whole path: read, clean, annotate, extract, store in SQLite,
resolve). Reports the median documents per second over ``--runs`` runs and
the peak resident memory (VmHWM).

    .venv/bin/python bench/ingest_throughput.py --docs 200 --runs 3
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(mode: str, directory: Path) -> dict:
    """Run in a child process: time one mode over every file in directory."""
    from chronicle.ingest import discover, read_file
    from chronicle.pipeline import process_document
    from chronicle.service import Chronicle

    files = discover([directory])
    if mode == "read+clean":
        start = time.perf_counter()
        count = 0
        for path in files:
            for raw in read_file(path):
                process_document(raw, None)
                count += 1
        elapsed = time.perf_counter() - start
    else:
        with tempfile.TemporaryDirectory() as tmp:
            service = Chronicle.open(str(Path(tmp) / "bench.db"))
            service.nlp  # the model loads once; its load time is not throughput
            start = time.perf_counter()
            summary = service.ingest([directory])
            elapsed = time.perf_counter() - start
            count = summary.new
            service.close()
    return {"docs": count, "seconds": elapsed, "docs_per_s": count / elapsed, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], Path(args.child[1]))))
        return
    from corpus import write_html_reports, write_text_reports

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {"html": Path(tmp) / "html", "text": Path(tmp) / "text"}
        write_html_reports(dirs["html"], args.docs)
        write_text_reports(dirs["text"], args.docs)
        for fmt, directory in dirs.items():
            for mode in ("read+clean", "full"):
                runs = []
                for _ in range(args.runs):
                    out = subprocess.run([sys.executable, __file__, "--child", mode, str(directory)],
                                         capture_output=True, text=True, check=True)
                    runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
                results[f"{fmt} {mode}"] = {
                    "docs": runs[0]["docs"],
                    "median_docs_per_s": round(statistics.median(r["docs_per_s"] for r in runs), 2),
                    "runs_docs_per_s": [round(r["docs_per_s"], 2) for r in runs],
                    "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
                }
    print(f"{'input':<18} {'docs':>5} {'docs/s (median)':>16} {'runs':>24} {'peak RSS MB':>12}")
    for name, r in results.items():
        print(f"{name:<18} {r['docs']:>5} {r['median_docs_per_s']:>16} {str(r['runs_docs_per_s']):>24} {r['peak_rss_mb']:>12}")


if __name__ == "__main__":
    main()
