"""Events and entities as CSV: one flat row each, for spreadsheets.

Rows are built from the event and entity dicts the browse service produces
(the export record's shape plus names, reviews and conflicts), so a CSV
download and the page it came from say the same thing.

Document text is untrusted and spreadsheets execute cells that start with
``=``, ``+``, ``-``, ``@`` (CSV injection); such cells are prefixed with an
apostrophe, which spreadsheets show as text.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, TextIO

EVENT_COLUMNS = (
    "id", "type", "status", "date", "date_precision", "subjects", "participants", "place", "country",
    "attributes", "conflicts", "review", "review_by", "review_reason", "resolved", "documents", "sources",
    "evidence", "url",
)
ENTITY_COLUMNS = ("id", "kind", "name", "variants", "country", "documents", "events", "url")
DOCUMENT_COLUMNS = ("id", "title", "outlet", "published", "published_precision", "language", "source", "event_mentions", "url")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell value that a spreadsheet will not evaluate as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def event_row(event: dict) -> dict[str, str]:
    """One event (a browse-service event dict) as a flat row."""
    participants = event.get("participants", [])
    conflicts = event.get("conflicts", [])
    review = event.get("review") or {}
    date = event.get("date") or {}
    return {
        "id": event["id"],
        "type": event["type"],
        "status": event["status"],
        "date": date.get("value") or "",
        "date_precision": date.get("precision", "unknown"),
        "subjects": "; ".join(p["name"] for p in participants if p["role"] == "subject"),
        "participants": "; ".join(f"{p['role']}: {p['name']}" for p in participants),
        "place": event.get("place_name") or "",
        "country": event.get("country") or "",
        "attributes": "; ".join(f"{k}={v}" for k, v in sorted((event.get("attributes") or {}).items())),
        "conflicts": "; ".join(f"{c['field']}: " + " | ".join(str(v["value"]) for v in c["values"]) for c in conflicts),
        "review": review.get("decision") or "",
        "review_by": review.get("author") or "",
        "review_reason": review.get("reason") or "",
        "resolved": "; ".join(f"{c['field']}={c['resolution']['decision']}" for c in conflicts if c.get("resolution")),
        "documents": " ".join(event.get("documents") or sorted({s["document"] for s in event.get("sources", [])})),
        "sources": str(len(event.get("sources", []))),
        "evidence": " | ".join(s["evidence"].strip() for s in event.get("sources", [])),
        "url": event.get("url", ""),
    }


def entity_row(entity: dict) -> dict[str, str]:
    return {
        "id": entity["id"],
        "kind": entity.get("kind", ""),
        "name": entity["name"],
        "variants": "; ".join(entity.get("variants") or ()),
        "country": entity.get("country") or "",
        "documents": str(entity.get("documents", "")),
        "events": str(entity.get("events", "")),
        "url": entity.get("url", ""),
    }


def document_row(doc: dict) -> dict[str, str]:
    published = doc.get("published") or {}
    return {
        "id": doc["id"], "title": doc.get("title") or "", "outlet": doc.get("outlet") or "",
        "published": published.get("value") or "", "published_precision": published.get("precision", "unknown"),
        "language": doc.get("language") or "", "source": doc.get("source") or "",
        "event_mentions": str(doc.get("event_mentions", "")), "url": doc.get("url", ""),
    }


def write_csv(rows: Iterable[dict], columns: Iterable[str], out: TextIO) -> int:
    """Write a header and the rows (every cell made safe); returns the row count."""
    columns = list(columns)
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({c: safe_cell(row.get(c)) for c in columns})
        n += 1
    return n


def csv_text(rows: Iterable[dict], columns: Iterable[str]) -> str:
    buffer = io.StringIO()
    write_csv(rows, columns, buffer)
    return buffer.getvalue()


def iter_csv(rows: Iterable[dict], columns: Iterable[str]) -> Iterable[str]:
    """The CSV in chunks (header first), for streaming a large download."""
    columns = list(columns)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for n, row in enumerate(rows, start=1):
        writer.writerow({c: safe_cell(row.get(c)) for c in columns})
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


CONFLICT_COLUMNS = ("id", "event", "event_label", "field", "values", "resolution", "resolved_by", "reason", "url")
AUDIT_COLUMNS = ("id", "at", "author", "action", "target_kind", "target", "target_key", "value", "reason")
STORY_COLUMNS = ("id", "label", "documents")
SEARCH_COLUMNS = ("kind", "id", "name", "url")


def conflict_row(conflict: dict) -> dict[str, str]:
    resolution = conflict.get("resolution") or {}
    values = " | ".join(
        f"{v['value']} ({', '.join(s['document'] for s in v.get('sources', []))})" for v in conflict.get("values", [])
    )
    return {
        "id": conflict["id"], "event": conflict.get("event", ""), "event_label": conflict.get("event_label", ""),
        "field": conflict["field"], "values": values, "resolution": resolution.get("decision") or "",
        "resolved_by": resolution.get("author") or "", "reason": resolution.get("reason") or "",
        "url": conflict.get("event_url", ""),
    }


def audit_row(entry: dict) -> dict[str, str]:
    return {k: "" if entry.get(k) is None else str(entry.get(k)) for k in AUDIT_COLUMNS}


def story_row(story: dict) -> dict[str, str]:
    return {"id": str(story["id"]), "label": story.get("label") or "",
            "documents": " ".join(d["id"] for d in story.get("documents", []))}


def search_rows(result: dict) -> list[dict[str, str]]:
    rows = [{"kind": n["kind"], "id": n["id"], "name": n["name"], "url": n["url"]} for n in result.get("names", [])]
    rows += [{"kind": "document", "id": d["id"], "name": d.get("title") or "", "url": d["url"]} for d in result.get("documents", [])]
    return rows
