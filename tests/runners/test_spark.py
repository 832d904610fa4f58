"""The Spark job in local mode gives the local runner's documents and event mentions (slow: starts a JVM)."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("pyarrow") is None:
    pytest.skip("pyspark/pyarrow are not installed: pip install -c constraints.txt '.[spark]'", allow_module_level=True)
if shutil.which("java") is None:
    pytest.skip("no java on PATH: Spark needs a Java 17 runtime", allow_module_level=True)

import pyarrow.parquet as pq  # noqa: E402

from chronicle.runners.loader import Output, load_parquet  # noqa: E402
from chronicle.runners.local import ingest_parallel  # noqa: E402
from chronicle.runners.manifest import manifest_for, write_manifest  # noqa: E402
from chronicle.runners.parquet import SCHEMAS, batch_dir  # noqa: E402
from chronicle.store import Store  # noqa: E402
from tests.conftest import SAMPLES  # noqa: E402
from tests.runners.helpers import REPORTS, snapshot, text_report, write_warc  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from chronicle.runners.spark import build_session

    session = build_session(
        "local[2]",
        conf={"spark.driver.memory": "768m", "spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "4"},
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def first_run(spark, tmp_path_factory):
    """One job over the sample corpus, a WARC the test writes, and a missing file; loaded and compared."""
    from chronicle.runners.spark import run_job

    root = tmp_path_factory.mktemp("spark")
    warc = write_warc(root / "crawl.warc.gz")
    entries = [str(warc), *manifest_for([SAMPLES]), str(root / "missing.txt")]
    out = root / "out"
    job = run_job(spark, entries, str(out), partitions=3)
    loaded = Store.open(str(root / "spark.db"))
    load = load_parquet(str(out), loaded)
    local = Store.open(str(root / "local.db"))
    ingest_parallel(local, entries, 2, files=[Path(e) for e in entries])
    return {"root": root, "entries": entries, "out": out, "job": job, "load": load, "loaded": loaded, "local": local}


def test_same_documents_and_event_mentions_as_the_local_runner(first_run):
    job, load = first_run["job"], first_run["load"]
    assert job.documents == 10 + 4 and job.inputs == len(first_run["entries"])
    assert load.new == 13 and load.duplicate == 1  # the mirrored WARC record is one document, two sources
    assert job.quarantined == load.quarantined == 1
    loaded, local = snapshot(first_run["loaded"]), snapshot(first_run["local"])
    assert loaded["event_mentions"] and loaded == local
    mirrored = next(d for d in first_run["loaded"].documents() if d.source == "https://harbourcourier.example/a")
    assert mirrored.sources == ("https://harbourcourier.example/a", "https://mirror.example/a")


def test_tables_have_the_declared_schemas(first_run):
    for table, schema in SCHEMAS.items():
        files = [f for f in (first_run["out"] / table).glob("batch=*/part-*.parquet")]
        assert files, table
        for f in files:
            assert pq.read_schema(f).remove_metadata() == schema, (table, f)


def test_identity_judgements_equal_the_loaded_stores(first_run):
    store = first_run["loaded"]
    [batch] = first_run["job"].batches
    rows = Output(str(first_run["out"])).table("identity_judgements", batch)
    sha_of = {d.id: d.sha256 for d in store.documents()}
    entity_rows = Output(str(first_run["out"])).table("entities", batch)
    local_order: dict[str, list[int]] = {}
    for row in sorted(entity_rows, key=lambda r: (r["doc_ref"], r["ordinal"])):
        local_order.setdefault(row["document"], [])
        if row["local_id"] not in local_order[row["document"]]:
            local_order[row["document"]].append(row["local_id"])
    store_ids: dict[str, list[int]] = {}
    for e in store.stored_entities():
        store_ids.setdefault(sha_of[e.document_id], []).append(e.id)

    def store_id(document: str, local_id: int) -> int:
        return store_ids[document][local_order[document].index(local_id)]

    spark_side = {}
    for j in rows:
        ids = sorted((store_id(j["left_document"], j["left_local_id"]), store_id(j["right_document"], j["right_local_id"])))
        spark_side[tuple(ids)] = (j["verdict"], j["score"], j["reason"])
    stored = {(j.left, j.right): (j.verdict, j.score, j.reason) for j in store.judgements() if j.author == "chronicle"}
    assert spark_side and spark_side == stored


def test_a_second_run_skips_committed_inputs_and_drops_uncommitted_batches(first_run):
    from chronicle.runners.spark import main

    root, out = first_run["root"], first_run["out"]
    leftover = batch_dir(out, "documents", "19990101T000000000000Z-dead")
    leftover.mkdir(parents=True)
    extra = text_report(root, "later.txt", f"{REPORTS[1][1]}\n\n{REPORTS[1][2]} A second picket followed.\n")
    manifest = write_manifest([*first_run["entries"], str(extra)], root / "manifest.txt")
    assert main([str(manifest), str(out), "--master", "local[2]"]) == 0
    assert not leftover.exists()
    batches = Output(str(out)).committed_batches()
    assert len(batches) == 2
    assert [r["input"] for r in Output(str(out)).table("inputs", batches[1])] == [str(extra)]
    summary = load_parquet(str(out), first_run["loaded"])
    assert (summary.new, summary.duplicate) == (1, 14)
