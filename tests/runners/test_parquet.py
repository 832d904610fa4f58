"""Tables round-trip to the records they came from, and the loader stores what the sequential ingest stores."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from chronicle.ingest import discover, read_file
from chronicle.pipeline import process_document
from chronicle.records import ProcessedDocument, Quarantined
from chronicle.runners.loader import Output, load_parquet
from chronicle.runners.parquet import (
    SCHEMA_VERSION,
    SCHEMAS,
    batch_dir,
    commit_batch,
    part_number,
    processed_from_rows,
    quarantine_row,
    rows_for,
    write_part,
)
from chronicle.service import Chronicle
from chronicle.store import Store
from tests.conftest import SAMPLES
from tests.runners.helpers import snapshot


@pytest.fixture(scope="module")
def sample_items(nlp):
    """(input_index, item_index, input, processed or quarantined) for the sample corpus, in ingest order."""
    items = []
    for input_index, path in enumerate(discover([SAMPLES])):
        for item_index, item in enumerate(read_file(path)):
            result = item if isinstance(item, Quarantined) else process_document(item, nlp)
            items.append((input_index, item_index, str(path), result))
    return items


def export(items, out_dir, batch: str, parts: int = 3) -> None:
    """Write items as a batch job would: contiguous inputs per part, inputs table last, then the commit marker."""
    inputs: dict[int, dict] = {}
    n_inputs = max(i for i, *_ in items) + 1
    for part in range(parts):
        tables: dict[str, list[dict]] = {t: [] for t in ("documents", "entities", "mentions", "events", "quarantine")}
        mine = range(part * n_inputs // parts, (part + 1) * n_inputs // parts)
        for input_index, item_index, source, result in (x for x in items if x[0] in mine):
            line = inputs.setdefault(input_index, {"input_index": input_index, "input": source, "documents": 0,
                                                   "quarantined": 0, "seconds": 0.0, "schema_version": SCHEMA_VERSION})
            if isinstance(result, Quarantined):
                tables["quarantine"].append(quarantine_row(result, input_index=input_index, item_index=item_index, input=source))
                line["quarantined"] += 1
                continue
            for table, rows in rows_for(result, input_index=input_index, item_index=item_index, input=source).items():
                tables[table] += rows
            line["documents"] += 1
        for table, rows in tables.items():
            write_part(out_dir, table, batch, part, rows)
    commit_batch(out_dir, batch, sorted(inputs.values(), key=lambda r: r["input_index"]))


def test_rows_rebuild_every_sample_document_exactly(sample_items, tmp_path):
    documents = [r for *_, r in sample_items if isinstance(r, ProcessedDocument)]
    assert len(documents) == 10 and any(d.events for d in documents)
    export(sample_items, tmp_path, "b1")
    output = Output(str(tmp_path))
    from chronicle.runners.loader import batch_items

    rebuilt = [processed_from_rows(*item) for item in batch_items(output, "b1") if not isinstance(item, Quarantined)]
    assert rebuilt == documents  # every field, nested records included, in input order


def test_written_files_have_the_declared_schemas(sample_items, tmp_path):
    export(sample_items, tmp_path, "b1")
    for table in ("documents", "entities", "mentions", "events", "inputs"):
        files = list(batch_dir(tmp_path, table, "b1").glob("part-*.parquet"))
        assert files, table
        assert all(pq.read_schema(f).remove_metadata() == SCHEMAS[table] for f in files)


def test_missing_child_rows_are_an_error_not_a_silent_loss(sample_items):
    input_index, item_index, source, processed = next(x for x in sample_items if isinstance(x[3], ProcessedDocument) and x[3].events)
    rows = rows_for(processed, input_index=input_index, item_index=item_index, input=source)
    with pytest.raises(ValueError, match="events"):
        processed_from_rows(rows["documents"][0], rows["entities"], rows["mentions"], rows["events"][1:])


def test_part_numbers_follow_file_names():
    assert part_number("part-00007.snappy.parquet") == 7
    assert part_number("part-00012-4b1f1c9e-aaaa-bbbb-cccc-0123456789ab.c000.snappy.parquet") == 12  # Spark's own
    assert part_number("_SUCCESS") is None and part_number(".part-00001.crc") is None


def test_a_failed_task_leaves_no_part_file_and_a_retry_replaces_it(sample_items, tmp_path):
    from chronicle.runners.parquet import PartWriter

    processed = [r for *_, r in sample_items if isinstance(r, ProcessedDocument)]
    failed = PartWriter(tmp_path, "b1", 0, flush_rows=1)
    for n, p in enumerate(processed[:3]):
        for table, rows in rows_for(p, input_index=n, item_index=0, input="x").items():
            for row in rows:
                failed.add(table, row)
    failed.abort()
    assert not list(tmp_path.rglob("*.parquet"))
    for attempt in range(2):  # a retried (or speculative) attempt writes the same file again
        writer = PartWriter(tmp_path, "b1", 0, flush_rows=1)
        for n, p in enumerate(processed[:3]):
            for table, rows in rows_for(p, input_index=n, item_index=0, input="x").items():
                for row in rows:
                    writer.add(table, row)
        assert writer.close()["documents"] == 3
    files = list(batch_dir(tmp_path, "documents", "b1").glob("part-*.parquet"))
    assert len(files) == 1 and pq.read_metadata(files[0]).num_rows == 3


def test_loader_matches_sequential_ingest_and_is_idempotent(sample_items, nlp, tmp_path):
    sequential = Chronicle(Store.open(str(tmp_path / "seq.db")), nlp_loader=lambda: nlp)
    sequential.ingest([str(p) for p in discover([SAMPLES])])
    out = tmp_path / "out"
    export(sample_items, out, "20260101T000000Z-a")
    (batch_dir(out, "documents", "20260102T000000Z-b")).mkdir(parents=True)  # a batch that never committed
    store = Store.open(str(tmp_path / "loaded.db"))
    summary = load_parquet(str(out), store)
    assert (summary.batches, summary.new, summary.quarantined) == (1, 10, 0)
    assert snapshot(store) == snapshot(sequential.store)
    assert store.resolution().identities and len(store.resolution().identities) == len(sequential.store.resolution().identities)
    again = load_parquet(str(out), store)
    assert (again.new, again.duplicate) == (0, 10)
    assert snapshot(store) == snapshot(sequential.store)


def test_loader_keeps_quarantine_once(tmp_path):
    out = tmp_path / "out"
    bad = Quarantined("/in/broken.warc.gz", "truncated record", None, 12)
    export([(0, 0, "/in/broken.warc.gz", bad)], out, "b1", parts=1)
    store = Store.open(str(tmp_path / "q.db"))
    assert load_parquet(str(out), store).quarantined == 1
    load_parquet(str(out), store)
    assert [(q.source, q.reason) for q in store.quarantined()] == [("/in/broken.warc.gz", "truncated record")]
