"""The Parquet tables a batch job writes, and their conversion to and from records.

One schema per table, declared once here with pyarrow types; the Spark job
derives its Spark schemas from these, the loader reads with pyarrow. Rows
are plain dicts, so the same conversion serves Spark, pyarrow and tests.

Layout under the output directory (Hive-style, one directory per batch)::

    documents/batch=B/part-00000.snappy.parquet
    entities/ mentions/ events/ quarantine/ identity_judgements/ (same)
    inputs/batch=B/part-00000.snappy.parquet, inputs/batch=B/_SUCCESS
                                written last: a batch counts once it is here

Every row of ``entities``, ``mentions`` and ``events`` names its document by
``doc_ref`` (``input_index:item_index``, unique within a batch) and by
``document`` (the SHA-256). A document's child rows are in the part file
with the same part number as its ``documents`` row, which lets the loader
read one part at a time.
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Iterable, Mapping

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs as pafs

from chronicle.records import (
    AnnotatedDocument,
    CleanDocument,
    DocEntity,
    EntityMention,
    EventMention,
    PartialDate,
    ProcessedDocument,
    Quarantined,
    RawDocument,
    RoleFiller,
    Segment,
    Span,
    TimeExpression,
)
from chronicle.runners.manifest import is_local, local_path

# Bump when a column changes meaning; the loader refuses other versions.
SCHEMA_VERSION = "1"

SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
DATE = pa.struct([("value", pa.string()), ("precision", pa.string()), ("start", pa.string()), ("end", pa.string())])
SEGMENT = pa.struct(
    [("clean_start", pa.int32()), ("clean_end", pa.int32()), ("raw_start", pa.int32()), ("raw_end", pa.int32())]
)
TIME = pa.struct(
    [("span", SPAN), ("kind", pa.string()), ("value", pa.string()), ("date", DATE), ("anchored", pa.bool_())]
)
ATTRIBUTE = pa.struct([("name", pa.string()), ("value", pa.string())])
ROLE = pa.struct([("role", pa.string()), ("entity", pa.int32()), ("span", SPAN)])

_REF = [("doc_ref", pa.string()), ("document", pa.string())]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_ref", pa.string()),
            ("input_index", pa.int64()),
            ("item_index", pa.int32()),
            ("input", pa.string()),
            ("sha256", pa.string()),
            ("source", pa.string()),
            ("container", pa.string()),
            ("media_type", pa.string()),
            ("encoding", pa.string()),
            ("published_hint", pa.string()),
            ("raw", pa.binary()),
            ("raw_text", pa.string()),
            ("clean_source", pa.string()),
            ("text", pa.string()),
            ("title", pa.string()),
            ("published", DATE),
            ("outlet", pa.string()),
            ("language", pa.string()),
            ("segments", pa.list_(SEGMENT)),
            ("annotated", pa.bool_()),
            ("sentences", pa.list_(SPAN)),
            ("times", pa.list_(TIME)),
            ("anchor", DATE),
            ("n_entities", pa.int32()),
            ("n_mentions", pa.int32()),
            ("n_events", pa.int32()),
            ("seconds", pa.float64()),
        ]
    ),
    "entities": pa.schema(
        _REF
        + [
            ("ordinal", pa.int32()),
            ("local_id", pa.int32()),
            ("kind", pa.string()),
            ("name", pa.string()),
            ("variants", pa.list_(pa.string())),
            ("titles", pa.list_(pa.string())),
            ("country", pa.string()),
            ("gazetteer_id", pa.string()),
        ]
    ),
    "mentions": pa.schema(
        _REF
        + [
            ("ordinal", pa.int32()),
            ("cluster", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
        ]
    ),
    "events": pa.schema(
        _REF
        + [
            ("ordinal", pa.int32()),
            ("type", pa.string()),
            ("status", pa.string()),
            ("trigger", SPAN),
            ("sentence", SPAN),
            ("place", pa.int32()),
            ("date", DATE),
            ("attributes", pa.list_(ATTRIBUTE)),
            ("roles", pa.list_(ROLE)),
        ]
    ),
    "quarantine": pa.schema(
        [
            ("input_index", pa.int64()),
            ("item_index", pa.int32()),
            ("input", pa.string()),
            ("source", pa.string()),
            ("reason", pa.string()),
            ("sha256", pa.string()),
            ("size", pa.int64()),
        ]
    ),
    "inputs": pa.schema(
        [
            ("input_index", pa.int64()),
            ("input", pa.string()),
            ("documents", pa.int32()),
            ("quarantined", pa.int32()),
            ("seconds", pa.float64()),
            ("schema_version", pa.string()),
        ]
    ),
    "identity_judgements": pa.schema(
        [
            ("left", pa.string()),
            ("right", pa.string()),
            ("left_document", pa.string()),
            ("left_local_id", pa.int32()),
            ("right_document", pa.string()),
            ("right_local_id", pa.int32()),
            ("kind", pa.string()),
            ("verdict", pa.string()),
            ("score", pa.float64()),
            ("reason", pa.string()),
        ]
    ),
}

# Written per processed document, in this order; ``inputs`` comes last of all.
DOCUMENT_TABLES = ("documents", "entities", "mentions", "events", "quarantine")


# ----------------------------------------------------------- records -> rows


def doc_ref(input_index: int, item_index: int) -> str:
    return f"{input_index}:{item_index}"


def _span(span: Span) -> dict:
    return {"start": span.start, "end": span.end, "text": span.text}


def _date(date: PartialDate | None) -> dict | None:
    if date is None:
        return None
    return {"value": date.value, "precision": date.precision, "start": date.start, "end": date.end}


def document_row(processed: ProcessedDocument, *, input_index: int, item_index: int, input: str,
                 seconds: float = 0.0) -> dict:
    raw, clean, annotated = processed.raw, processed.clean, processed.annotated
    return {
        "doc_ref": doc_ref(input_index, item_index),
        "input_index": input_index,
        "item_index": item_index,
        "input": input,
        "sha256": raw.sha256,
        "source": raw.source,
        "container": raw.container,
        "media_type": raw.media_type,
        "encoding": raw.encoding,
        "published_hint": raw.published_hint,
        "raw": raw.raw,
        "raw_text": raw.text,
        "clean_source": clean.source,
        "text": clean.text,
        "title": clean.title,
        "published": _date(clean.published),
        "outlet": clean.outlet,
        "language": clean.language,
        "segments": [
            {"clean_start": g.clean_start, "clean_end": g.clean_end, "raw_start": g.raw_start, "raw_end": g.raw_end}
            for g in clean.segments
        ],
        "annotated": annotated is not None,
        "sentences": [_span(s) for s in annotated.sentences] if annotated else [],
        "times": [
            {"span": _span(t.span), "kind": t.kind, "value": t.value, "date": _date(t.date), "anchored": t.anchored}
            for t in (annotated.times if annotated else ())
        ],
        "anchor": _date(annotated.anchor) if annotated else None,
        "n_entities": len(annotated.entities) if annotated else 0,
        "n_mentions": len(annotated.mentions) if annotated else 0,
        "n_events": len(processed.events),
        "seconds": seconds,
    }


def entity_rows(processed: ProcessedDocument, ref: str) -> list[dict]:
    if processed.annotated is None:
        return []
    sha = processed.raw.sha256
    return [
        {
            "doc_ref": ref,
            "document": sha,
            "ordinal": n,
            "local_id": e.id,
            "kind": e.kind,
            "name": e.name,
            "variants": list(e.variants),
            "titles": list(e.titles),
            "country": e.country,
            "gazetteer_id": e.gazetteer_id,
        }
        for n, e in enumerate(processed.annotated.entities)
    ]


def mention_rows(processed: ProcessedDocument, ref: str) -> list[dict]:
    if processed.annotated is None:
        return []
    sha = processed.raw.sha256
    return [
        {"doc_ref": ref, "document": sha, "ordinal": n, "cluster": m.cluster, "start": m.span.start,
         "end": m.span.end, "text": m.span.text}
        for n, m in enumerate(processed.annotated.mentions)
    ]


def event_rows(processed: ProcessedDocument, ref: str) -> list[dict]:
    return [
        {
            "doc_ref": ref,
            "document": ev.document,
            "ordinal": n,
            "type": ev.type,
            "status": ev.status,
            "trigger": _span(ev.trigger),
            "sentence": _span(ev.sentence),
            "place": ev.place,
            "date": _date(ev.date),
            "attributes": [{"name": k, "value": v} for k, v in ev.attributes],
            "roles": [{"role": r.role, "entity": r.entity, "span": _span(r.span)} for r in ev.participants],
        }
        for n, ev in enumerate(processed.events)
    ]


def quarantine_row(item: Quarantined, *, input_index: int, item_index: int, input: str) -> dict:
    return {
        "input_index": input_index,
        "item_index": item_index,
        "input": input,
        "source": item.source,
        "reason": item.reason,
        "sha256": item.sha256,
        "size": item.size,
    }


def rows_for(processed: ProcessedDocument, *, input_index: int, item_index: int, input: str,
             seconds: float = 0.0) -> dict[str, list[dict]]:
    """Every table's rows for one processed document."""
    ref = doc_ref(input_index, item_index)
    return {
        "documents": [document_row(processed, input_index=input_index, item_index=item_index, input=input,
                                   seconds=seconds)],
        "entities": entity_rows(processed, ref),
        "mentions": mention_rows(processed, ref),
        "events": event_rows(processed, ref),
    }


# ----------------------------------------------------------- rows -> records


def _to_span(d: Mapping) -> Span:
    return Span(d["start"], d["end"], d["text"])


def _to_date(d: Mapping | None) -> PartialDate | None:
    if d is None:
        return None
    return PartialDate(d["value"], d["precision"], d["start"], d["end"])


def processed_from_rows(doc: Mapping, entities: Iterable[Mapping], mentions: Iterable[Mapping],
                        events: Iterable[Mapping]) -> ProcessedDocument:
    """Rebuild the ``ProcessedDocument`` the rows were made from, exactly.

    Raises ``ValueError`` when the child rows don't match the counts the
    document row recorded (a part file missing or mismatched).
    """
    entities = sorted(entities, key=lambda r: r["ordinal"])
    mentions = sorted(mentions, key=lambda r: r["ordinal"])
    events = sorted(events, key=lambda r: r["ordinal"])
    found = (len(entities), len(mentions), len(events))
    if found != (doc["n_entities"], doc["n_mentions"], doc["n_events"]):
        raise ValueError(
            f"{doc['doc_ref']} ({doc['source']}): expected {doc['n_entities']} entities, {doc['n_mentions']} "
            f"mentions, {doc['n_events']} events; found {found[0]}, {found[1]}, {found[2]}"
        )
    raw = RawDocument(
        source=doc["source"],
        raw=doc["raw"],
        sha256=doc["sha256"],
        media_type=doc["media_type"],
        text=doc["raw_text"],
        encoding=doc["encoding"],
        container=doc["container"],
        published_hint=doc["published_hint"],
    )
    clean = CleanDocument(
        sha256=doc["sha256"],
        source=doc["clean_source"],
        text=doc["text"],
        title=doc["title"],
        published=_to_date(doc["published"]),
        outlet=doc["outlet"],
        language=doc["language"],
        segments=tuple(Segment(g["clean_start"], g["clean_end"], g["raw_start"], g["raw_end"]) for g in doc["segments"]),
    )
    annotated = None
    if doc["annotated"]:
        annotated = AnnotatedDocument(
            doc=clean,
            sentences=tuple(_to_span(s) for s in doc["sentences"]),
            entities=tuple(
                DocEntity(e["local_id"], e["kind"], e["name"], tuple(e["variants"]), tuple(e["titles"]), e["country"],
                          e["gazetteer_id"])
                for e in entities
            ),
            mentions=tuple(EntityMention(Span(m["start"], m["end"], m["text"]), m["cluster"]) for m in mentions),
            times=tuple(
                TimeExpression(_to_span(t["span"]), t["kind"], t["value"], _to_date(t["date"]), t["anchored"])
                for t in doc["times"]
            ),
            anchor=_to_date(doc["anchor"]),
        )
    mentions_out = tuple(
        EventMention(
            document=e["document"],
            type=e["type"],
            status=e["status"],
            trigger=_to_span(e["trigger"]),
            sentence=_to_span(e["sentence"]),
            participants=tuple(RoleFiller(r["role"], r["entity"], _to_span(r["span"])) for r in e["roles"]),
            place=e["place"],
            date=_to_date(e["date"]) or PartialDate.unknown(),
            attributes=tuple((a["name"], a["value"]) for a in e["attributes"]),
        )
        for e in events
    )
    return ProcessedDocument(raw, clean, annotated, mentions_out)


def quarantined_from_row(row: Mapping) -> Quarantined:
    return Quarantined(row["source"], row["reason"], row["sha256"], row["size"])


# ------------------------------------------------------------------ files

_PART = re.compile(r"^part-(\d+)")


def part_number(name: str) -> int | None:
    """The task number in a part file's name (``part-00003...``, as Spark names them)."""
    found = _PART.match(name)
    return int(found.group(1)) if found else None


def filesystem_for(out_dir: str | Path) -> tuple[pafs.FileSystem, str]:
    """The file system and root path of an output directory: local, or any URI pyarrow opens (S3, GCS, HDFS)."""
    out_dir = str(out_dir)
    if is_local(out_dir):
        return pafs.LocalFileSystem(), str(local_path(out_dir).absolute())
    return pafs.FileSystem.from_uri(out_dir)


def batch_dir(out_dir: str | Path, table: str, batch: str) -> Path:
    return Path(out_dir) / table / f"batch={batch}"


def part_path(root: str, table: str, batch: str, part: int) -> str:
    return f"{root}/{table}/batch={batch}/part-{part:05d}.snappy.parquet"


class PartWriter:
    """Streams one task's rows into one part file per table.

    Rows are buffered and written as a row group every ``flush_rows``
    documents, so a task's memory does not grow with its input. Files are
    written under a temporary name and moved to their final, deterministic
    name (``part-NNNNN``) only when the task finishes: a failed attempt
    leaves nothing under a final name, and a retried or speculative attempt
    replaces the same file instead of adding a second one.
    """

    def __init__(self, out_dir: str | Path, batch: str, part: int, *, flush_rows: int = 128):
        self.fs, self.root = filesystem_for(out_dir)
        self.batch = batch
        self.part = part
        self.flush_rows = flush_rows
        self.attempt = uuid.uuid4().hex[:12]
        self.buffers: dict[str, list[dict]] = {}
        self.writers: dict[str, tuple[object, pq.ParquetWriter, str]] = {}
        self.pending_documents = 0
        self.counts: dict[str, int] = {}

    def add(self, table: str, row: dict) -> None:
        self.buffers.setdefault(table, []).append(row)
        self.counts[table] = self.counts.get(table, 0) + 1
        if table in ("documents", "quarantine", "identity_judgements"):
            self.pending_documents += 1
            if self.pending_documents >= self.flush_rows:
                self.flush()

    def flush(self) -> None:
        for table, rows in self.buffers.items():
            if rows:
                self._writer(table).write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
        self.buffers = {}
        self.pending_documents = 0

    def _writer(self, table: str) -> pq.ParquetWriter:
        if table not in self.writers:
            temp = f"{self.root}/{table}/batch={self.batch}/_temporary/part-{self.part:05d}-{self.attempt}.parquet"
            self.fs.create_dir(temp.rsplit("/", 1)[0], recursive=True)
            stream = self.fs.open_output_stream(temp)
            self.writers[table] = (stream, pq.ParquetWriter(stream, SCHEMAS[table], compression="snappy"), temp)
        return self.writers[table][1]

    def close(self) -> dict[str, int]:
        """Write what is buffered and move every file into place; returns rows per table."""
        self.flush()
        for table, (stream, writer, temp) in self.writers.items():
            writer.close()
            stream.close()
            final = part_path(self.root, table, self.batch, self.part)
            if self.fs.get_file_info(final).type != pafs.FileType.NotFound:
                self.fs.delete_file(final)
            self.fs.move(temp, final)
        self.writers = {}
        return self.counts

    def abort(self) -> None:
        for stream, writer, temp in self.writers.values():
            try:
                writer.close()
                stream.close()
            finally:
                self.fs.delete_file(temp)
        self.writers = {}


def write_part(out_dir: str | Path, table: str, batch: str, part: int, rows: list[dict]) -> None:
    """Write one table's part file in one go (tests, small exports); nothing for no rows."""
    writer = PartWriter(out_dir, batch, part)
    for row in rows:
        writer.add(table, row)
    writer.close()


def commit_batch(out_dir: str | Path, batch: str, inputs: list[dict]) -> None:
    """Write a batch's ``inputs`` table and its ``_SUCCESS`` marker: from now on the batch counts.

    Also removes the batch's leftover temporary files from failed task attempts.
    """
    fs, root = filesystem_for(out_dir)
    for table in (*DOCUMENT_TABLES, "identity_judgements"):
        temp = f"{root}/{table}/batch={batch}/_temporary"
        if fs.get_file_info(temp).type == pafs.FileType.Directory:
            fs.delete_dir(temp)
    write_part(out_dir, "inputs", batch, 0, inputs)
    with fs.open_output_stream(f"{root}/inputs/batch={batch}/_SUCCESS"):
        pass
