"""End-to-end through the CLI: real files in, real SQLite out."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLES, shared_path

CHRONICLE = [sys.executable, "-m", "chronicle.cli"]


def run(*args: str, db: Path, check: bool = True, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [*CHRONICLE, *args, "--db", str(db)], capture_output=True, text=True, timeout=timeout, cwd=REPO
    )
    if check and result.returncode not in (0, 1):
        raise AssertionError(f"chronicle {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def export(db: Path) -> dict:
    return json.loads(run("export", "--format", "json", db=db).stdout)


@pytest.mark.slow
def test_seeds_pass_the_acceptance_checker(tmp_path):
    seeds = shared_path("seeds")
    checker = shared_path("acceptance", "check_seeds.py")
    db = tmp_path / "seeds.db"
    assert run("ingest", str(seeds), db=db).returncode == 0
    record = tmp_path / "seeds.json"
    record.write_text(json.dumps(export(db)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(checker), str(record)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "must_not violations: 0" in result.stdout


@pytest.mark.slow
def test_sample_corpus_builds_a_sourced_record(tmp_path):
    db = tmp_path / "demo.db"
    result = run("ingest", str(SAMPLES), db=db)
    assert result.returncode == 0, result.stderr
    record = export(db)
    assert len(record["documents"]) == 10
    people = {p["name"]: p for p in record["people"]}
    assert "Yerlan Dzhaksybekov" in people and "Nurlan Dzhaksybekov" in people  # brothers stay two people
    yerlan = people["Yerlan Dzhaksybekov"]
    assert {"Erlan Jaksybekov", "Yerlan Zhaksybekov"} <= set(yerlan["variants"])
    texts = {d["id"]: d["text"] for d in record["documents"]}
    for event in record["events"]:
        for source in event["sources"]:  # provenance: every source quotes its document exactly
            assert texts[source["document"]][source["start"]:source["end"]] == source["evidence"]
    terms = [c for c in record["conflicts"] if c["field"] == "term"]
    assert terms, "the 15-day against 10-day disagreement must be reported"
    assert {v["value"] for v in terms[0]["values"]} >= {"P15D", "P10D"}


def test_reingesting_changes_nothing(tmp_path):
    db = tmp_path / "c.db"
    report = tmp_path / "report.txt"
    report.write_text("Police in Grodno detained the teacher Irina Volk on 3 March.\n", encoding="utf-8")
    run("ingest", str(report), db=db)
    first = export(db)
    result = run("ingest", str(report), db=db)
    assert "0 new, 1 duplicate" in result.stderr
    second = export(db)
    assert [d["sha256"] for d in first["documents"]] == [d["sha256"] for d in second["documents"]]
    assert first["events"] == second["events"]


def test_bad_inputs_are_quarantined_and_the_batch_goes_on(tmp_path):
    db = tmp_path / "q.db"
    good = tmp_path / "inputs" / "good.txt"
    good.parent.mkdir()
    good.write_text("Police in Grodno detained the teacher Irina Volk on 3 March 2021.\n", encoding="utf-8")
    run("ingest", str(good), db=db)  # stored before the bad batch

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    page = "<html><body><p>" + " ".join(f"word{n}" for n in range(3000)) + "</p></body></html>"
    compressed = gzip.compress(page.encode())
    (bad / "cut.html.gz").write_bytes(compressed[: len(compressed) // 2])
    (bad / "broken.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")
    (bad / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    huge = bad / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    (bad / "also-good.txt").write_text("Pavel Grek was released from custody in Minsk on 5 March 2021.\n", encoding="utf-8")

    result = run("ingest", str(bad), db=db)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error ")]
    named = " ".join(errors)
    for name in ("empty.txt", "image.txt", "cut.html.gz", "broken.warc", "nav.html", "huge.txt"):
        assert name in named, f"{name} has no error line:\n{result.stderr}"
    record = export(db)
    sources = {Path(d["source"]).name for d in record["documents"]}
    assert {"good.txt", "also-good.txt"} <= sources
    quarantined = {Path(q["source"].split("#")[0].split(":")[0]).name for q in record["quarantine"]}
    assert {"empty.txt", "image.txt", "cut.html.gz", "nav.html", "huge.txt"} <= quarantined
    assert all(q["reason"] and "\n" not in q["reason"] for q in record["quarantine"])


@pytest.mark.slow
def test_a_killed_ingest_resumes_without_duplicates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(40):
        (corpus / f"r{n:03}.txt").write_text(
            f"Report {n}. Police in Grodno detained the teacher Irina Volk{n} on 3 March 2021. "
            f"She was released on {n % 27 + 1} April 2021 after a court hearing.\n",
            encoding="utf-8",
        )
    db = tmp_path / "k.db"
    proc = subprocess.Popen([*CHRONICLE, "ingest", str(corpus), "--db", str(db), "-q"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:  # wait until some documents are committed, then kill
        time.sleep(0.5)
        if db.exists() and _documents_in(db) >= 5:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _documents_in(db)
    assert 0 < partial < 40, "the kill should land mid-run"
    assert run("ingest", str(corpus), db=db).returncode == 0
    record = export(db)
    assert len(record["documents"]) == 40
    assert len({d["sha256"] for d in record["documents"]}) == 40


def _documents_in(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:
        return 0
