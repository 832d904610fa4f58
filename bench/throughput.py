"""Scale-out throughput: sequential ingest, the worker pool (1 and 2 workers) and Spark local mode.

Generates N documents (default 1,000) by varying the sample corpus -- our own
fictional reports -- with other names, places, months and years, written in
the corpus' own formats (text, HTML, gzipped HTML, WARC, JSON Lines). Then,
each configuration in a fresh process and ``--runs`` times:

* ``sequential``: ``Chronicle.ingest`` (what ``chronicle ingest`` does);
* ``local-1``, ``local-2``: ``ingest_parallel`` with 1 and 2 workers;
* ``spark``: the Spark job in ``local[2]`` plus the loader into SQLite.

Every figure is end to end: from the call to a resolved store, including
worker start-up, model loading, SQLite writes and resolution (Spark: session
start, job, load). ``stages`` times each stage of the pipeline on the same
documents in one process and reports the ratio of the whole pipeline to
spaCy parsing alone.

    .venv/bin/python bench/throughput.py --docs 1000 --runs 3 --json results.json
    .venv/bin/python bench/throughput.py --docs 200 --only stages --profile
"""
from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"

GIVEN = ["Aigul", "Marat", "Dana", "Olga", "Pavel", "Irina", "Timur", "Saule", "Ruslan", "Anna", "Bolat", "Zhanna",
         "Ilya", "Svetlana", "Askar", "Leyla", "Kerem", "Nasrin", "Arman", "Gulnara"]
FAMILY = ["Ospanov", "Petrenko", "Sadykov", "Volkov", "Grekov", "Lisov", "Bekov", "Amanov", "Sarsenov", "Morozov",
          "Utepov", "Zaitsev", "Rakhimov", "Demirov", "Kamalov", "Tulegenov", "Baimukhanov", "Yessenov", "Ermekov",
          "Frolov"]
CITIES = ["Almaty", "Karaganda", "Aktobe", "Pavlodar", "Taraz", "Oral", "Semey", "Kostanay", "Atyrau", "Turkistan"]
MONTHS = ["January", "February", "April", "May", "June", "July", "August", "September", "October", "November"]
MODES = ("sequential", "local-1", "local-2", "spark")


# ------------------------------------------------------------------ corpus


def substitutions(variant: int) -> list[tuple[str, str]]:
    """Replacements that make one variant of the corpus; longest first so parts of names don't clash.

    (given, family) pairs are distinct for the first 400 variants, so
    every variant's documents have bytes of their own.
    """
    family = FAMILY[variant % len(FAMILY)]
    given = GIVEN[(variant // len(FAMILY)) % len(GIVEN)]
    brother = GIVEN[(variant + 7) % len(GIVEN)]
    lawyer_given = GIVEN[(variant + 3) % len(GIVEN)]
    lawyer_family = FAMILY[(variant + 11) % len(FAMILY)]
    pairs = [
        ("Dzhaksybekov", family), ("Jaksybekov", family.replace("ov", "off")), ("Zhaksybekov", "Zh" + family[1:]),
        ("Yerlan", given), ("Erlan", given.replace("a", "o", 1)), ("Nurlan", brother), ("Dinara", lawyer_given),
        ("Seitkali", lawyer_family), ("Shymkent", CITIES[variant % len(CITIES)]), ("Ontustik", f"Kazakh{variant % 7}"),
        ("Yntymak", ["Birlik", "Adilet", "Erkindik", "Tabys"][variant % 4]), ("2021", str(2010 + variant % 12)),
        ("March", MONTHS[variant % len(MONTHS)]),
    ]
    return sorted(pairs, key=lambda p: -len(p[0]))


def vary(text: str, variant: int) -> str:
    for old, new in substitutions(variant):
        text = text.replace(old, new)
    return text


def sample_documents():
    from chronicle.ingest import discover, read_file
    from chronicle.records import RawDocument

    return [(path, raw) for path in discover([SAMPLES]) for raw in read_file(path) if isinstance(raw, RawDocument)]


def write_corpus(directory: Path, count: int) -> int:
    """Write ``count`` documents (rounded up to whole variants of the corpus); returns how many."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    docs = sample_documents()
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    variant = 0
    while written < count:
        warc_records, jsonl_lines = [], []
        for path, raw in docs:
            text = vary(raw.text, variant)
            stem = f"v{variant:04}-{path.name.split('.')[0][:40]}"
            if raw.container and raw.container.endswith((".warc.gz", ".warc")):
                warc_records.append((f"{raw.source}?v={variant}", text))
            elif raw.container and raw.container.endswith(".jsonl"):
                key = "html" if raw.media_type == "text/html" else "text"
                line = {"url": f"{raw.source}?v={variant}", key: text}
                if raw.published_hint:
                    line["published"] = vary(raw.published_hint, variant)
                jsonl_lines.append(json.dumps(line, ensure_ascii=False))
            elif path.name.endswith(".gz"):
                (directory / f"{stem}.html.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
            else:
                suffix = ".html" if raw.media_type == "text/html" else ".txt"
                (directory / f"{stem}{suffix}").write_text(text, encoding="utf-8")
            written += 1
        if warc_records:
            with (directory / f"v{variant:04}-crawl.warc.gz").open("wb") as handle:
                writer = WARCWriter(handle, gzip=True)
                for uri, text in warc_records:
                    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                    writer.write_record(writer.create_warc_record(
                        uri, "response", payload=io.BytesIO(text.encode("utf-8")), http_headers=headers))
        if jsonl_lines:
            (directory / f"v{variant:04}-feed.jsonl").write_text("\n".join(jsonl_lines) + "\n", encoding="utf-8")
        variant += 1
    return written


# ------------------------------------------------------------ measurements


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_mode(mode: str, corpus: Path, work: Path) -> dict:
    """One end-to-end run, in this (fresh) process."""
    from chronicle.store import Store

    db = work / f"{mode}.db"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    if mode == "sequential":
        from chronicle.service import Chronicle

        service = Chronicle(Store.open(str(db)))
        summary = service.ingest([corpus])
        result = {"documents": summary.new, "worker_peak_rss_mb": [peak_rss_mb()]}
    elif mode.startswith("local-"):
        from chronicle.runners.local import ingest_parallel

        summary = ingest_parallel(Store.open(str(db)), [corpus], int(mode.split("-")[1]))
        result = {
            "documents": summary.new,
            "pipeline_s": round(summary.pipeline_seconds, 1),
            "resolve_s": round(summary.resolve_seconds, 1),
            "worker_peak_rss_mb": sorted(round(v / 2**20) for v in summary.worker_peak_rss.values()),
        }
    else:
        from chronicle.runners.loader import load_parquet
        from chronicle.runners.manifest import manifest_for
        from chronicle.runners.spark import build_session, run_job

        spark = build_session("local[2]", conf={"spark.driver.memory": "1g"})
        session_s = time.perf_counter() - started
        out = work / "spark-out"
        job = run_job(spark, manifest_for([corpus]), str(out), resume=False)
        spark.stop()
        load = load_parquet(str(out), Store.open(str(db)))
        result = {
            "documents": load.new,
            "session_s": round(session_s, 1),
            "job_s": round(job.seconds, 1),
            "job_process_s": round(job.process_seconds, 1),
            "job_judge_s": round(job.judge_seconds, 1),
            "identity_judgements": job.judgements,
            "load_s": round(load.seconds, 1),
            "resolve_s": round(load.resolve_seconds, 1),
            "worker_peak_rss_mb": sorted(round(v / 2**20) for v in job.worker_peak_rss.values()),
        }
    seconds = time.perf_counter() - started
    result.update(mode=mode, seconds=round(seconds, 1), docs_per_s=round(result["documents"] / seconds, 2),
                  parent_peak_rss_mb=round(peak_rss_mb()), load_avg=os.getloadavg()[0])
    return result


def stages(corpus: Path, profile: bool) -> dict:
    """Each stage's total time over the corpus, in one process; the model is loaded first."""
    from chronicle.annotate import annotate
    from chronicle.annotate.nlp import load_model
    from chronicle.clean import clean_document
    from chronicle.extract import extract_events
    from chronicle.ingest import discover, read_file
    from chronicle.records import RawDocument

    nlp = load_model()
    # One-time costs (gazetteer index, lexicons, lazily built tables) are paid by
    # each worker once; time them apart so the ratio is the per-document one.
    warm_started = time.perf_counter()
    for path in discover([corpus])[:3]:
        for raw in read_file(path):
            if isinstance(raw, RawDocument):
                clean = clean_document(raw)
                doc = nlp(clean.text)
                extract_events(annotate(clean, doc), doc)
    warmup = time.perf_counter() - warm_started
    totals = dict.fromkeys(("read", "clean", "parse", "annotate", "extract"), 0.0)
    profiler = cProfile.Profile() if profile else None
    count = 0
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for path in discover([corpus]):
        t0 = time.perf_counter()
        raws = [r for r in read_file(path) if isinstance(r, RawDocument)]
        totals["read"] += time.perf_counter() - t0
        for raw in raws:
            t1 = time.perf_counter()
            clean = clean_document(raw)
            t2 = time.perf_counter()
            doc = nlp(clean.text)
            t3 = time.perf_counter()
            if profiler:
                profiler.enable()
            annotated = annotate(clean, doc)
            t4 = time.perf_counter()
            extract_events(annotated, doc)
            t5 = time.perf_counter()
            if profiler:
                profiler.disable()
            totals["clean"] += t2 - t1
            totals["parse"] += t3 - t2
            totals["annotate"] += t4 - t3
            totals["extract"] += t5 - t4
            count += 1
    cpu, wall = time.process_time() - cpu_started, time.perf_counter() - wall_started
    pipeline = totals["clean"] + totals["parse"] + totals["annotate"] + totals["extract"]
    out = {
        "documents": count,
        "warmup_s": round(warmup, 2),
        "seconds": {k: round(v, 2) for k, v in totals.items()},
        "pipeline_over_parse": round(pipeline / totals["parse"], 3),
        "pipeline_and_read_over_parse": round((pipeline + totals["read"]) / totals["parse"], 3),
        "parse_ms_per_doc": round(1000 * totals["parse"] / count, 1),
        "pipeline_ms_per_doc": round(1000 * pipeline / count, 1),
        # CPU time is what a dedicated core would spend: contention on a
        # shared machine stretches wall time but not this.
        "cpu_ms_per_doc": round(1000 * cpu / count, 1),
        "cpu_share": round(cpu / wall, 2),
        "load_avg": os.getloadavg()[0],
    }
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
        out["profile_annotate_extract"] = stream.getvalue()
    return out


def child(mode: str, corpus: Path, work: Path, profile: bool) -> dict:
    return stages(corpus, profile) if mode == "stages" else run_mode(mode, corpus, work)


def spawn(mode: str, corpus: Path, work: Path, profile: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, str(corpus), str(work)] + (["--profile"] if profile else [])
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if done.returncode:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=None, help=f"stages and/or {', '.join(MODES)}")
    ap.add_argument("--profile", action="store_true", help="cProfile annotate+extract in the stages run")
    ap.add_argument("--json", type=Path, help="also write every run's numbers here")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "CORPUS", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), Path(args.child[2]), args.profile)))
        return
    wanted = args.only or ["stages", *MODES]
    results: dict = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="chronicle-bench-") as tmp:
        corpus, work = Path(tmp) / "corpus", Path(tmp) / "work"
        work.mkdir()
        results["documents_written"] = write_corpus(corpus, args.docs)
        if "stages" in wanted:
            results["stages"] = spawn("stages", corpus, work, args.profile)
            print(json.dumps({k: v for k, v in results["stages"].items() if k != "profile_annotate_extract"}), flush=True)
            if args.profile:
                print(results["stages"]["profile_annotate_extract"], flush=True)
        for mode in (m for m in MODES if m in wanted):
            runs = []
            for _ in range(args.runs):
                runs.append(spawn(mode, corpus, work, False))
                print(json.dumps(runs[-1]), flush=True)
            results[mode] = {
                "median_docs_per_s": statistics.median(r["docs_per_s"] for r in runs),
                "median_seconds": statistics.median(r["seconds"] for r in runs),
                "runs": runs,
            }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'mode':<12} {'docs':>5} {'median docs/s':>14} {'median s':>9} {'worker peak RSS MB':>20}")
    for mode in (m for m in MODES if m in results):
        r = results[mode]
        rss = max((max(x["worker_peak_rss_mb"]) for x in r["runs"] if x["worker_peak_rss_mb"]), default=float("nan"))
        print(f"{mode:<12} {r['runs'][0]['documents']:>5} {r['median_docs_per_s']:>14} {r['median_seconds']:>9} {rss:>20}")
    if "stages" in results:
        s = results["stages"]
        print(f"\npipeline / spaCy parse = {s['pipeline_over_parse']} (with reading: {s['pipeline_and_read_over_parse']}); "
              f"stage seconds {s['seconds']}")


if __name__ == "__main__":
    main()
