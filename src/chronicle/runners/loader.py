"""Put a batch job's Parquet tables into a Chronicle store.

Each document's rows are turned back into the ``ProcessedDocument`` they
were made from and handed to ``Store.save_processed``, so the store logic
(one transaction per document, SHA-256 dedup, extra sources) is the one the
sequential ingest uses. Documents go in input order -- batch, then manifest
position, then position inside the file -- so a job over the manifest of
``chronicle ingest PATHS`` gives the same document ids.

Only committed batches are read (``inputs/batch=B/_SUCCESS`` exists): a job
that died half-way left tables that nothing refers to. Loading is
idempotent: documents already stored only gain a source, quarantine rows
already stored are not repeated. So an interrupted load is resumed by
running it again.

Resolution runs once at the end over the whole store
(``chronicle.resolve.update.update_record``). The job's
``identity_judgements`` table is not used for it: store ids, reviewers'
judgements and documents from earlier batches all live in the store, and
the judgements must be keyed by store ids. The table is for inspecting
blocking and verdicts at scale.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterator

import pyarrow.parquet as pq
from pyarrow import fs as pafs

from chronicle.records import Quarantined
from chronicle.runners.parquet import (
    SCHEMA_VERSION,
    filesystem_for,
    part_number,
    processed_from_rows,
    quarantined_from_row,
)
from chronicle.runners.resolution import resolve_if_needed
from chronicle.service import IngestSummary, ItemCallback
from chronicle.store import Store


@dataclass
class LoadSummary(IngestSummary):
    batches: int = 0
    seconds: float = 0.0
    resolve_seconds: float = 0.0


class Output:
    """A job's output directory on any file system pyarrow can open."""

    def __init__(self, out_dir: str):
        self.fs, self.root = filesystem_for(out_dir)

    def _children(self, path: str) -> list[pafs.FileInfo]:
        info = self.fs.get_file_info(pafs.FileSelector(path, allow_not_found=True))
        return sorted(info, key=lambda i: i.path)

    def batches(self, table: str) -> list[str]:
        """Every batch id with a directory in ``table``, committed or not."""
        return [
            child.base_name.removeprefix("batch=")
            for child in self._children(f"{self.root}/{table}")
            if child.type == pafs.FileType.Directory and child.base_name.startswith("batch=")
        ]

    def delete_batch(self, table: str, batch: str) -> None:
        self.fs.delete_dir(f"{self.root}/{table}/batch={batch}")

    def committed_batches(self) -> list[str]:
        """Batch ids whose ``inputs`` were written completely, oldest first."""
        batches = []
        for child in self._children(f"{self.root}/inputs"):
            if child.type == pafs.FileType.Directory and child.base_name.startswith("batch="):
                marker = self.fs.get_file_info(f"{child.path}/_SUCCESS")
                if marker.type == pafs.FileType.File:
                    batches.append(child.base_name.removeprefix("batch="))
        return sorted(batches)

    def parts(self, table: str, batch: str) -> dict[int, list[str]]:
        """Part files of one table in one batch, by part number."""
        out: dict[int, list[str]] = defaultdict(list)
        for child in self._children(f"{self.root}/{table}/batch={batch}"):
            number = part_number(child.base_name)
            if child.type == pafs.FileType.File and number is not None and child.base_name.endswith(".parquet"):
                out[number].append(child.path)
        return out

    def read(self, paths: list[str]) -> list[dict]:
        rows: list[dict] = []
        for path in paths:
            rows += pq.read_table(path, filesystem=self.fs).to_pylist()
        return rows

    def table(self, table: str, batch: str) -> list[dict]:
        """A whole table of one batch (for small tables: inputs, judgements)."""
        return self.read([p for paths in self.parts(table, batch).values() for p in paths])


def batch_items(output: Output, batch: str) -> Iterator[tuple[dict, list[dict], list[dict], list[dict]] | Quarantined]:
    """A batch's documents (with their child rows) and quarantine records, in input order.

    Reads one part number at a time, so memory is bounded by a part, not by
    the batch.
    """
    parts = {t: output.parts(t, batch) for t in ("documents", "entities", "mentions", "events", "quarantine")}
    numbers = sorted(set(parts["documents"]) | set(parts["quarantine"]))
    for number in numbers:
        children: dict[str, dict[str, list[dict]]] = {}
        for table in ("entities", "mentions", "events"):
            grouped: dict[str, list[dict]] = defaultdict(list)
            for row in output.read(parts[table].get(number, [])):
                grouped[row["doc_ref"]].append(row)
            children[table] = grouped
        ordered: list[tuple[tuple[int, int], object]] = []
        for doc in output.read(parts["documents"].get(number, [])):
            ref = doc["doc_ref"]
            item = (doc, children["entities"].get(ref, []), children["mentions"].get(ref, []), children["events"].get(ref, []))
            ordered.append(((doc["input_index"], doc["item_index"]), item))
        for row in output.read(parts["quarantine"].get(number, [])):
            ordered.append(((row["input_index"], row["item_index"]), quarantined_from_row(row)))
        ordered.sort(key=lambda pair: pair[0])
        for _, item in ordered:
            yield item


def load_parquet(
    out_dir: str,
    store: Store,
    *,
    on_item: ItemCallback | None = None,
    on_batch: Callable[[str], None] | None = None,
    resolve: bool = True,
) -> LoadSummary:
    """Load every committed batch under ``out_dir`` into ``store``, then resolve."""
    started = time.perf_counter()
    output = Output(out_dir)
    batches = output.committed_batches()
    summary = LoadSummary(batches=len(batches))
    run_id = store.start_run([out_dir])
    known_quarantine = {(q.source, q.reason, q.sha256) for q in store.quarantined()}

    def report(outcome: str, detail: str) -> None:
        if on_item:
            on_item(outcome, detail)

    for batch in batches:
        inputs = output.table("inputs", batch)
        versions = {row["schema_version"] for row in inputs}
        if versions - {SCHEMA_VERSION}:
            raise ValueError(f"batch {batch} was written with table schema {sorted(versions)}, not {SCHEMA_VERSION}")
        summary.files += len(inputs)
        for item in batch_items(output, batch):
            if isinstance(item, Quarantined):
                summary.quarantined += 1
                summary.failures.append((item.source, item.reason))
                key = (item.source, item.reason, item.sha256)
                if key not in known_quarantine:
                    known_quarantine.add(key)
                    store.quarantine(item, run_id)
                report("quarantined", f"{item.source}: {item.reason}")
                continue
            saved = store.save_processed(processed_from_rows(*item))
            if saved.is_new:
                summary.new += 1
                summary.new_document_ids.append(saved.document_id)
                report("new", item[0]["source"])
            else:
                summary.duplicate += 1
                report("duplicate", item[0]["source"])
        if on_batch:
            on_batch(batch)
    store.finish_run(run_id, new=summary.new, duplicate=summary.duplicate, quarantined=summary.quarantined)
    if resolve:
        resolve_started = time.perf_counter()
        resolve_if_needed(store, summary.new_document_ids)
        summary.resolve_seconds = time.perf_counter() - resolve_started
    summary.seconds = time.perf_counter() - started
    return summary
